/** The nobody-online path: the customer leaves a message or a callback number, kept on the handoff. */
import { BatonError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { loadHandoff } from './access.ts';
import { mutate } from './mutate.ts';
import { toHandoff, type HandoffRow } from './rows.ts';
import type { Handoff, Principal } from './types.ts';

/** Stores (merges) the callback details on an open handoff. */
export async function leaveCallback(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { phone?: string; message?: string },
): Promise<Handoff> {
  if (!input.phone && !input.message) {
    throw new BatonError('invalid_request', 'Give a phone number, a message, or both.');
  }
  return mutate(context, async (tx, events) => {
    const handoff = await loadHandoff(tx, principal, handoffId, true);
    if (handoff.status !== 'queued' && handoff.status !== 'claimed') {
      throw new BatonError('invalid_transition', `A handoff that is ${handoff.status} takes no callback.`, {
        status: handoff.status,
      });
    }
    const callback = {
      ...handoff.callback,
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.message ? { message: input.message } : {}),
    };
    const rows = await tx.query<HandoffRow>('UPDATE handoffs SET callback = $2 WHERE id = $1 RETURNING *', [
      handoffId,
      JSON.stringify(callback),
    ]);
    const row = rows[0]!;
    // The customer's status stream says the callback is scheduled (no phone number in the event).
    events.push({
      type: 'callback-scheduled',
      conversationId: row.conversation_id,
      handoffId: row.id,
      queue: row.queue,
      at: context.now().toISOString(),
      data: { phone: Boolean(callback.phone), message: Boolean(callback.message) },
    });
    return toHandoff(row);
  });
}
