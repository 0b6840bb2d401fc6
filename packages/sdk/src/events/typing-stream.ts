/**
 * The typing indicators stream (`GET /v1/typing`) as an async iterator that reconnects by itself.
 * Indicators are ephemeral: a reconnect starts from the ones live now (the server sends them
 * first), never replays old ones, and each ends by itself after its `expiresInMs`.
 */
import { BatonApiError } from '../errors.ts';
import { TypingStateSchema, type TypingState } from '../collaboration-schemas.ts';
import { backoffDelay, sleep } from '../client/retry.ts';
import { baseHeaders, buildUrl, readProblem, type TransportSettings } from '../client/transport.ts';
import { parseSse } from './sse-parser.ts';

export interface TypingStreamOptions {
  /** Only indicators of this conversation. */
  conversation?: string;
  /** Aborting it ends the stream quietly. */
  signal?: AbortSignal;
  /** Told each time the connection opens. */
  onOpen?: () => void;
  /** Told each time the connection drops, before the stream reconnects. */
  onDisconnect?: (error: unknown) => void;
}

/** Yields every typing indicator, reconnecting until the signal aborts. */
export async function* streamTyping(
  settings: TransportSettings,
  options: TypingStreamOptions = {},
): AsyncGenerator<TypingState, void, undefined> {
  let failures = 0;
  const outer = options.signal;
  while (!outer?.aborted) {
    const connection = new AbortController();
    const onAbort = () => connection.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const url = buildUrl(settings.baseUrl, '/v1/typing', { conversation: options.conversation });
      const response = await settings.fetch(url, {
        headers: { ...baseHeaders(settings), accept: 'text/event-stream' },
        signal: connection.signal,
      });
      if (!response.ok || !response.body) {
        throw new BatonApiError(readProblem(response.status, response.statusText, await response.text()));
      }
      options.onOpen?.();
      for await (const message of parseSse(response.body)) {
        const parsed = TypingStateSchema.safeParse(JSON.parse(message.data));
        // An indicator the client cannot read is skipped: it is a hint, never worth ending the stream.
        if (!parsed.success) continue;
        failures = 0;
        yield parsed.data;
      }
      options.onDisconnect?.(new Error('the server ended the stream'));
    } catch (error) {
      if (outer?.aborted) return;
      if (error instanceof BatonApiError && error.status !== 429 && error.status < 500) throw error;
      options.onDisconnect?.(error);
    } finally {
      outer?.removeEventListener('abort', onAbort);
      connection.abort();
    }
    failures += 1;
    try {
      await sleep(backoffDelay(failures, settings.retry, settings.random), outer);
    } catch {
      return;
    }
  }
}
