/**
 * API keys: `bk_<id>_<secret>`. Only sha256(secret) is stored; a presented key is resolved by its id
 * and compared in constant time. Lookups go through a short-lived cache that every change to a key
 * invalidates on every instance (see key-changes.ts), so a revocation takes effect at once.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BatonError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import type { ApiKeyRow } from './key-cache.ts';
import type { ApiKeyRecord, KeyCheck, Principal, Scope } from './types.ts';

const KEY_PATTERN = /^bk_([0-9a-f]{16})_([0-9A-Za-z_-]{43})$/;
const KEY_COLUMNS = 'id, scope, name, secret_hash, created_at, revoked_at, expires_at';

function hashSecret(secret: string): Buffer {
  // The one-shot `hash` (Node ≥ 20.12) skips the Hash object: checked on every request.
  return hash('sha256', secret, 'buffer');
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    scope: row.scope,
    name: row.name,
    createdAt: iso(row.created_at)!,
    revokedAt: iso(row.revoked_at),
    expiresAt: iso(row.expires_at),
  };
}

/** Makes a key; the full key is returned once and never stored. `expiresAt` must lie in the future. */
export async function createKey(
  context: ServiceContext,
  input: { scope: Scope; name: string; expiresAt?: string },
): Promise<{ key: string; record: ApiKeyRecord }> {
  let expiresAt: string | null = null;
  if (input.expiresAt !== undefined) {
    const time = Date.parse(input.expiresAt);
    if (Number.isNaN(time))
      throw new BatonError('invalid_request', `expiresAt is not a time: ${input.expiresAt}`);
    if (time <= context.now().getTime())
      throw new BatonError('invalid_request', 'expiresAt must be in the future.');
    expiresAt = new Date(time).toISOString();
  }
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const createdAt = context.now().toISOString();
  await context.database.query(
    'INSERT INTO api_keys (id, scope, name, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, input.scope, input.name, hashSecret(secret).toString('hex'), createdAt, expiresAt],
  );
  return {
    key: `bk_${id}_${secret}`,
    record: { id, scope: input.scope, name: input.name, createdAt, revokedAt: null, expiresAt },
  };
}

/** The stored row of a key: from the cache when it holds one, else from the table (then cached). */
async function findKey(context: ServiceContext, id: string): Promise<ApiKeyRow | undefined> {
  const cached = context.keys.get(id);
  if (cached) return cached;
  const generation = context.keys.generation;
  const row = (
    await context.database.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id])
  )[0];
  if (row) context.keys.set(row, generation);
  return row;
}

/** Whether a stored key is revoked or expired at `now`, or still good. */
export function keyState(
  row: Pick<ApiKeyRow, 'revoked_at' | 'expires_at'>,
  now: Date,
): 'revoked' | 'expired' | 'live' {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && new Date(row.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'live';
}

/**
 * Checks a presented key: its principal, or why it is refused. Revoked and expired are told apart
 * only once the secret matched, so they reveal nothing to someone who merely guesses an id.
 */
export async function checkKey(context: ServiceContext, presentedKey: string): Promise<KeyCheck> {
  const match = KEY_PATTERN.exec(presentedKey);
  if (!match) return { ok: false, reason: 'unknown' };
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await findKey(context, id);
  if (!row) return { ok: false, reason: 'unknown' };
  const expected = Buffer.from(row.secret_hash, 'hex');
  const presented = hashSecret(secret);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
    return { ok: false, reason: 'unknown' };
  }
  const state = keyState(row, context.now());
  if (state !== 'live') return { ok: false, reason: state };
  const principal: Principal = { keyId: row.id, scope: row.scope, name: row.name };
  if (row.expires_at !== null) principal.expiresAt = iso(row.expires_at)!;
  return { ok: true, principal };
}

/** The principal a presented key stands for, or null when it is malformed, unknown, revoked or expired. */
export async function authenticate(context: ServiceContext, presentedKey: string): Promise<Principal | null> {
  const check = await checkKey(context, presentedKey);
  return check.ok ? check.principal : null;
}

/** Every key, newest first, without secrets or hashes. */
export async function listKeys(context: ServiceContext): Promise<ApiKeyRecord[]> {
  const rows = await context.database.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id`,
  );
  return rows.map(toRecord);
}

/**
 * Revokes a key: it stops authenticating and its open streams end, here at once and on the other
 * instances when the table's change notification reaches them. Revoking a revoked key changes
 * nothing and answers the same record; null when there is no such key.
 */
export async function revokeKey(context: ServiceContext, keyId: string): Promise<ApiKeyRecord | null> {
  const rows = await context.database.query<ApiKeyRow>(
    `WITH revoked AS (
       UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}
     )
     SELECT ${KEY_COLUMNS} FROM revoked
     UNION ALL
     SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM revoked)`,
    [keyId, context.now().toISOString()],
  );
  context.keys.forget(keyId);
  context.keyStreams.closeStreamsOfKey(keyId);
  const row = rows[0];
  return row ? toRecord(row) : null;
}

/**
 * Ends the key's streams if it is no longer good. Called right after a stream registers: a
 * revocation whose notification came between the request's authentication and the registration
 * dropped the key from the cache, so this reads the table and catches it.
 */
export async function endStreamsIfKeyDead(context: ServiceContext, keyId: string): Promise<void> {
  const row = await findKey(context, keyId);
  if (!row || keyState(row, context.now()) !== 'live') context.keyStreams.closeStreamsOfKey(keyId);
}
