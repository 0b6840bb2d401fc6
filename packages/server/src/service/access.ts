/**
 * Loading rows with the locks and object-level checks every use case needs: an agent key sees only
 * the conversations it created (and their handoffs); to anyone else they do not exist.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { lockConversation, lockHandoffAndConversation } from './lock-order.ts';
import type { ConversationRow, HandoffRow } from './rows.ts';
import { canSeeConversation } from './visibility.ts';
import type { Principal } from './types.ts';

export { canSeeConversation } from './visibility.ts';

/**
 * The conversation, locked when `lock` (the first lock of the order in lock-order.ts);
 * `conversation_not_found` when hidden or absent.
 */
export async function loadConversation(
  tx: Queryable,
  principal: Principal,
  conversationId: string,
  lock: boolean,
): Promise<ConversationRow> {
  if (lock) return lockConversation(tx, principal, conversationId);
  const row = (
    await tx.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [conversationId])
  )[0];
  if (!row || !canSeeConversation(principal, row.created_by_key)) {
    throw new BatonError('conversation_not_found', `No conversation ${conversationId}.`);
  }
  return row;
}

/**
 * The handoff; with `lock`, its conversation is locked first and then the handoff (the one lock
 * order, lock-order.ts). `handoff_not_found` when hidden or absent.
 */
export async function loadHandoff(
  tx: Queryable,
  principal: Principal,
  handoffId: string,
  lock: boolean,
): Promise<HandoffRow> {
  if (lock) return (await lockHandoffAndConversation(tx, principal, handoffId)).handoff;
  const row = (
    await tx.query<HandoffRow & { created_by_key: string }>(
      `SELECT h.*, c.created_by_key FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
       WHERE h.id = $1`,
      [handoffId],
    )
  )[0];
  if (!row || !canSeeConversation(principal, row.created_by_key)) {
    throw new BatonError('handoff_not_found', `No handoff ${handoffId}.`);
  }
  const { created_by_key: _hidden, ...handoff } = row;
  return handoff;
}

/** The conversation's open (queued or claimed) handoff, if any. */
export async function openHandoff(tx: Queryable, conversationId: string): Promise<HandoffRow | null> {
  const rows = await tx.query<HandoffRow>(
    `SELECT * FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'claimed')`,
    [conversationId],
  );
  return rows[0] ?? null;
}
