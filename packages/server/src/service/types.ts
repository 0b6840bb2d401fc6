/**
 * The service port: the use cases the HTTP API, the CLI and (later) MCP call. Storage-agnostic;
 * the implementation runs each use case in one database transaction.
 *
 * Terminology: see packages/engine/src/types.ts and DESIGN.md. A conversation is owned by the
 * `agent` or by one operator; a handoff is one escalation with its own lifecycle.
 */
import type { CollaborationService } from './collaboration-service.ts';
import type { EventSubscription } from './event-subscription.ts';
import type { OpenStreamInput } from './event-streams.ts';
import type {
  CustomerAttributes,
  Decision,
  Firing,
  Priority,
  Role,
  SignalName,
  ToolCall,
  Money,
} from '@baton/engine';
// Outcomes and metrics live in ./outcomes/.
import type {
  ConversationOutcome,
  ConversationOutcomeInput,
  Metrics,
  MetricsFilter,
  MetricsTimeSeries,
  RatingInput,
  TimeSeriesFilter,
} from './outcomes/outcome-types.ts';
import type { KeyStream } from './key-streams.ts';
import type { StaffingReport } from '../staffing/forecast.ts';
import type { StaffingQuery } from '../staffing/read-staffing.ts';
import type { FollowUp } from './follow-ups.ts';
import type { CannedResponse, CannedResponseInput } from './canned-responses.ts';
import type { ConversationHit } from './search-conversations.ts';
import type { CustomerPromise, HandBack, HandBackInput } from '../requests/hand-back.ts';
import type { ProtocolService } from '../requests/protocol-service.ts';
import type { Eta } from './eta.ts';
import type { QueueConfigRecord } from './queue-config.ts';
import type { QueueState } from './routing.ts';

export type Scope = 'agent' | 'operator' | 'admin';

/** Who is calling, resolved from an API key. */
export interface Principal {
  keyId: string;
  scope: Scope;
  /** Display name of the key's holder (an operator's name, an agent's name). */
  name: string;
  /** When the key stops working (absent: never). */
  expiresAt?: string;
}

/** A presented key checked: its principal, or why it is refused. */
export type KeyCheck =
  { ok: true; principal: Principal } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

export type HandoffStatus =
  'queued' | 'claimed' | 'resolved' | 'returned' | 'transferred' | 'abandoned' | 'expired';

export type ConversationStatus = 'active' | 'waiting' | 'with_operator' | 'closed';

export interface TurnInput {
  role: Role;
  text: string;
  /** ISO time; the server's clock when absent. */
  at?: string;
  confidence?: number;
  intent?: string;
  topics?: string[];
  toolCalls?: ToolCall[];
  amount?: number | Money;
  metadata?: Record<string, unknown>;
}

export interface StoredTurn extends TurnInput {
  id: string;
  conversationId: string;
  /** Position in the conversation, from 0; assigned under the conversation's row lock. */
  seq: number;
  at: string;
  /** Who wrote it: the key's holder for agent/operator turns. */
  author: string | null;
}

export interface HandoffOutcome {
  resolved: boolean;
  warranted: boolean;
  rightReason?: boolean;
  customerRepeated?: boolean;
  agentCouldHaveHandled?: boolean;
  /** The handoff should have come earlier (counted as a late escalation of its trigger). */
  late?: boolean;
  notes?: string;
}

export interface Handoff {
  id: string;
  conversationId: string;
  status: HandoffStatus;
  priority: Priority;
  queue: string;
  /** The trigger that caused it, or `agent_requested` / `operator` for manual handoffs. */
  trigger: string;
  reason: string;
  signal: SignalName | null;
  firings: Firing[];
  requestedAt: string;
  claimedAt: string | null;
  claimedBy: string | null;
  endedAt: string | null;
  outcome: HandoffOutcome | null;
  /** Callback number or message the customer left when nobody was online. */
  callback: { phone?: string; message?: string } | null;
  /** The brief (its own versioned schema, built by the engine's brief module), when built. */
  brief: unknown | null;
  policyVersion: string;
  /** Routing state: the customer's language and segment, a standing offer, widening, ladder steps taken. */
  routing?: {
    language: string | null;
    segment: string | null;
    offeredTo: string | null;
    offerExpiresAt: string | null;
    widenedTo: string[];
    ladderStep: number;
  };
}

export interface Note {
  id: string;
  handoffId: string;
  author: string;
  text: string;
  kind: 'internal' | 'transfer' | 'return';
  at: string;
}

