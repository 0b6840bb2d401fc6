/** The operator's reply: a turn with role `operator`, in the same thread, under the conversation lock. */
import { BatonError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { lockForMove } from './handoff-moves.ts';
import { newId } from './ids.ts';
import { mutate } from './mutate.ts';
import { toTurn, type TurnRow } from './rows.ts';
import type { Principal, StoredTurn, WriteOptions } from './types.ts';

/** Appends the claiming operator's reply to the conversation and streams it. */
export async function replyToCustomer(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { text: string },
  options: WriteOptions = {},
): Promise<StoredTurn> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'reply', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    // Replying is allowed exactly where resolving is: on a claimed handoff, by its owner. This
    // also locks the conversation (first, then the handoff), which orders the turn's seq.
    const handoff = await lockForMove(tx, principal, handoffId, 'resolve');
    const conversation = (
      await tx.query<{ last_seq: number }>('SELECT last_seq FROM conversations WHERE id = $1', [
        handoff.conversation_id,
      ])
    )[0]!;
    const seq = conversation.last_seq + 1;
    if (seq >= context.limits.maxTurnsPerConversation) {
      throw new BatonError(
        'too_many_turns',
        `Conversation ${handoff.conversation_id} reached its turn limit.`,
        {
          limit: context.limits.maxTurnsPerConversation,
        },
      );
    }
    const rows = await tx.query<TurnRow>(
      `INSERT INTO turns (id, conversation_id, seq, role, text, at, author) VALUES ($1, $2, $3, 'operator', $4, $5, $6)
       RETURNING *`,
      [newId('tu'), handoff.conversation_id, seq, input.text, at, principal.name],
    );
    await tx.query('UPDATE conversations SET last_seq = $2, updated_at = $3 WHERE id = $1', [
      handoff.conversation_id,
      seq,
      at,
    ]);
    const turn = toTurn(rows[0]!);
    events.push({
      type: 'turn-created',
      conversationId: handoff.conversation_id,
      handoffId: handoff.id,
      queue: handoff.queue,
      at,
      data: { turn },
    });
    return turn;
  });
}
