/**
 * The retry rules of the storage adapters: which failures run the transaction again, the jittered
 * pauses, how many runs, and what a client sees when they run out (`busy`, `unavailable`, or the
 * error as it was).
 */
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../src/errors.ts';
import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  retryDelayMs,
  toClientError,
  withRetries,
} from '../../src/storage/transaction-retry.ts';

/** A database error as node-postgres reports it. */
function databaseError(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe('transaction retries', () => {
  it.each([
    ['40001', 'serialisation failure', true, 'busy'],
    ['40P01', 'deadlock', true, 'busy'],
    ['55P03', 'lock timeout', true, 'busy'],
    ['57014', 'statement timeout', false, 'busy'],
    ['25P03', 'idle in transaction timeout', false, 'busy'],
    ['08006', 'connection failure', false, 'unavailable'],
    ['57P01', 'administrator shutdown', false, 'unavailable'],
    ['23505', 'unique violation', false, null],
    ['22P02', 'invalid text representation', false, null],
  ])('%s (%s): retried %s, shown as %s', (code, _name, retried, shown) => {
    const error = databaseError(code);
    expect(isRetryable(error)).toBe(retried);
    const client = toClientError(error);
    if (shown === null) {
      expect(client).toBe(error);
    } else {
      expect(client).toBeInstanceOf(BatonError);
      expect((client as BatonError).code).toBe(shown);
      expect((client as BatonError).status).toBe(503);
      expect((client as BatonError).extensions).toEqual({ retryAfter: 1 });
    }
  });

  it('shows a pool that gave no connection in time as busy, and leaves other errors alone', () => {
    const timeout = toClientError(new Error('timeout exceeded when trying to connect'));
    expect((timeout as BatonError).code).toBe('busy');
    const domain = new BatonError('already_claimed', 'taken');
    expect(toClientError(domain)).toBe(domain);
    const plain = new Error('something else');
    expect(toClientError(plain)).toBe(plain);
  });

  it('pauses with full jitter under a doubling bound, capped', () => {
    const policy = { attempts: 8, baseDelayMs: 10, maxDelayMs: 50 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy, () => 0.999))).toEqual([
      9, 19, 39, 49, 49,
    ]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('runs again after a retryable failure until it succeeds', async () => {
    const pauses: number[] = [];
    let runs = 0;
    const result = await withRetries(
      async () => {
        runs += 1;
        if (runs < 3) throw databaseError('40P01');
        return 'committed';
      },
      DEFAULT_RETRY_POLICY,
      async (ms) => {
        pauses.push(ms);
      },
    );
    expect(result).toBe('committed');
    expect(runs).toBe(3);
    expect(pauses).toHaveLength(2);
  });

  it('gives up after the last attempt with busy, and at once on what is not worth repeating', async () => {
    let runs = 0;
    const exhausted = await withRetries(
      async () => {
        runs += 1;
        throw databaseError('55P03');
      },
      { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      async () => {},
    ).catch((error: unknown) => error);
    expect(runs).toBe(3);
    expect((exhausted as BatonError).code).toBe('busy');

    runs = 0;
    const unique = databaseError('23505');
    const refused = await withRetries(
      async () => {
        runs += 1;
        throw unique;
      },
      DEFAULT_RETRY_POLICY,
      async () => {},
    ).catch((error: unknown) => error);
    expect(runs).toBe(1);
    expect(refused).toBe(unique);
  });
});
