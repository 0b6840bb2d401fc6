/**
 * What the storage adapters do when PostgreSQL refuses work because of other work: a deadlock, a
 * serialisation failure or a lock wait past `lock_timeout` rolled the whole transaction back, so it
 * is run again after a short, jittered pause (full jitter, as in the AWS architecture blog's
 * "Exponential Backoff And Jitter"), a bounded number of times. What is still refused after the
 * last attempt, or cancelled by `statement_timeout`, becomes `busy` (503 with `Retry-After`): the
 * caller learns nothing was written and when to come back, never a 500.
 */
import { BatonError } from '../errors.ts';

/** SQLSTATEs after which PostgreSQL has rolled the transaction back and running it again is safe. */
const RETRYABLE_CODES: Readonly<Record<string, string>> = {
  '40001': 'a serialisation failure',
  '40P01': 'a deadlock',
  '55P03': 'a lock held too long by other work',
};

/**
 * Rolled back too, but not worth repeating at once: a statement that ran past `statement_timeout`
 * would likely do so again, and a session idle in its transaction too long was ended by the server.
 */
const BUSY_CODES: Readonly<Record<string, string>> = {
  '57014': 'a statement that ran past its time limit',
  '25P03': 'a transaction left idle too long',
};

/** Connection failures: the database is not reachable (or went away mid-request). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);

/** How a transaction is repeated. */
export interface RetryPolicy {
  /** Runs in all, the first included. */
  attempts: number;
  /** The first pause's upper bound; it doubles with each attempt. */
  baseDelayMs: number;
  /** No pause is longer than this. */
  maxDelayMs: number;
}

/** Three runs, pauses of up to 25 and 50 ms: a lost race rarely survives that, a stuck lock does. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 25, maxDelayMs: 400 };

/** Seconds a client is told to wait after `busy`. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether the whole transaction may run again after `error`. */
export function isRetryable(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && code in RETRYABLE_CODES;
}

/** The pause before run `attempt + 1` (attempt counts from 1): full jitter over a doubling bound. */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * bound);
}

/**
 * The error a client should see for a database failure: `busy` for contention and timeouts (the
 * transaction was rolled back), `unavailable` for a lost connection; anything else is returned as is.
 */
export function toClientError(error: unknown): unknown {
  if (error instanceof BatonError) return error;
  const code = sqlState(error);
  const reason = code === undefined ? undefined : (RETRYABLE_CODES[code] ?? BUSY_CODES[code] ?? undefined);
  // node-postgres's pool says this when no connection came free within connectionTimeoutMillis.
  const poolTimeout =
    error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message);
  if (reason !== undefined || poolTimeout) {
    return new BatonError(
      'busy',
      `The database is busy (${reason ?? 'no connection came free in time'}); nothing was written. Try again shortly.`,
      { retryAfter: BUSY_RETRY_AFTER_SECONDS },
    );
  }
  const connectionLost =
    (code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) ||
    (error instanceof Error && /Connection terminated|not queryable/i.test(error.message));
  if (connectionLost) {
    return new BatonError('unavailable', 'The database is not reachable.', {
      retryAfter: BUSY_RETRY_AFTER_SECONDS,
    });
  }
  return error;
}

/** The default pause: a timer. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `run` until it succeeds, fails with something not worth repeating, or used its attempts;
 * the last failure is given to the client as `busy` (or `unavailable`), not as a database error.
 */
export async function withRetries<T>(
  run: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  pause: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw toClientError(error);
      await pause(retryDelayMs(attempt, policy));
    }
  }
}
