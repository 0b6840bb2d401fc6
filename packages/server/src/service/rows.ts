/** Database rows and their mapping to the service's types (one place that knows the columns). */
import type { CustomerAttributes, Decision, Firing, Priority, SignalName } from '@baton/engine';
import type {
  BatonEvent,
  Conversation,
  ConversationStatus,
  Handoff,
  HandoffOutcome,
  HandoffStatus,
  Note,
  StoredTurn,
  TurnInput,
} from './types.ts';

/** A timestamp as the drivers return it: a Date from pg, a string or Date from PGlite. */
export type Timestamp = Date | string;

/** A database timestamp as ISO 8601. */
export function iso(value: Timestamp): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** A nullable database timestamp as ISO 8601, or null. */
export function isoOrNull(value: Timestamp | null): string | null {
  return value === null ? null : iso(value);
}

export interface ConversationRow {
  id: string;
  created_by_key: string;
  status: ConversationStatus;
  owner: string;
  owner_key: string | null;
  customer: CustomerAttributes;
  engine_state: unknown;
  last_seq: number;
  return_note: string | null;
  /** Promises from hand-backs not yet kept (absent on rows built in memory). */
  open_promises?: number;
  /** The customer's language detected from their turns, once confident (language-detection.ts). */
  detected_language?: string | null;
  /** Customer text accumulated for detection until a language is confident. */
  language_sample?: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    status: row.status,
    owner: row.owner,
    customer: row.customer,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export interface TurnRow {
  id: string;
  conversation_id: string;
  seq: number;
  role: StoredTurn['role'];
  text: string;
  at: Timestamp;
  author: string | null;
  details: Omit<TurnInput, 'role' | 'text' | 'at'>;
  decision: Decision | null;
  policy_version: string | null;
}

export function toTurn(row: TurnRow): StoredTurn {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    role: row.role,
    text: row.text,
    at: iso(row.at),
    author: row.author,
    ...row.details,
  };
}

export interface HandoffRow {
  id: string;
  conversation_id: string;
  status: HandoffStatus;
  priority: Priority;
  priority_rank: number;
  queue: string;
  trigger: string;
  reason: string;
  signal: SignalName | null;
  firings: Firing[];
  requested_at: Timestamp;
  queued_at: Timestamp;
  claimed_at: Timestamp | null;
  claimed_by: string | null;
  claimed_by_key: string | null;
  ended_at: Timestamp | null;
  outcome: HandoffOutcome | null;
  callback: Handoff['callback'];
  brief: unknown;
  policy_version: string;
  transferred_from: string | null;
}

export function toHandoff(row: HandoffRow): Handoff {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    status: row.status,
    priority: row.priority,
    queue: row.queue,
    trigger: row.trigger,
    reason: row.reason,
    signal: row.signal,
    firings: row.firings,
    requestedAt: iso(row.requested_at),
    claimedAt: isoOrNull(row.claimed_at),
    claimedBy: row.claimed_by,
    endedAt: isoOrNull(row.ended_at),
    outcome: row.outcome,
    callback: row.callback,
    brief: row.brief ?? null,
    policyVersion: row.policy_version,
    routing: routingOf(row),
  };
}

/** The routing state of a handoff row (columns of migration 0007; absent on rows read without them). */
function routingOf(row: HandoffRow): Handoff['routing'] {
  const routed = row as HandoffRow & {
    language?: string | null;
    segment?: string | null;
    offered_to?: string | null;
    offer_expires_at?: Timestamp | null;
    widened_to?: string[];
    ladder_step?: number;
  };
  return {
    language: routed.language ?? null,
    segment: routed.segment ?? null,
    offeredTo: routed.offered_to ?? null,
    offerExpiresAt: routed.offer_expires_at ? iso(routed.offer_expires_at) : null,
    widenedTo: routed.widened_to ?? [],
    ladderStep: routed.ladder_step ?? 0,
  };
}

export interface NoteRow {
  id: string;
  handoff_id: string;
  conversation_id: string;
  author: string;
  text: string;
  kind: Note['kind'];
  at: Timestamp;
}

export function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    handoffId: row.handoff_id,
    author: row.author,
    text: row.text,
    kind: row.kind,
    at: iso(row.at),
  };
}

export interface EventRow {
  id: string;
  type: BatonEvent['type'];
  conversation_id: string | null;
  handoff_id: string | null;
  queue: string | null;
  at: Timestamp;
  data: Record<string, unknown>;
}

export function toEvent(row: EventRow): BatonEvent {
  return {
    id: String(row.id),
    type: row.type,
    conversationId: row.conversation_id,
    handoffId: row.handoff_id,
    queue: row.queue,
    at: iso(row.at),
    data: row.data,
  };
}

/** Priority as a number for ordering: urgent first. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
