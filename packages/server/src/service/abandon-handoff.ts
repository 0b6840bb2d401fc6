/** Abandon: the customer left while waiting (or while an operator had it); recorded by agent or operator. */
import type { ServiceContext } from './context.ts';
import { lockForMove, secondsBetween, setConversationOwner } from './handoff-moves.ts';
import { transitionHandoff } from './handoff-transitions.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

/** Ends the handoff as `abandoned` and closes the conversation. */
export async function abandonHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { reason?: string },
  options: WriteOptions = {},
): Promise<Handoff> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'abandon', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const handoff = await lockForMove(tx, principal, handoffId, 'abandon');
    const { row, event } = await transitionHandoff(tx, handoffId, 'abandon', { ended_at: at }, at);
    await setConversationOwner(
      tx,
      handoff.conversation_id,
      { status: 'closed', name: 'agent', keyId: null },
      at,
    );
    events.push({
      ...event,
      data: {
        ...event.data,
        by: principal.name,
        reason: input.reason ?? null,
        wasClaimed: handoff.status === 'claimed',
        waitedSeconds: secondsBetween(handoff.queued_at, at),
      },
    });
    return toHandoff(row);
  });
}
