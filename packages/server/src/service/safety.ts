/**
 * Safety in every state of a conversation. A customer who speaks of self-harm or danger is heard
 * whoever holds the conversation:
 * - while a handoff waits, it becomes `urgent` (the head of its queue) with `handoff-escalated`,
 *   and the customer hears the policy's crisis message before the queue news;
 * - while an operator owns the conversation (the engine is not asked then), `safety-alert-raised`
 *   tells that operator and the lead (every event stream and webhook carries it);
 * - when nobody is online, the customer hears the crisis message, not only the callback offer.
 */
import type { CompiledPolicy, SafetyConcern } from '@baton/engine';
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { waitingInfo, waitingMessage, type WaitingInfo } from './queue-wait.ts';
import { PRIORITY_RANK, type HandoffRow } from './rows.ts';

export interface SafetyOutcome {
  /** The handoff after any escalation. */
  handoff: HandoffRow;
  events: PendingEvent[];
  /** What to tell the customer instead, or null to keep what was decided. */
  customerMessage: string | null;
}

/** The crisis message first, then the queue news (or, with nobody online, the callback offer). */
export function crisisMessage(policy: CompiledPolicy, info: WaitingInfo): string {
  return `${policy.messages.crisis} ${waitingMessage(info)}`;
}

/** Raises a queued handoff to `urgent`; the row and its event, or null when it was urgent already. */
async function escalate(
  tx: Queryable,
  handoff: HandoffRow,
  concern: SafetyConcern,
  turnId: string,
  at: string,
): Promise<{ row: HandoffRow; event: PendingEvent } | null> {
  if (handoff.priority === 'urgent') return null;
  const rows = await tx.query<HandoffRow>(
    `UPDATE handoffs SET priority = 'urgent', priority_rank = $2 WHERE id = $1 AND status = 'queued' RETURNING *`,
    [handoff.id, PRIORITY_RANK.urgent],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    row,
    event: {
      type: 'handoff-escalated',
      conversationId: row.conversation_id,
      handoffId: row.id,
      queue: row.queue,
      at,
      data: {
        status: row.status,
        priority: 'urgent',
        previousPriority: handoff.priority,
        reason: concern.kind,
        evidence: concern.evidence,
        turnId,
      },
    },
  };
}

/** The alert to the operator who owns the conversation, and to the lead. */
function alertEvent(handoff: HandoffRow, concern: SafetyConcern, turnId: string, at: string): PendingEvent {
  return {
    type: 'safety-alert-raised',
    conversationId: handoff.conversation_id,
    handoffId: handoff.id,
    queue: handoff.queue,
    at,
    data: {
      kind: concern.kind,
      evidence: concern.evidence,
      turnId,
      operator: handoff.claimed_by,
      priority: handoff.priority,
    },
  };
}

/**
 * What a customer turn with a safety concern changes, given the conversation's open handoff (if
 * any) and whether that handoff was opened by this very turn; null when nothing changes.
 */
export async function applySafety(
  context: ServiceContext,
  tx: Queryable,
  input: {
    concern: SafetyConcern | null;
    handoff: HandoffRow | null;
    openedNow: boolean;
    policy: CompiledPolicy;
    turnId: string;
    at: string;
  },
): Promise<SafetyOutcome | null> {
  const { concern, handoff, policy, turnId, at } = input;
  if (!concern || !handoff) return null;
  if (handoff.status === 'claimed') {
    return { handoff, events: [alertEvent(handoff, concern, turnId, at)], customerMessage: null };
  }
  if (handoff.status !== 'queued') return null;
  if (input.openedNow) {
    // Opened on this turn at the priority the engine chose; only the nobody-online answer changes.
    const info = await waitingInfo(context, tx, handoff);
    return info.operatorsOnline === 0
      ? { handoff, events: [], customerMessage: crisisMessage(policy, info) }
      : null;
  }
  const escalated = await escalate(tx, handoff, concern, turnId, at);
  const row = escalated?.row ?? handoff;
  const info = await waitingInfo(context, tx, row);
  return {
    handoff: row,
    events: escalated ? [escalated.event] : [],
    customerMessage: crisisMessage(policy, info),
  };
}
