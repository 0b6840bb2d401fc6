/**
 * Posting typing indicators: the customer's (with the agent's key or a customer token) and the
 * operator's (only the operator who holds the claim). Both check access with one read and no
 * transaction, then publish through the instance's `TypingHub`: nothing is written to the database.
 */
import { BatonError } from '../errors.ts';
import { checkCustomerToken } from '../requests/customer-tokens.ts';
import { loadConversation, loadHandoff } from './access.ts';
import type { ServiceContext } from './context.ts';
import type { HandoffRow } from './rows.ts';
import type { TypingHub, TypingSignal } from './typing-hub.ts';
import type { Principal } from './types.ts';

/** Who posts the customer's indicator: the agent's key (for its widget), or the customer's token. */
export type CustomerTypingAccess = { principal: Principal } | { token: string };

/** The customer types (or stopped) in `conversationId`. */
export async function postCustomerTyping(
  context: ServiceContext,
  hub: TypingHub,
  access: CustomerTypingAccess,
  conversationId: string,
  typing: boolean,
): Promise<TypingSignal> {
  if ('token' in access) await checkCustomerToken(context, access.token, conversationId);
  else await loadConversation(context.database, access.principal, conversationId, false);
  const [open] = await context.database.query<Pick<HandoffRow, 'id'>>(
    `SELECT id FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'claimed')`,
    [conversationId],
  );
  return hub.publish({
    conversationId,
    handoffId: open?.id ?? null,
    who: 'customer',
    typing,
    operatorKeyId: null,
    operatorName: null,
  });
}

/** The operator who holds `handoffId` types a reply (or stopped). */
export async function postOperatorTyping(
  context: ServiceContext,
  hub: TypingHub,
  principal: Principal,
  handoffId: string,
  typing: boolean,
): Promise<TypingSignal> {
  const handoff = await loadHandoff(context.database, principal, handoffId, false);
  if (handoff.status !== 'claimed') {
    throw new BatonError(
      'invalid_transition',
      `A handoff that is ${handoff.status} has nobody typing in it.`,
      {
        status: handoff.status,
      },
    );
  }
  if (handoff.claimed_by_key !== principal.keyId) {
    throw new BatonError('not_owner', `Handoff ${handoffId} is claimed by ${handoff.claimed_by}.`, {
      claimedBy: handoff.claimed_by,
    });
  }
  return hub.publish({
    conversationId: handoff.conversation_id,
    handoffId,
    who: 'operator',
    typing,
    operatorKeyId: principal.keyId,
    operatorName: principal.name,
  });
}
