/**
 * The realtime stream as Server-Sent Events. One loop per subscriber: read the events after the
 * cursor, write them, then wait for a wake-up. The wait is armed BEFORE each read, so an event
 * committed between the read and the wait still wakes us; the wait also times out every few
 * seconds and re-reads, so a lost wake-up delays an event, never strands it. The service returns
 * events in commit order, so resuming from the last id written loses nothing and repeats nothing.
 */
import type { ServerResponse } from 'node:http';
import type { BatonEvent, Service } from '../service/types.ts';

/** Where the stream's text goes: a Node response, or a web stream under `app.request(...)`. */
export interface EventSink {
  /** Resolves once the chunk is accepted (after `drain` when the socket's buffer is full). */
  write(chunk: string): Promise<void>;
  end(): void;
  /** Aborts when the client goes away. */
  readonly closed: AbortSignal;
}

export interface EventStreamOptions {
  afterId: string | undefined;
  /** Send `afterId` first as an `id:` line with no data, so a client can resume from it before any event. */
  announceCursor?: boolean;
  queue?: string;
  conversationId?: string;
  /** Comment lines keep proxies from closing an idle stream. */
  heartbeatMs: number;
  /** How long to wait for a wake-up before reading again anyway. */
  wakeTimeoutMs: number;
  batchSize: number;
  /** Ends every stream on server shutdown. */
  shutdownSignal?: AbortSignal;
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

/** Resolves on a wake-up from the service, after `timeoutMs`, or when `closed` aborts; `cancel` stops it. */
function armWait(service: Service, closed: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  const stop = () => controller.abort();
  const timer = setTimeout(stop, timeoutMs);
  closed.addEventListener('abort', stop, { once: true });
  const promise = service
    .waitForEvents(controller.signal)
    .catch(() => undefined)
    .finally(() => {
      clearTimeout(timer);
      closed.removeEventListener('abort', stop);
    });
  return { promise, cancel: stop };
}

/**
 * Streams events to the sink until the client leaves or the server shuts down. `first` is the
 * batch already read (so a bad cursor fails as a normal HTTP error before the stream starts).
 */
export async function pumpEvents(
  service: Service,
  sink: EventSink,
  first: BatonEvent[],
  options: EventStreamOptions,
): Promise<void> {
  // Ends on the client leaving or on shutdown; the listeners are removed at the end, so the
  // long-lived shutdown signal does not keep one per stream ever opened.
  const ending = new AbortController();
  const end = () => ending.abort();
  const closed = ending.signal;
  sink.closed.addEventListener('abort', end, { once: true });
  options.shutdownSignal?.addEventListener('abort', end, { once: true });
  if (sink.closed.aborted || options.shutdownSignal?.aborted) end();
  let cursor = options.afterId;
  const filter = {
    ...(options.queue !== undefined ? { queue: options.queue } : {}),
    ...(options.conversationId !== undefined ? { conversationId: options.conversationId } : {}),
    limit: options.batchSize,
  };
  let lastWrite = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= options.heartbeatMs / 2) {
      lastWrite = Date.now();
      sink.write(': heartbeat\n\n').catch(() => undefined);
    }
  }, options.heartbeatMs);
  try {
    // Tell EventSource how soon to reconnect, and flush the headers at once.
    // An id-only message sets the client's last event id without dispatching an event (WHATWG SSE).
    const announce = options.announceCursor && cursor !== undefined ? `id: ${cursor}\n\n` : '';
    await sink.write(`retry: 2000\n: connected\n\n${announce}`);
    let batch = first;
    while (!closed.aborted) {
      const wait = armWait(service, closed, options.wakeTimeoutMs);
      if (batch.length > 0) {
        // One write per batch: fewer syscalls, and a batch is never half-delivered by us.
        await sink.write(batch.map(formatEvent).join(''));
        lastWrite = Date.now();
        cursor = batch[batch.length - 1]!.id;
      }
      if (batch.length < options.batchSize) await wait.promise;
      else wait.cancel();
      if (closed.aborted) break;
      batch = await service.events({ ...filter, ...(cursor !== undefined ? { afterId: cursor } : {}) });
    }
  } catch (error) {
    // The client reconnects with Last-Event-ID and resumes where this stream stopped.
    if (!closed.aborted) options.logError(error);
  } finally {
    clearInterval(heartbeat);
    sink.closed.removeEventListener('abort', end);
    options.shutdownSignal?.removeEventListener('abort', end);
    sink.end();
  }
}

/** A sink over a Node response: written directly, with backpressure. */
export function nodeSink(outgoing: ServerResponse): EventSink {
  const controller = new AbortController();
  outgoing.once('close', () => controller.abort());
  outgoing.writeHead(200, SSE_HEADERS);
  outgoing.flushHeaders();
  return {
    closed: controller.signal,
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
        if (!ended && !controller.signal.aborted) streamController.enqueue(encoder.encode(chunk));
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
