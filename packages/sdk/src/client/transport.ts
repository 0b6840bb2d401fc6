/**
 * One HTTP call to Baton with everything around it: the API key, a timeout per attempt, retries with
 * backoff (the same `Idempotency-Key` on every attempt), problem+json errors turned into
 * `BatonApiError`, and the answer validated against the wire schema.
 */
import type { z } from 'zod';
import { BatonApiError, BatonConnectionError, BatonResponseError } from '../errors.ts';
import { ProblemSchema, type Problem } from '../schemas.ts';
import {
  backoffDelay,
  isRetryableFailure,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryMode,
  type RetrySettings,
} from './retry.ts';

export interface TransportSettings {
  baseUrl: string;
  apiKey: string | undefined;
  fetch: typeof fetch;
  retry: RetrySettings;
  /** Each attempt (sending and reading the answer) is cut after this long. */
  timeoutMs: number;
  random: () => number;
}

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** The answer's schema; omitted for answers without a body (204). */
  schema?: z.ZodType<T>;
  mode: RetryMode;
  /** Sent as `Idempotency-Key` on every attempt. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** A `Retry-After` longer than this ends the retries: the caller should decide, not hang. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Builds the URL of a path and its query (undefined members left out). */
export function buildUrl(baseUrl: string, path: string, query: RequestSpec<unknown>['query'] = {}): URL {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

/** Reads an error answer as a problem; a body that is not one (a proxy's page) gets a synthetic code. */
export function readProblem(status: number, statusText: string, text: string): Problem {
  try {
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall through to the synthetic problem.
  }
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    code: `http_${status}`,
    ...(text ? { detail: text.slice(0, 500) } : {}),
  };
}

/** Links an optional outer signal to a per-attempt timeout; `timedOut` tells the two apart. */
function attemptSignal(outer: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** Headers every request carries. */
export function baseHeaders(settings: TransportSettings): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (settings.apiKey) headers['authorization'] = `Bearer ${settings.apiKey}`;
  return headers;
}

/** Sends one logical request, retrying as its mode allows, and returns the validated answer. */
export async function send<T>(settings: TransportSettings, spec: RequestSpec<T>): Promise<T> {
  const url = buildUrl(settings.baseUrl, spec.path, spec.query);
  const headers = baseHeaders(settings);
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);

  for (let attempt = 0; ; attempt += 1) {
    const canRetry = attempt < settings.retry.retries;
    const current = attemptSignal(spec.signal, settings.timeoutMs);
    let status: number;
    let text: string;
    let response: Response;
    try {
      response = await settings.fetch(url, {
        method: spec.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: current.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason ?? error;
      const reason = current.timedOut() ? 'timeout' : 'network';
      // A timed-out unsafe request may have been acted on, so it is never repeated.
      const retryable =
        reason === 'timeout' ? spec.mode === 'idempotent' : isRetryableFailure(error, spec.mode);
      if (canRetry && retryable) {
        await sleep(backoffDelay(attempt, settings.retry, settings.random), spec.signal);
        continue;
      }
      throw new BatonConnectionError(`${spec.method} ${url.pathname} failed: ${describe(error, reason)}`, {
        reason,
        attempts: attempt + 1,
        cause: error,
      });
    } finally {
      current.done();
    }

    if (status >= 200 && status < 300) return parseAnswer(spec, status, text);

    const problem = readProblem(status, response.statusText, text);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (canRetry && isRetryableStatus(status, spec.mode) && (retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS) {
      await sleep(retryAfterMs ?? backoffDelay(attempt, settings.retry, settings.random), spec.signal);
      continue;
    }
    throw new BatonApiError(problem, retryAfterMs === undefined ? undefined : retryAfterMs / 1000);
  }
}

function describe(error: unknown, reason: 'network' | 'timeout'): string {
  if (reason === 'timeout') return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** Parses and validates a successful answer against its schema. */
function parseAnswer<T>(spec: RequestSpec<T>, status: number, text: string): T {
  if (!spec.schema) return undefined as T;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BatonResponseError(`${spec.method} ${spec.path}: the answer is not JSON`, {
      status,
      cause: error,
    });
  }
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) {
    throw new BatonResponseError(
      `${spec.method} ${spec.path}: the answer does not match the API contract: ${parsed.error.message}`,
      { status, cause: parsed.error },
    );
  }
  return parsed.data;
}
