/** The agent asks for a person itself (reason, priority, queue): a handoff without a trigger. */
import type { Priority } from '@baton/engine';
import { BatonError } from '../errors.ts';
import { loadConversation, openHandoff } from './access.ts';
import { buildHandoffBrief } from './brief.ts';
import { hashJson } from './canonical-json.ts';
import { checkQueue, defaultQueue, type ServiceContext } from './context.ts';
import { insertHandoff } from './create-handoff.ts';
import { closedMessage, routeForNewHandoff } from './routing.ts';
import { withDetectedLanguage } from './language-detection.ts';
import { beginIdempotent, finishIdempotent } from './idempotency.ts';
import { mutate } from './mutate.ts';
import { waitingInfo, waitingMessage } from './queue-wait.ts';
import { toHandoff } from './rows.ts';
import type { Handoff, Principal } from './types.ts';

/** The trigger name recorded on handoffs the agent asked for. */
export const AGENT_REQUESTED_TRIGGER = 'agent_requested';

export interface RequestHandoffInput {
  conversationId: string;
  reason: string;
  priority?: Priority;
  queue?: string;
  idempotencyKey?: string;
}

/** Queues a handoff for the conversation; `handoff_open` when one is already open. */
export async function requestHandoff(
  context: ServiceContext,
  principal: Principal,
  input: RequestHandoffInput,
): Promise<{ handoff: Handoff; customerMessage: string }> {
  const queue = input.queue ?? defaultQueue(context);
  checkQueue(context, queue);
  const at = context.now().toISOString();
  const requestHash = input.idempotencyKey
    ? hashJson({ use: 'handoff', ...input, idempotencyKey: undefined })
    : '';
  return mutate(context, async (tx, events) => {
    if (input.idempotencyKey) {
      const stored = await beginIdempotent<{ handoff: Handoff; customerMessage: string }>(
        tx,
        principal,
        input.idempotencyKey,
        requestHash,
        at,
      );
      if (stored) return stored.replay;
    }
    const conversation = await loadConversation(tx, principal, input.conversationId, true);
    const open = await openHandoff(tx, conversation.id);
    if (open) {
      throw new BatonError('handoff_open', `Conversation ${conversation.id} already has an open handoff.`, {
        handoffId: open.id,
        status: open.status,
      });
    }
    const policy = await context.policies.current(tx);
    const brief = await buildHandoffBrief(tx, {
      conversation,
      trigger: AGENT_REQUESTED_TRIGGER,
      reason: input.reason,
      firings: [],
      at,
    });
    const routed = await routeForNewHandoff(
      context,
      tx,
      queue,
      withDetectedLanguage(conversation.customer, conversation.detected_language),
    );
    const created = await insertHandoff(tx, {
      conversationId: conversation.id,
      priority: input.priority ?? policy.policy.defaults.priority,
      queue: routed.queue,
      language: routed.language,
      segment: routed.segment,
      trigger: AGENT_REQUESTED_TRIGGER,
      reason: input.reason,
      signal: 'agent_requested',
      firings: [],
      requestedAt: at,
      queuedAt: at,
      policyVersion: policy.version,
      brief,
    });
    await tx.query(`UPDATE conversations SET status = 'waiting', updated_at = $2 WHERE id = $1`, [
      conversation.id,
      at,
    ]);
    const info = await waitingInfo(context, tx, created.row);
    Object.assign(created.event.data, {
      position: info.position,
      estimatedWaitSeconds: info.estimatedWaitSeconds,
      ...(routed.steps.length > 0 ? { routing: routed.steps } : {}),
      ...(routed.closed
        ? { outOfHours: { ...routed.closed, customerMessage: closedMessage(routed.closed) } }
        : {}),
    });
    events.push(created.event);
    const customerMessage = routed.closed ? closedMessage(routed.closed) : waitingMessage(info);
    const result = { handoff: toHandoff(created.row), customerMessage };
    if (input.idempotencyKey) await finishIdempotent(tx, principal, input.idempotencyKey, result);
    return result;
  });
}
