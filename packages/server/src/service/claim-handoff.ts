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
    // Not locked: the conditional UPDATE below is the arbiter, and reports a lost race itself.
    await loadHandoff(tx, principal, handoffId, false);
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
