/** Resolve: the operator ends the handoff with its outcome, the data that tunes the triggers. */
import type { ServiceContext } from './context.ts';
import { lockForMove, secondsBetween, setConversationOwner } from './handoff-moves.ts';
import { transitionHandoff } from './handoff-transitions.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import type { Handoff, HandoffOutcome, Principal, WriteOptions } from './types.ts';

/** Ends the claim as `resolved` with `outcome`, and closes the conversation. */
export async function resolveHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  outcome: HandoffOutcome,
  options: WriteOptions = {},
): Promise<Handoff> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'resolve', handoffId, outcome },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const handoff = await lockForMove(tx, principal, handoffId, 'resolve');
    const { row, event } = await transitionHandoff(tx, handoffId, 'resolve', { ended_at: at, outcome }, at);
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
        outcome,
        handledSeconds: secondsBetween(handoff.claimed_at!, at),
      },
    });
    return toHandoff(row);
  });
}
