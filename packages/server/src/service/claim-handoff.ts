/** Claim: one conditional UPDATE; of several operators claiming at once exactly one wins. */
import type { ServiceContext } from './context.ts';
import { giveToOperator, secondsBetween } from './handoff-moves.ts';
import { loadHandoff } from './access.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import { checkCanClaim } from './routing.ts';
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
    const current = await loadHandoff(tx, principal, handoffId, true);
    // Queue, skills, language and capacity (routing.ts); an admin's claim overrides them, on record.
    const override = principal.scope === 'admin';
    if (!override && current.status === 'queued') await checkCanClaim(context, tx, principal, current);
    // A claim ends any offer standing on the handoff.
    const { row, event } = await giveToOperator(tx, handoffId, 'claim', principal, at, true);
    events.push({
      ...event,
      data: {
        ...event.data,
        claimedBy: principal.name,
        waitedSeconds: secondsBetween(row.queued_at, at),
        ...(override ? { override: true } : {}),
      },
    });
    return toHandoff(row);
  });
}
