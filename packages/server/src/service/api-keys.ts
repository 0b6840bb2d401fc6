/**
 * API keys: `bk_<id>_<secret>`. Only sha256(secret) is stored; a presented key is resolved by its id
 * and compared in constant time. Revoked keys stop working on every instance at once (no cache).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from './context.ts';
import type { ApiKeyRecord, Principal, Scope } from './types.ts';

const KEY_PATTERN = /^bk_([0-9a-f]{16})_([0-9A-Za-z_-]{43})$/;

interface ApiKeyRow {
  id: string;
  scope: Scope;
  name: string;
  secret_hash: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Makes a key; the full key is returned once and never stored. */
export async function createKey(
  context: ServiceContext,
  input: { scope: Scope; name: string },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const createdAt = context.now().toISOString();
  await context.database.query(
    'INSERT INTO api_keys (id, scope, name, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
    [id, input.scope, input.name, hashSecret(secret).toString('hex'), createdAt],
  );
  return {
    key: `bk_${id}_${secret}`,
    record: { id, scope: input.scope, name: input.name, createdAt, revokedAt: null },
  };
}

/** The principal a presented key stands for, or null when it is malformed, unknown or revoked. */
export async function authenticate(context: ServiceContext, presentedKey: string): Promise<Principal | null> {
  const match = KEY_PATTERN.exec(presentedKey);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = (
    await context.database.query<ApiKeyRow>(
      'SELECT id, scope, name, secret_hash, created_at, revoked_at FROM api_keys WHERE id = $1',
      [id],
    )
  )[0];
  if (!row || row.revoked_at !== null) return null;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const presented = hashSecret(secret);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
  return { keyId: row.id, scope: row.scope, name: row.name };
}

/** Revokes a key; it stops authenticating immediately. Returns false when no such live key. */
export async function revokeKey(context: ServiceContext, keyId: string): Promise<boolean> {
  const rows = await context.database.query(
    'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [keyId, context.now().toISOString()],
  );
  return rows.length > 0;
}
