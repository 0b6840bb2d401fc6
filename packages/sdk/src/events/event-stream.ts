/**
 * The live event stream (`GET /v1/events`) as an async iterator that never gives up on its own:
 * when the connection drops or goes silent, it reconnects with `Last-Event-ID` set to the last event
 * it yielded, so the server resumes right after it, with nothing lost and nothing repeated.
 */
import { BatonApiError, BatonResponseError } from '../errors.ts';
import { EventSchema, type BatonEvent } from '../schemas.ts';
import { backoffDelay, sleep } from '../client/retry.ts';
import { baseHeaders, buildUrl, readProblem, type TransportSettings } from '../client/transport.ts';
import { parseSse } from './sse-parser.ts';

export interface EventStreamOptions {
  /** Resume after this event (exclusive); where `from` says when absent. */
  lastEventId?: string;
  /**
   * Where to start without `lastEventId`: `'now'` (the server's default) yields only events after
   * the stream opened, `'oldest'` replays every event kept. Reconnects resume from the cursor either way.
   */
  from?: 'oldest' | 'now';
  /** Only events of this queue. */
  queue?: string;
  /** Only events of this conversation. */
  conversation?: string;
  /** Aborting it ends the stream quietly. */
  signal?: AbortSignal;
  /** A connection silent for this long (no event, no heartbeat) is treated as dead. Default 45 s. */
  idleTimeoutMs?: number;
  /** Told each time the connection drops, before the stream reconnects. */
  onDisconnect?: (error: unknown) => void;
}

/** The server's heartbeat is every 15 s; three missed beats mean the connection is gone. */
const DEFAULT_IDLE_TIMEOUT_MS = 45_000;

/** Yields every event in commit order, reconnecting and resuming until the signal aborts. */
export async function* streamEvents(
  settings: TransportSettings,
  options: EventStreamOptions = {},
): AsyncGenerator<BatonEvent, void, undefined> {
  let lastEventId = options.lastEventId;
  let failures = 0;
  let serverRetryMs: number | undefined;
  const outer = options.signal;

  while (!outer?.aborted) {
    const connection = new AbortController();
    const onAbort = () => connection.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const url = buildUrl(settings.baseUrl, '/v1/events', {
        queue: options.queue,
        conversation: options.conversation,
        // Only the first connection starts at `now`; later ones resume from the cursor it announced.
        from: lastEventId === undefined ? options.from : undefined,
      });
      const headers = { ...baseHeaders(settings), accept: 'text/event-stream' };
      const response = await settings.fetch(url, {
        headers: lastEventId === undefined ? headers : { ...headers, 'last-event-id': lastEventId },
        signal: connection.signal,
      });
      if (!response.ok || !response.body) {
        throw new BatonApiError(readProblem(response.status, response.statusText, await response.text()));
      }
      const body = watchIdle(response.body, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, connection);
      // A `from=now` stream announces its starting cursor in an id-only message: keep it, so a
      // reconnect before the first event misses nothing.
      const onCursor = (id: string) => {
        lastEventId = id;
      };
      for await (const message of parseSse(body, onCursor)) {
        if (message.retry !== undefined) serverRetryMs = message.retry;
        const event = parseEvent(message.data);
        lastEventId = event.id;
        // Only a stream that delivers counts as healthy: one that opens and ends at once keeps backing off.
        failures = 0;
        yield event;
      }
      options.onDisconnect?.(new Error('the server ended the stream'));
    } catch (error) {
      if (outer?.aborted) return;
      if (error instanceof BatonResponseError) throw error;
      // Refusals (a bad key, a bad cursor) will not get better by reconnecting.
      if (error instanceof BatonApiError && error.status !== 429 && error.status < 500) throw error;
      options.onDisconnect?.(error);
    } finally {
      outer?.removeEventListener('abort', onAbort);
      connection.abort();
    }
    const delay = Math.max(serverRetryMs ?? 0, backoffDelay(failures, settings.retry, settings.random));
    failures += 1;
    try {
      await sleep(delay, outer);
    } catch {
      return;
    }
  }
}

/** One `data:` line as a validated event. */
function parseEvent(data: string): BatonEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    throw new BatonResponseError('an event is not JSON', { status: 200, cause: error });
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) {
    throw new BatonResponseError(`an event does not match the API contract: ${parsed.error.message}`, {
      status: 200,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Passes the body through, aborting the connection when no byte arrives for `idleMs`. */
function watchIdle(
  body: ReadableStream<Uint8Array>,
  idleMs: number,
  connection: AbortController,
): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => connection.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
  };
  arm();
  connection.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        arm();
        controller.enqueue(chunk);
      },
      flush() {
        clearTimeout(timer);
      },
    }),
  );
}
