/**
 * Keeps every instance's key cache and key streams in step with the `api_keys` table. A trigger
 * NOTIFYs `baton_keys` with the key's id on every update or delete (so a revocation done by hand in
 * SQL counts too); each instance then forgets the key and ends its streams if the key is no longer
 * good. After a reconnect the listener may have missed notifications: the whole cache goes, and
 * every key with open streams is checked again.
 */
import { keyState } from './api-keys.ts';
import type { ServiceContext } from './context.ts';
import type { ApiKeyRow } from './key-cache.ts';

/** The NOTIFY channel of key changes (its name is also in the migration's trigger). */
export const KEYS_CHANNEL = 'baton_keys';

/** Ends the streams of those keys that are revoked, expired or gone. */
async function endStreamsOfDeadKeys(context: ServiceContext, keyIds: string[]): Promise<void> {
  if (keyIds.length === 0) return;
  const rows = await context.database.query<Pick<ApiKeyRow, 'id' | 'revoked_at' | 'expires_at'>>(
    'SELECT id, revoked_at, expires_at FROM api_keys WHERE id = ANY($1::text[])',
    [keyIds],
  );
  const live = new Set(rows.filter((row) => keyState(row, context.now()) === 'live').map((row) => row.id));
  for (const keyId of keyIds) if (!live.has(keyId)) context.keyStreams.closeStreamsOfKey(keyId);
}

/** Applies one notification: a key's id, or nothing after a reconnect. */
export function onKeyChange(
  context: ServiceContext,
  keyId: string | undefined,
  logError: (error: unknown) => void,
): void {
  if (keyId) {
    context.keys.forget(keyId);
    if (context.keyStreams.count(keyId) > 0) endStreamsOfDeadKeys(context, [keyId]).catch(logError);
    return;
  }
  context.keys.clear();
  endStreamsOfDeadKeys(context, context.keyStreams.keysWithStreams()).catch(logError);
}

/**
 * Starts following key changes and turns the cache on once they are followed. On PGlite (one
 * process, and a locked data folder) this process makes every change itself, so the cache is on at
 * once. When LISTEN cannot start, the cache stays off: every lookup reads the table, which is slower
 * but never stale. Returns the function that stops listening.
 */
export async function followKeyChanges(
  context: ServiceContext,
  logError: (error: unknown) => void = () => {},
): Promise<() => Promise<void>> {
  const listen = context.database.listen;
  if (!listen) {
    context.keys.enable();
    return async () => {};
  }
  try {
    const stop = await listen.call(context.database, KEYS_CHANNEL, (payload) =>
      onKeyChange(context, payload, logError),
    );
    context.keys.enable();
    return stop;
  } catch (error) {
    logError(error);
    return async () => {};
  }
}
