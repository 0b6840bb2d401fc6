/**
 * Transfer: the claimed handoff ends as `transferred`, and a new handoff (same trigger, reason,
 * priority, brief) is queued in the target queue, so each queue's waiting and claim times stay true.
 */
import { insertNote } from './add-note.ts';
import { checkQueue, type ServiceContext } from './context.ts';
import { insertHandoff } from './create-handoff.ts';
import { lockForMove, setConversationOwner } from './handoff-moves.ts';
import { transitionHandoff } from './handoff-transitions.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

/** Moves the handoff to `queue`; returns the new, queued handoff. */
export async function transferHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { queue: string; note?: string },
  options: WriteOptions = {},
): Promise<Handoff> {
  checkQueue(context, input.queue);
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'transfer', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const previous = await lockForMove(tx, principal, handoffId, 'transfer');
    const ended = await transitionHandoff(tx, handoffId, 'transfer', { ended_at: at }, at);
    const next = await insertHandoff(tx, {
      conversationId: previous.conversation_id,
      priority: previous.priority,
      queue: input.queue,
      trigger: previous.trigger,
      reason: previous.reason,
      signal: previous.signal,
      firings: previous.firings,
      requestedAt: new Date(previous.requested_at).toISOString(),
      queuedAt: at,
      policyVersion: previous.policy_version,
      brief: previous.brief,
      transferredFrom: previous.id,
      language: (previous as { language?: string | null }).language ?? null,
      segment: (previous as { segment?: string | null }).segment ?? null,
    });
    if (input.note) {
      await insertNote(tx, {
        handoffId: next.row.id,
        conversationId: previous.conversation_id,
        author: principal.name,
        text: input.note,
        kind: 'transfer',
        at,
      });
    }
    // Waiting again: nobody owns it until someone in the new queue claims it.
    await setConversationOwner(
      tx,
      previous.conversation_id,
      { status: 'waiting', name: 'agent', keyId: null },
      at,
    );
    events.push(
      {
        ...ended.event,
        data: {
          ...ended.event.data,
          by: principal.name,
          toQueue: input.queue,
          toHandoffId: next.row.id,
          note: input.note ?? null,
        },
      },
      next.event,
    );
    return toHandoff(next.row);
  });
}
