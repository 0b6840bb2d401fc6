/**
 * When to try a request again and how long to wait. Pure functions, so the rules are testable
 * without a clock: exponential backoff with full jitter, and the server's `Retry-After` when given.
 */

export interface RetrySettings {
  /** Attempts after the first one. */
  retries: number;
  /** The first backoff step; each later step doubles it. */
  baseDelayMs: number;
  /** No single wait is longer than this (a longer `Retry-After` ends the retries instead). */
  maxDelayMs: number;
}

/**
 * How a request may be repeated. `idempotent`: the server stores it once whatever happens (an
 * `Idempotency-Key`, or a read), so any failure is retried. `unsafe`: a second copy could act twice,
 * so only failures that prove the first copy was not acted on are retried (429, a refused connection).
 */
export type RetryMode = 'idempotent' | 'unsafe';

/** Statuses that mean "try again later" when the request is idempotent. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Whether an HTTP status is worth another attempt. */
export function isRetryableStatus(status: number, mode: RetryMode): boolean {
  // 429 is refused before any work is done, so even an unsafe request may be sent again.
  if (status === 429) return true;
  return mode === 'idempotent' && RETRYABLE_STATUS.has(status);
}

/** Error codes of a connection that never reached the server: safe to repeat any request. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Whether a fetch failure is worth another attempt. */
export function isRetryableFailure(error: unknown, mode: RetryMode): boolean {
  if (mode === 'idempotent') return true;
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && NOT_SENT_CODES.has(code);
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 0), with full jitter. */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
