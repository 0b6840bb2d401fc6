/**
 * The console's one door to Baton: the sdk's `BatonClient` on the page's own origin, wrapped in the
 * few calls the console makes. Components never call `fetch` themselves.
 */
import { BatonApiError, BatonClient, BatonConnectionError, BatonResponseError } from '@baton/sdk';
import type {
  BatonEvent,
  BatonRequest,
  HandBackAction,
  PromiseInput,
  RequestAnswer,
  CannedResponse,
  CannedResponseInput,
  CannedResponseList,
  UpdateCannedResponse,
  ConversationHit,
  ConversationView,
  FollowUp,
  Caller,
  CreatedKey,
  HandoffEta,
  QueueConfigHistory,
  QueueList,
  Handoff,
  HandoffOutcome,
  Metrics,
  MetricsTimeSeries,
  Note,
  PolicyRecord,
  StaffingQuery,
  StaffingReport,
  StoredTurn,
} from '@baton/sdk';

import { collaborationApi, type CollaborationApi } from './collaboration-api.ts';

export type HandoffStatus = Handoff['status'];
export type PresenceStatus = 'online' | 'away' | 'offline';

export type AskStatus = 'open' | 'answered' | 'timed_out' | 'cancelled';

/** A return to the agent with the structured hand-back: what was done, promised, and must (not) happen. */
export interface StructuredReturn {
  note: string;
  actions?: HandBackAction[];
  promises?: PromiseInput[];
  must?: string[];
  mustNot?: string[];
}

/** What routing matches an operator on, besides their status (`POST /v1/presence`). */
export interface PresenceRouting {
  /** Most conversations at once (claimed plus standing offers); absent: no limit. */
  capacity?: number;
  skills?: string[];
  languages?: string[];
}

export interface SubscribeOptions {
  signal: AbortSignal;
  lastEventId?: string;
  /** The stream is (again) open. */
  onOpen?: () => void;
  /** The stream dropped; the client reconnects by itself and resumes after the last event. */
  onError?: (error: unknown) => void;
}

/** A metrics query: a queue (all when absent) and a time range in ISO times, `to` exclusive. */
export interface MetricsQuery {
  queue?: string;
  from: string;
  to: string;
  /** Also break the figures down by this dimension (equity). */
  groupBy?: 'language' | 'segment' | 'queue' | 'trigger';
}

