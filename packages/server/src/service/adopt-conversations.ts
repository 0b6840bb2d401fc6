/**
 * Hands conversations from earlier keys of an agent to its new key: an agent that cannot keep its
 * key's secret (the built-in demo, across restarts) keeps its conversations readable and writable.
 */
import { BatonError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import type { Principal } from './types.ts';

export async function adoptConversations(
  context: ServiceContext,
  principal: Principal,
  input: { idPrefix: string; fromKeyIds: string[] },
): Promise<number> {
  if (principal.scope !== 'agent') {
    throw new BatonError('forbidden', 'Only an agent key takes over conversations.');
  }
  if (input.idPrefix.length < 2 || input.fromKeyIds.length === 0) return 0;
  const prefix = `${input.idPrefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const rows = await context.database.query<{ id: string }>(
    `UPDATE conversations SET created_by_key = $1
     WHERE id LIKE $2 ESCAPE '\\' AND created_by_key = ANY($3::text[])
       AND created_by_key IN (SELECT id FROM api_keys WHERE scope = 'agent')
     RETURNING id`,
    [principal.keyId, prefix, input.fromKeyIds],
  );
  return rows.length;
}