export interface Conversation {
  id: string;
  status: ConversationStatus;
  /** `agent`, or the operator (principal name) who owns it now. */
  owner: string;
  customer: CustomerAttributes;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationView extends Conversation {
  turns: StoredTurn[];
  handoffs: Handoff[];
  notes: Note[];
}

/** What the agent gets back for every turn it posts. */
export interface TurnResult {
  turn: StoredTurn;
  decision: Decision;
  conversation: Conversation;
  handoff: Handoff | null;
  /** What to tell the customer now (position, wait estimate, "a person will join"), or null. */
  customerMessage: string | null;
  /** False while an operator owns the conversation: the agent must stay quiet. */
  agentShouldReply: boolean;
  /** The operator's note when the conversation was just returned to the agent, once. */
  returnNote: string | null;
  /** The structured hand-back, once, with `returnNote`. */
  handBack: HandBack | null;
  /** Promises made to the customer and not yet kept, on every answer while open. */
  openPromises: CustomerPromise[];
}

/** One change, in the order it committed. Events come from transitions, never scattered writes. */
export interface BatonEvent {
  /** Monotonic position in the global stream; resume after it. */
  id: string;
  type:
    | 'turn-created'
    | 'handoff-requested'
    | 'handoff-claimed'
    | 'handoff-transferred'
    | 'handoff-returned'
    | 'handoff-resolved'
    | 'handoff-abandoned'
    | 'handoff-expired'
    | 'handoff-escalated'
    | 'safety-alert-raised'
    | 'note-created'
    | 'policy-updated'
    | 'request-created'
    | 'request-answered'
    | 'request-timed-out'
    | 'request-cancelled'
    | 'promise-kept'
    | 'callback-scheduled'
    // Routing (service/routing.ts).
    | 'handoff-offered'
    | 'handoff-offer-accepted'
    | 'handoff-offer-declined'
    | 'handoff-offer-expired'
    | 'handoff-ladder-step'
    | 'handoff-eta-changed'
    | 'queues-updated'
    // Collaboration (service/assign-handoff.ts).
    | 'handoff-assigned'
    | 'handoff-taken-over';
  conversationId: string | null;
  handoffId: string | null;
  queue: string | null;
  at: string;
  data: Record<string, unknown>;
}

export interface PolicyRecord {
  version: string;
  /** The policy document as given (validated). */
  document: unknown;
  createdAt: string;
  createdBy: string;
}

export interface ApiKeyRecord {
  id: string;
  scope: Scope;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

/** Options of a write: a retry with the same `idempotencyKey` returns the first answer and changes nothing. */
export interface WriteOptions {
  idempotencyKey?: string;
}

export interface Service extends ProtocolService, CollaborationService {
  postTurn(
    principal: Principal,
    input: {
      conversationId: string;
      turn: TurnInput;
      customer?: CustomerAttributes;
      idempotencyKey?: string;
    },
  ): Promise<TurnResult>;
  requestHandoff(
    principal: Principal,
    input: {
      conversationId: string;
      reason: string;
      priority?: Priority;
      queue?: string;
      idempotencyKey?: string;
    },
  ): Promise<{ handoff: Handoff; customerMessage: string }>;
  getConversation(principal: Principal, conversationId: string): Promise<ConversationView>;
  listHandoffs(
    principal: Principal,
    filter: { status?: HandoffStatus; queue?: string; limit?: number },
  ): Promise<Handoff[]>;
  getHandoff(principal: Principal, handoffId: string): Promise<Handoff>;
  claim(principal: Principal, handoffId: string, options?: WriteOptions): Promise<Handoff>;
  reply(
    principal: Principal,
    handoffId: string,
    input: { text: string },
    options?: WriteOptions,
  ): Promise<StoredTurn>;
  addNote(
    principal: Principal,
    handoffId: string,
    input: { text: string },
    options?: WriteOptions,
  ): Promise<Note>;
  transfer(
    principal: Principal,
    handoffId: string,
    input: { queue: string; note?: string },
    options?: WriteOptions,
  ): Promise<Handoff>;
  returnToAgent(
    principal: Principal,
    handoffId: string,
    input: { note: string } & HandBackInput,
    options?: WriteOptions,
  ): Promise<Handoff>;
  resolve(
    principal: Principal,
    handoffId: string,
    input: HandoffOutcome,
    options?: WriteOptions,
  ): Promise<Handoff>;
  /** The customer left while waiting (recorded by the agent or an operator). */
  abandon(
    principal: Principal,
    handoffId: string,
    input: { reason?: string },
    options?: WriteOptions,
  ): Promise<Handoff>;
  /** The customer left a callback number or a message because nobody was online. */
  leaveCallback(
    principal: Principal,
    handoffId: string,
    input: { phone?: string; message?: string },
  ): Promise<Handoff>;
  /** Callbacks left and customers who left while waiting, newest first (the console's follow-ups). */
  listFollowUps(
    principal: Principal,
    query: { state?: 'open' | 'done' | 'all'; limit?: number },
  ): Promise<FollowUp[]>;
  /** Marks a follow-up done, once. */
  completeFollowUp(principal: Principal, handoffId: string): Promise<FollowUp>;
  // Canned responses (canned-responses.ts): read by operators, written with an admin key.
  listCannedResponses(query: { queue?: string; language?: string }): Promise<CannedResponse[]>;
  createCannedResponse(
    principal: Principal,
    input: CannedResponseInput,
    options?: WriteOptions,
  ): Promise<CannedResponse>;
  updateCannedResponse(
    principal: Principal,
    id: string,
    input: CannedResponseInput & { version: number },
  ): Promise<CannedResponse>;
  deleteCannedResponse(id: string, version?: number): Promise<void>;
  /** Conversations (open and closed) whose words or customer name match, newest first. */
  searchConversations(principal: Principal, query: { q: string; limit?: number }): Promise<ConversationHit[]>;
  /** Events after `afterId` (exclusive), in commit order, optionally filtered. */
  events(filter: {
    afterId?: string;
    queue?: string;
    conversationId?: string;
    limit?: number;
  }): Promise<BatonEvent[]>;
  /** The id of the newest committed event ('0' when there is none): where a stream "from now" starts. */
  latestEventId(): Promise<string>;
  /** Resolves when new events may be readable (a wake-up, not a log), or when the signal aborts. */
  waitForEvents(signal: AbortSignal): Promise<void>;
  /**
   * Opens a live event stream, fed from this instance's one reader (see event-streams.ts):
   * `too_many_streams` past a cap, `cursor_expired` for a cursor older than retention.
   */
  openEventStream(
    principal: Principal,
    input: OpenStreamInput,
  ): Promise<{ subscription: EventSubscription; startId: string }>;
  getPolicy(): Promise<PolicyRecord>;
  putPolicy(principal: Principal, document: unknown): Promise<PolicyRecord>;
  /** Resolves a presented API key to its principal, or null when unknown, revoked or expired. */
  authenticate(presentedKey: string): Promise<Principal | null>;
  /** Like `authenticate`, but says why a key is refused. */
  checkKey(presentedKey: string): Promise<KeyCheck>;
  createKey(input: {
    scope: Scope;
    name: string;
    expiresAt?: string;
  }): Promise<{ key: string; record: ApiKeyRecord }>;
  /** Every key, without secrets. */
  listKeys(): Promise<ApiKeyRecord[]>;
  /**
   * Moves the conversations whose id starts with `idPrefix` from the keys `fromKeyIds` to the
   * principal's key (the demo agent's new key after a restart); returns how many moved.
   */
  adoptConversations(
    principal: Principal,
    input: { idPrefix: string; fromKeyIds: string[] },
  ): Promise<number>;
  /** Revokes a key on every instance at once, ending its open streams; null when there is no such key. */
  revokeKey(keyId: string): Promise<ApiKeyRecord | null>;
  /** A signal that aborts when the principal's key is revoked or expires: long-lived streams end on it. */
  watchKey(principal: Principal): KeyStream;
  /** Operators online in a queue (presence), for wait estimates and the nobody-online path. */
  setPresence(
    principal: Principal,
    input: {
      status: 'online' | 'away' | 'offline';
      queues?: string[];
      capacity?: number;
      skills?: string[];
      languages?: string[];
    },
  ): Promise<void>;
  // Routing: see routing.ts and queue-config.ts.
  /** Keeps these operators' `online` presence counting (one statement; called while their streams are open). */
  touchPresence(keyIds: readonly string[]): Promise<void>;
  /** Every queue with live depth, oldest wait, operators online and SLA state. */
  listQueues(principal: Principal): Promise<{ version: string; queues: QueueState[] }>;
  /** The current queue configuration and its history. */
  getQueueConfig(): Promise<{ current: QueueConfigRecord | null; versions: QueueConfigRecord[] }>;
  /** Validates and activates a queue configuration version (`invalid_queue_config` listing each field). */
  putQueueConfig(principal: Principal, document: unknown): Promise<QueueConfigRecord>;
  /** The offered operator accepts: a claim. */
  acceptOffer(principal: Principal, handoffId: string, options?: WriteOptions): Promise<Handoff>;
  /** The offered operator passes; the next operator is offered it. */
  declineOffer(principal: Principal, handoffId: string, input: { reason?: string }): Promise<Handoff>;
  /** The waiting customer's ETA now (null once the handoff no longer waits). */
  handoffEta(principal: Principal, handoffId: string): Promise<{ eta: Eta | null; message: string | null }>;
  // Outcomes and metrics: see ./outcomes/.
  /** The customer's 1–5 rating of the conversation; sending it again replaces it. */
  rateConversation(
    principal: Principal,
    conversationId: string,
    input: RatingInput,
  ): Promise<ConversationOutcome>;
  /** What the agent or an operator records about a whole conversation (the misses come from here). */
  recordConversationOutcome(
    principal: Principal,
    conversationId: string,
    input: ConversationOutcomeInput,
  ): Promise<ConversationOutcome>;
  metrics(principal: Principal, filter: MetricsFilter): Promise<Metrics>;
  metricsTimeSeries(principal: Principal, filter: TimeSeriesFilter): Promise<MetricsTimeSeries>;
  /** Operators needed per queue and hour of the week from stored history (Erlang C/A), against those online. */
  staffing(principal: Principal, query: StaffingQuery): Promise<StaffingReport>;
  /** Whether the database takes a write in time (a rolled-back probe write), for `/readyz`. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
