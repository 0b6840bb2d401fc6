/**
 * One HTTP attempt: POST the body with its headers, never follow a redirect, give up after the
 * timeout, keep the first bytes of the response for the log. Failures are values, never throws.
 * `node:http` rather than fetch, for its `lookup` hook (the connect-time address check).
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress } from './url-safety.ts';

const EXCERPT_BYTES = 512;

export type SendResult =
  | {
      kind: 'response';
      status: number;
      /** The `Retry-After` header, as sent. */
      retryAfter: string | null;
      /** The start of the response body, for the log. */
      excerpt: string;
      durationMs: number;
    }
  | {
      kind: 'error';
      error: string;
      /** Cut short by our own shutdown, not by the receiver. */
      interrupted: boolean;
      durationMs: number;
    };

export interface SendInput {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborting it interrupts the attempt (shutdown). */
  signal: AbortSignal;
  agents: { http: http.Agent; https: https.Agent };
}

/** Sends one attempt and reports what happened. */
export function sendWebhook(input: SendInput): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let request: http.ClientRequest | undefined;
    /** Once the response headers are in, a timeout or an abort ends the attempt with that response. */
    let answered: (() => void) | undefined;
    const finish = (result: SendResult, complete = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.signal.removeEventListener('abort', onAbort);
      // A complete response leaves its socket to the keep-alive pool; anything else closes it.
      if (!complete) request?.destroy();
      resolve(result);
    };
    const fail = (error: string, interrupted = false) =>
      finish({ kind: 'error', error, interrupted, durationMs: elapsed() });
    const timer = setTimeout(
      () => (answered ? answered() : fail(`timed out after ${input.timeoutMs} ms`)),
      input.timeoutMs,
    );
    const onAbort = () =>
      answered ? answered() : fail('interrupted: the server stopped during the attempt', true);
    if (input.signal.aborted) {
      onAbort();
      return;
    }
    input.signal.addEventListener('abort', onAbort, { once: true });

    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      fail('the URL is not valid');
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An IP literal skips `lookup`, so it is checked here.
    if (!input.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
      fail(`${host} is a loopback, link-local or private address`);
      return;
    }
    const secure = url.protocol === 'https:';
    try {
      request = (secure ? https : http).request(url, {
        method: 'POST',
        headers: { ...input.headers, 'content-length': String(input.body.length) },
        agent: secure ? input.agents.https : input.agents.http,
        ...(input.allowPrivate ? {} : { lookup: guardedLookup }),
      });
    } catch (error) {
      fail(`the request could not be made: ${(error as Error).message}`);
      return;
    }
    request.on('error', (error: NodeJS.ErrnoException) => {
      fail(error.code ? `${error.code}: ${error.message}` : error.message);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let length = 0;
      const done = (complete: boolean) =>
        finish(
          {
            kind: 'response',
            status: response.statusCode ?? 0,
            retryAfter: headerValue(response.headers['retry-after']),
            excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8'),
            durationMs: elapsed(),
          },
          complete,
        );
      answered = () => done(false);
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        // Enough for the log: the rest of the body is not needed.
        if (length >= EXCERPT_BYTES) done(false);
      });
      response.on('end', () => done(true));
      response.on('error', () => done(false));
    });
    request.end(input.body);
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
