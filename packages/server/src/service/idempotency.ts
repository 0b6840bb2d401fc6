/**
 * Stripe-style idempotency keys, scoped to the API key: the first response for a key is stored in
 * the same transaction as the change it describes, and returned as it was on a retry; the same key
 * with another request is `idempotency_conflict`. A failed request rolls back and stores nothing.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import type { Principal } from './types.ts';

/**
 * Claims `idempotencyKey` for this request inside `tx`, or returns the stored response of the first
 * request that used it. A concurrent first request holding the key makes this one wait for it.
 */
export async function beginIdempotent<T>(
  tx: Queryable,
  principal: Principal,
  idempotencyKey: string,
  requestHash: string,
  at: string,
): Promise<{ replay: T } | null> {
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_id, idempotency_key) DO NOTHING RETURNING 1`,
    [principal.keyId, idempotencyKey, requestHash, at],
  );
  if (inserted.length > 0) return null;
  const stored = (
    await tx.query<{ request_hash: string; response: string | null }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE key_id = $1 AND idempotency_key = $2',
      [principal.keyId, idempotencyKey],
    )
  )[0];
  if (!stored || stored.request_hash !== requestHash) {
    throw new BatonError(
      'idempotency_conflict',
      'This Idempotency-Key was already used with a different request.',
    );
  }
  if (stored.response === null) throw new Error('An idempotency record committed without its response.');
  return { replay: JSON.parse(stored.response) as T };
}

/** Stores the response of the request that claimed `idempotencyKey` (same transaction). */
export async function finishIdempotent(
  tx: Queryable,
  principal: Principal,
  idempotencyKey: string,
  response: unknown,
): Promise<void> {
  await tx.query('UPDATE idempotency_keys SET response = $3 WHERE key_id = $1 AND idempotency_key = $2', [
    principal.keyId,
    idempotencyKey,
    JSON.stringify(response),
  ]);
}

/** Deletes idempotency records older than `olderThanMs`; returns how many. */
export async function pruneIdempotencyKeys(
  context: ServiceContext,
  input: { olderThanMs: number },
): Promise<number> {
  const cutoff = new Date(context.now().getTime() - input.olderThanMs).toISOString();
  const rows = await context.database.query(
    'DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1',
    [cutoff],
  );
  return rows.length;
}
