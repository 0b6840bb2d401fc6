/** Return: the operator hands the conversation back to the agent with a note it receives once. */
import { insertHandBack, type HandBackInput } from '../requests/hand-back.ts';
import { insertNote } from './add-note.ts';
import type { ServiceContext } from './context.ts';
import { lockForMove, secondsBetween, setConversationOwner } from './handoff-moves.ts';
import { transitionHandoff } from './handoff-transitions.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

/**
 * Ends the claim as `returned`; the agent's next turn answer carries `note` as `returnNote` and the
 * structured hand-back (actions, promises, must and must-not) as `handBack`.
 */
export async function returnToAgent(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { note: string } & HandBackInput,
  options: WriteOptions = {},
): Promise<Handoff> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'return', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const handoff = await lockForMove(tx, principal, handoffId, 'return');
    const { row, event } = await transitionHandoff(tx, handoffId, 'return', { ended_at: at }, at);
    await insertNote(tx, {
      handoffId,
      conversationId: handoff.conversation_id,
      author: principal.name,
      text: input.note,
      kind: 'return',
      at,
    });
    const handBack = await insertHandBack(tx, {
      ...input,
      conversationId: handoff.conversation_id,
      handoffId,
      author: principal.name,
      at,
    });
    await setConversationOwner(
      tx,
      handoff.conversation_id,
      { status: 'active', name: 'agent', keyId: null, returnNote: input.note },
      at,
    );
    events.push({
      ...event,
      data: {
        ...event.data,
        by: principal.name,
        note: input.note,
        handBackId: handBack.id,
        actions: handBack.actions,
        promises: handBack.promises.map(({ id, text, dueAt }) => ({ id, text, dueAt })),
        must: handBack.must,
        mustNot: handBack.mustNot,
        handledSeconds: secondsBetween(handoff.claimed_at!, at),
      },
    });
    return toHandoff(row);
  });
}
