/**
 * The realtime stream as Server-Sent Events. Each stream is a subscription fed by the instance's
 * one event reader (service/event-hub.ts): it catches up from its cursor, then receives new events
 * from memory. This file only writes them out: while the client keeps up, straight from the hub's
 * push (one buffer per read shared by every stream, one write per stream, no promise per stream);
 * once its socket must drain, one batch at a time after each drain, so a slow client holds at most
 * its subscription's bounded buffer; a subscription that overflows is closed with a reason, and the
 * client resumes from its last id.
 */
import type { ServerResponse } from 'node:http';
import type { EventSubscription } from '../service/event-subscription.ts';
import type { PositionedEvent } from '../service/events.ts';
import type { BatonEvent } from '../service/types.ts';

/** Where the stream's text goes: a Node response, or a web stream under `app.request(...)`. */
export interface EventSink {
  /** Resolves once the chunk is accepted (after `drain` when the socket's buffer is full). */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Writes the chunk now and returns true; returns false, writing nothing, while the client is behind. */
  writeNow(chunk: Uint8Array): boolean;
  end(): void;
  /** Aborts when the client goes away. */
  readonly closed: AbortSignal;
}

export interface EventStreamOptions {
  /** Send this id first as an `id:` line with no data, so a client can resume from it before any event. */
  announceId?: string;
  /** Comment lines keep proxies from closing an idle stream. */
  heartbeatMs: number;
  logError: (error: unknown) => void;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // A stream holds its connection for its whole life; when it ends (client gone, shutdown), close
  // the connection too, so a closing server does not wait for it to time out as keep-alive.
  connection: 'close',
  // nginx buffers responses unless told not to.
  'x-accel-buffering': 'no',
};

/** One SSE message: its id, and the event as JSON on one `data:` line (JSON has no raw newlines). */
export function formatEvent(event: BatonEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The event's message as bytes, made once per event: the hub pushes the same event object to every
 * open stream, so 5,000 streams cost one serialisation and 5,000 writes of one buffer.
 */
const encoded = new WeakMap<BatonEvent, Buffer>();
export function eventBytes(event: BatonEvent): Buffer {
  let bytes = encoded.get(event);
  if (bytes === undefined) {
    bytes = Buffer.from(formatEvent(event), 'utf8');
    encoded.set(event, bytes);
  }
  return bytes;
}

/**
 * The bytes of a batch the hub pushed: every stream without a filter gets the same array, so the
 * messages are joined once per read, not once per stream.
 */
const joined = new WeakMap<readonly PositionedEvent[], Buffer>();
function batchBytes(events: readonly PositionedEvent[]): Buffer {
  if (events.length === 1) return eventBytes(events[0]!.event);
  let bytes = joined.get(events);
  if (bytes === undefined) {
    bytes = Buffer.concat(events.map((entry) => eventBytes(entry.event)));
    joined.set(events, bytes);
  }
  return bytes;
}

/** Writes the subscription's events to the sink until either side ends it. */
export async function pumpEvents(
  subscription: EventSubscription,
  sink: EventSink,
  options: EventStreamOptions,
): Promise<void> {
  const clientGone = () => subscription.close('client_gone');
  sink.closed.addEventListener('abort', clientGone, { once: true });
  if (sink.closed.aborted) clientGone();
  let lastWrite = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= options.heartbeatMs / 2) {
      lastWrite = Date.now();
      sink.write(': heartbeat\n\n').catch(() => undefined);
    }
  }, options.heartbeatMs);
  try {
    // Tell EventSource how soon to reconnect, and flush the headers at once. An id-only message
    // sets the client's last event id without dispatching an event (WHATWG SSE).
    const announce = options.announceId !== undefined ? `id: ${options.announceId}\n\n` : '';
    await sink.write(`retry: 2000\n: connected\n\n${announce}`);
    subscription.deliverTo((events) => {
      if (!sink.writeNow(batchBytes(events))) return false;
      lastWrite = Date.now();
      return true;
    });
    for (;;) {
      const batch = await subscription.next();
      if (batch.length === 0) break;
      // One write per batch: fewer syscalls, and a batch is never half-delivered by us.
      await sink.write(batch.length === 1 ? eventBytes(batch[0]!) : Buffer.concat(batch.map(eventBytes)));
      lastWrite = Date.now();
    }
    const reason = subscription.reason;
    // Said as a comment (clients ignore it), before the end; the client resumes from its last id.
    if (reason !== null && reason !== 'client_gone') await sink.write(`: closed ${reason}\n\n`);
  } catch (error) {
    // The client reconnects with Last-Event-ID and resumes where this stream stopped.
    if (!subscription.closed.aborted) options.logError(error);
  } finally {
    subscription.close('client_gone');
    clearInterval(heartbeat);
    sink.closed.removeEventListener('abort', clientGone);
    sink.end();
  }
}

/** A sink over a Node response: written directly, with backpressure. */
export function nodeSink(outgoing: ServerResponse): EventSink {
  const controller = new AbortController();
  outgoing.once('close', () => controller.abort());
  // The stream ends with its connection (`connection: close`), which delimits the body, so it needs
  // no chunked framing: each write is the event's bytes as they are, one socket write per stream.
  outgoing.useChunkedEncodingByDefault = false;
  outgoing.writeHead(200, SSE_HEADERS);
  outgoing.flushHeaders();
  return {
    closed: controller.signal,
    writeNow(chunk) {
      // A closed response takes nothing more; its 'close' ends the stream.
      const socket = outgoing.socket;
      if (!socket || socket.destroyed || outgoing.destroyed || outgoing.writableEnded) return true;
      if (socket.writableNeedDrain || outgoing.writableNeedDrain) return false;
      // Straight to the socket: the headers are sent and the body is unframed, so these are the
      // bytes `outgoing.write` would send, in the same buffer and order, without its cork and
      // uncork on the next tick per stream (a third of the fan-out's JavaScript time).
      socket.write(chunk);
      return true;
    },
    write(chunk) {
      if (outgoing.destroyed || outgoing.writableEnded) return Promise.resolve();
      if (outgoing.write(chunk)) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          outgoing.off('drain', done);
          outgoing.off('close', done);
          resolve();
        };
        outgoing.once('drain', done);
        outgoing.once('close', done);
      });
    },
    end() {
      if (!outgoing.writableEnded) outgoing.end();
    },
  };
}

/** A sink over a web `ReadableStream`, for runtimes without a Node response (in-process tests). */
export function webSink(requestSignal: AbortSignal): { sink: EventSink; body: ReadableStream<Uint8Array> } {
  const controller = new AbortController();
  const encoder = new TextEncoder();
  let streamController!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(started) {
      streamController = started;
    },
    cancel() {
      controller.abort();
    },
  });
  requestSignal.addEventListener('abort', () => controller.abort(), { once: true });
  let ended = false;
  return {
    body,
    sink: {
      closed: controller.signal,
      async write(chunk) {
        if (ended || controller.signal.aborted) return;
        // A copy: the event's cached bytes are shared by every stream.
        streamController.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : Uint8Array.from(chunk));
      },
      writeNow(chunk) {
        if (!ended && !controller.signal.aborted) streamController.enqueue(Uint8Array.from(chunk));
        return true;
      },
      end() {
        if (ended) return;
        ended = true;
        try {
          streamController.close();
        } catch {
          // Already cancelled by the reader.
        }
      },
    },
  };
}
