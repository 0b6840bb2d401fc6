/** Claim: one conditional UPDATE; of several operators claiming at once exactly one wins. */
import type { ServiceContext } from './context.ts';
import { secondsBetween, setConversationOwner } from './handoff-moves.ts';
import { transitionHandoff } from './handoff-transitions.ts';
import { loadHandoff } from './access.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

/** The caller takes the handoff; a loser gets `already_claimed` naming the winner. */
export async function claimHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  options: WriteOptions = {},
): Promise<Handoff> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'claim', handoffId },
  };
  return mutate(context, idempotent, async (tx, events) => {
    // The conversation first, then the handoff (the one lock order): a customer typing while the
    // handoff waits locks the conversation too, and must never wait on us while we wait on it.
    // The conditional UPDATE below stays the arbiter, and reports a lost race itself.
    await loadHandoff(tx, principal, handoffId, true);
    const { row, event } = await transitionHandoff(
      tx,
      handoffId,
      'claim',
      { claimed_at: at, claimed_by: principal.name, claimed_by_key: principal.keyId },
      at,
    );
    await setConversationOwner(
      tx,
      row.conversation_id,
      { status: 'with_operator', name: principal.name, keyId: principal.keyId },
      at,
    );
    events.push({
      ...event,
      data: { ...event.data, claimedBy: principal.name, waitedSeconds: secondsBetween(row.queued_at, at) },
    });
    return toHandoff(row);
  });
}