/** What the console does with the API, one method per route it uses. */
export interface ConsoleApi {
  /** Typing indicators, assign, take over and bulk moves (absent in test doubles that do not need them). */
  collaboration?: CollaborationApi;
  listHandoffs(query?: { status?: HandoffStatus; queue?: string; limit?: number }): Promise<Handoff[]>;
  getHandoff(handoffId: string): Promise<Handoff>;
  getConversation(conversationId: string): Promise<ConversationView>;
  claim(handoffId: string): Promise<Handoff>;
  reply(handoffId: string, text: string): Promise<StoredTurn>;
  addNote(handoffId: string, text: string): Promise<Note>;
  transfer(handoffId: string, input: { queue: string; note?: string }): Promise<Handoff>;
  /** Hands the conversation back with a note and, optionally, the structured hand-back. */
  returnToAgent(handoffId: string, handBack: string | StructuredReturn): Promise<Handoff>;
  resolve(handoffId: string, outcome: HandoffOutcome): Promise<Handoff>;
  /** The operator's status, with the capacity, skills and languages routing offers by (presence.ts). */
  setPresence(status: PresenceStatus, routing?: PresenceRouting): Promise<void>;
  getPolicy(): Promise<PolicyRecord>;
  /** The lead's figures (`GET /v1/metrics`). */
  metrics(query: MetricsQuery): Promise<Metrics>;
  /** Handoffs per hour or day, by trigger (`GET /v1/metrics/timeseries`). */
  metricsTimeSeries(
    query: MetricsQuery & { bucket?: 'minute' | '5min' | 'hour' | 'day' },
  ): Promise<MetricsTimeSeries>;
  createKey(input: { scope: 'operator'; name: string }): Promise<CreatedKey>;
  /** Who this key belongs to (its holder's name and scope). */
  me(): Promise<Caller>;
  /** Operators needed per queue and hour of the week (`GET /v1/staffing`). */
  staffing(query: StaffingQuery): Promise<StaffingReport>;
  /** Callbacks left and customers who left while waiting (open ones unless asked). */
  listFollowUps(query?: { state?: 'open' | 'done' | 'all'; limit?: number }): Promise<FollowUp[]>;
  completeFollowUp(handoffId: string): Promise<FollowUp>;
  /** Conversations, open or closed, by their words or the customer's name. */
  searchConversations(q: string): Promise<ConversationHit[]>;
  /** Consults and approvals for operators, by status (`open` unless asked). */
  listRequests(query?: { status?: AskStatus; queue?: string; limit?: number }): Promise<BatonRequest[]>;
  /** One request (a passed deadline is applied before it is read). */
  getRequest(requestId: string): Promise<BatonRequest>;
  /** Every request of a conversation, oldest first. */
  listConversationRequests(conversationId: string): Promise<BatonRequest[]>;
  /** An operator's structured answer; `request_closed` / `deadline_passed` when another result stands. */
  answerRequest(requestId: string, answer: RequestAnswer): Promise<BatonRequest>;
  /** Every queue with its live depth, oldest wait, operators online and SLA state. */
  listQueues(): Promise<QueueList>;
  /** The queue configuration (hours, SLA targets, ladder) behind the queues. */
  getQueueConfig(): Promise<QueueConfigHistory>;
  /** Takes the handoff the server offered this operator (a claim). */
  acceptOffer(handoffId: string): Promise<Handoff>;
  /** Passes on an offer; the server offers the handoff to the next operator. */
  declineOffer(handoffId: string): Promise<Handoff>;
  /** A waiting handoff's position and ETA range with its confidence. */
  handoffEta(handoffId: string): Promise<HandoffEta>;
  /** One conversation's events from the oldest kept, then live, until `signal` aborts. */
  conversationEvents(
    conversationId: string,
    onEvent: (event: BatonEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Canned responses for a team and language first, then the general ones. */
  listCannedResponses(query?: { queue?: string; language?: string }): Promise<CannedResponseList>;
  createCannedResponse(input: CannedResponseInput): Promise<CannedResponse>;
  /** A stale `version` is a `version_conflict` carrying the `current` response. */
  updateCannedResponse(id: string, input: UpdateCannedResponse): Promise<CannedResponse>;
  deleteCannedResponse(id: string): Promise<void>;
  /** Every event after `lastEventId`, live, until `signal` aborts. */
  subscribe(onEvent: (event: BatonEvent) => void, options: SubscribeOptions): Promise<void>;
}

// The console's one shared stream; a conversation's own history stream (`conversation=`) is not it.
const isEventStream = (input: RequestInfo | URL) => {
  const url = String(input instanceof Request ? input.url : input);
  return url.includes('/v1/events') && !url.includes('conversation=');
};
const isPresence = (input: RequestInfo | URL) =>
  String(input instanceof Request ? input.url : input).includes('/v1/presence');

/** The API on the page's own origin with one key. */
export function createConsoleApi(apiKey: string, baseUrl: string = window.location.origin): ConsoleApi {
  let onStreamOpen: (() => void) | undefined;
  const client = new BatonClient({
    baseUrl,
    apiKey,
    // The sdk's fetch, seen from here: tells the console when the event stream is open, and lets a
    // presence update outlive the page (`keepalive`), so closing the tab sets the operator offline.
    fetch: async (input, init) => {
      const response = await fetch(input, isPresence(input) ? { ...init, keepalive: true } : init);
      if (response.ok && isEventStream(input)) onStreamOpen?.();
      return response;
    },
  });
  return {
    collaboration: collaborationApi(client),
    listHandoffs: (query = {}) => client.listHandoffs(query),
    getHandoff: (handoffId) => client.getHandoff(handoffId),
    getConversation: (conversationId) => client.getConversation(conversationId),
    claim: (handoffId) => client.claim(handoffId),
    reply: (handoffId, text) => client.reply(handoffId, { text }),
    addNote: (handoffId, text) => client.addNote(handoffId, { text }),
    transfer: (handoffId, input) => client.transfer(handoffId, input),
    returnToAgent: (handoffId, handBack) =>
      client.returnToAgent(handoffId, typeof handBack === 'string' ? { note: handBack } : handBack),
    resolve: (handoffId, outcome) => client.resolve(handoffId, outcome),
    setPresence: (status, routing = {}) => client.setPresence({ status, ...routing }),
    listQueues: () => client.listQueues(),
    getQueueConfig: () => client.getQueueConfig(),
    acceptOffer: (handoffId) => client.acceptOffer(handoffId),
    declineOffer: (handoffId) => client.declineOffer(handoffId),
    handoffEta: (handoffId) => client.handoffEta(handoffId),
    async conversationEvents(conversationId, onEvent, signal) {
      try {
        await client.subscribe({ onEvent, signal, conversation: conversationId, from: 'oldest' });
      } catch {
        // A refused stream (revoked key) ends the history; the rest of the console says why.
      }
    },
    getPolicy: () => client.getPolicy(),
    metrics: (query) => client.metrics(query),
    metricsTimeSeries: (query) => client.metricsTimeSeries(query),
    createKey: (input) => client.createKey(input),
    me: () => client.me(),
    staffing: (query) => client.staffing(query),
    listFollowUps: (query = {}) => client.listFollowUps(query),
    completeFollowUp: (handoffId) => client.completeFollowUp(handoffId),
    searchConversations: (q) => client.searchConversations({ q, limit: 20 }),
    listRequests: (query = {}) => client.listRequests(query),
    getRequest: (requestId) => client.getRequest(requestId),
    listConversationRequests: (conversationId) => client.listConversationRequests(conversationId),
    answerRequest: (requestId, answer) => client.answerRequest(requestId, answer),
    listCannedResponses: (query = {}) => client.listCannedResponses(query),
    createCannedResponse: (input) => client.createCannedResponse(input),
    updateCannedResponse: (id, input) => client.updateCannedResponse(id, input),
    deleteCannedResponse: (id) => client.deleteCannedResponse(id),
    async subscribe(onEvent, options) {
      onStreamOpen = options.onOpen;
      try {
        await client.subscribe({
          onEvent,
          signal: options.signal,
          ...(options.lastEventId !== undefined ? { lastEventId: options.lastEventId } : {}),
          onDisconnect: (error) => options.onError?.(error),
        });
      } catch (error) {
        // A refusal (revoked key): the stream stops for good, and the console says so.
        if (!options.signal.aborted) options.onError?.(error);
      }
    },
  };
}

/** A readable sentence for any failure, naming the winner of a lost claim. */
export function describeFailure(error: unknown): string {
  if (error instanceof BatonApiError) {
    if (error.code === 'already_claimed') {
      const winner = error.problem['claimedBy'];
      return `${typeof winner === 'string' ? winner : 'Someone else'} claimed this handoff first.`;
    }
    if (error.code === 'unauthenticated') return 'The key is unknown or revoked. Sign in again.';
    if (error.code === 'forbidden') return 'This key may not do that (it needs the operator scope).';
    if (error.code === 'offer_expired') return 'Too late: the offer expired and went to the next operator.';
    if (error.code === 'offer_not_yours') return 'This handoff is no longer offered to you.';
    if (error.code === 'over_capacity')
      return 'You already hold as many conversations as your capacity allows. Raise it or finish one first.';
    if (error.code === 'rate_limited') return 'Baton is busy right now. Try again in a moment.';
    return error.detail ?? error.title;
  }
  if (error instanceof BatonConnectionError) {
    return error.reason === 'timeout'
      ? 'Baton did not answer in time. Check your connection; the console keeps trying.'
      : 'Baton cannot be reached: you may be offline, or the server is restarting. The console keeps trying.';
  }
  if (error instanceof BatonResponseError) {
    return `Baton answered in a way the console did not expect (HTTP ${error.status}). Reload the page; if it persists, tell whoever runs Baton.`;
  }
  // The browser's own words for a network failure ("Failed to fetch", "NetworkError...") say nothing.
  if (error instanceof TypeError) {
    return 'Baton cannot be reached: you may be offline, or the server is restarting. The console keeps trying.';
  }
  return error instanceof Error ? error.message : String(error);
}

/** Whether a failure is a lost claim race. */
export function isLostClaim(error: unknown): boolean {
  return error instanceof BatonApiError && error.code === 'already_claimed';
}
