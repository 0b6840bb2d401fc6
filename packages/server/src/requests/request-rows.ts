/** The `requests` row and its mapping, and a handoff read as a request of kind `handoff` or `transfer`. */
import type { Priority } from '@baton/engine';
import { iso, isoOrNull, toHandoff, type HandoffRow, type Timestamp } from '../service/rows.ts';
import type {
  AskStatus,
  BatonRequest,
  DeadlineAction,
  RequestAnswer,
  RequestOptions,
} from './request-types.ts';

export interface RequestRow {
  id: string;
  conversation_id: string;
  kind: 'consult' | 'approval';
  status: AskStatus;
  question: string;
  options: RequestOptions;
  queue: string;
  priority: Priority;
  created_by: string;
  created_by_key: string | null;
  created_at: Timestamp;
  deadline_at: Timestamp | null;
  on_deadline: DeadlineAction | null;
  answer: RequestAnswer | null;
  answered_by: string | null;
  answered_by_key: string | null;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  deadline_outcome: DeadlineAction['action'] | null;
  escalated_handoff_id: string | null;
}

export function toRequest(row: RequestRow): BatonRequest {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    kind: row.kind,
    status: row.status,
    question: row.question,
    options: row.options,
    queue: row.queue,
    priority: row.priority,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    deadline: isoOrNull(row.deadline_at),
    onDeadline: row.on_deadline,
    answer: row.answer,
    answeredBy: row.answered_by,
    answeredAt: isoOrNull(row.answered_at),
    endedAt: isoOrNull(row.ended_at),
    timedOut: row.status === 'timed_out',
    deadlineOutcome: row.deadline_outcome,
    escalatedHandoffId: row.escalated_handoff_id,
    handoff: null,
  };
}

/** A handoff as a request: `transfer` when a transfer queued it, else `handoff`. */
export function requestFromHandoff(row: HandoffRow): BatonRequest {
  const handoff = toHandoff(row);
  return {
    id: handoff.id,
    conversationId: handoff.conversationId,
    kind: row.transferred_from ? 'transfer' : 'handoff',
    status: handoff.status,
    question: handoff.reason,
    options: {},
    queue: handoff.queue,
    priority: handoff.priority,
    createdBy: handoff.trigger,
    createdAt: handoff.requestedAt,
    deadline: null,
    onDeadline: null,
    answer: null,
    answeredBy: handoff.claimedBy,
    answeredAt: handoff.claimedAt,
    endedAt: handoff.endedAt,
    timedOut: handoff.status === 'expired',
    deadlineOutcome: null,
    escalatedHandoffId: null,
    handoff,
  };
}
