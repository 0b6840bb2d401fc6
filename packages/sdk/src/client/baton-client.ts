/**
 * `BatonClient`: one typed method per route of Baton's HTTP API. Every answer is validated against
 * the wire schemas (the API's contract); errors are `BatonApiError` with the server's stable code.
 * Every write that acts on a conversation (a turn, asking for a person, and each operator move:
 * claim, reply, note, transfer, return, resolve, abandon) carries an `Idempotency-Key` (one per
 * logical call unless given), so a retry after a lost answer stores nothing twice.
 */
import type { z } from 'zod';
import { StaffingReportSchema, type StaffingQuery, type StaffingReport } from '../staffing-schemas.ts';
import {
  ConversationOutcomeSchema,
  MetricsSchema,
  MetricsTimeSeriesSchema,
  type ConversationOutcome,
  type ConversationOutcomeRequest,
  type Metrics,
  type MetricsTimeSeries,
  type RatingRequest,
  ConversationViewSchema,
  ApiKeyListSchema,
  ApiKeyRecordSchema,
  CallerSchema,
  CreatedKeySchema,
  HandoffListSchema,
  HandoffSchema,
  HealthSchema,
  NoteSchema,
  PolicyRecordSchema,
  RequestHandoffResponseSchema,
  StoredTurnSchema,
  TurnResultSchema,
  type BatonEvent,
  type ConversationView,
  type ApiKeyList,
  type ApiKeyRecord,
  type Caller,
  type CreatedKey,
  type Handoff,
  type HandoffOutcome,
  type Note,
  type PolicyRecord,
  type PostTurnRequest,
  type RequestHandoffResponse,
  type StoredTurn,
  type TurnResult,
} from '../schemas.ts';
import {
  ConversationSearchSchema,
  FollowUpListSchema,
  FollowUpSchema,
  type ConversationHit,
  type FollowUp,
} from '../console-schemas.ts';
import {
  CannedResponseListSchema,
  CannedResponseSchema,
  type CannedResponse,
  type CannedResponseInput,
  type CannedResponseList,
  type UpdateCannedResponse,
} from '../canned-response-schemas.ts';
import {
  CreatedRequestSchema,
  CustomerTokenSchema,
  RequestListSchema,
  RequestSchema,
  type BatonRequest,
  type CreateRequestRequest,
  type CreatedRequest,
  type CustomerToken,
  type RequestAnswer,
} from '../protocol-schemas.ts';
import {
  PromiseSchema,
  type CustomerPromise,
  type HandBackAction,
  type PromiseInput,
} from '../hand-back-schemas.ts';
import { streamEvents, type EventStreamOptions } from '../events/event-stream.ts';
import { HandoffEtaSchema, QueueConfigHistorySchema, QueueListSchema } from '../routing-schemas.ts';
import {
  AssigneeListSchema,
  BulkResultSchema,
  TypingStateSchema,
  type Assignee,
  type AssignRequest,
  type BulkRequest,
  type BulkResult,
  type TypingState,
} from '../collaboration-schemas.ts';
import { streamTyping, type TypingStreamOptions } from '../events/typing-stream.ts';
import { observe, type Observer, type ObserveOptions } from '../observe.ts';
import type { RetrySettings } from './retry.ts';
import { send, type RequestSpec, type TransportSettings } from './transport.ts';

export interface BatonClientOptions {
  /** Where Baton listens, such as `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** The API key, sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** A fetch to use instead of the global one (a proxy, a test). */
  fetch?: typeof fetch;
  /** Attempts after the first one. Default 3. */
  retries?: number;
  /** The first backoff step in ms; each later step doubles it, up to 5 s. Default 200. */
  retryBaseDelayMs?: number;
  /** Each attempt is cut after this long. Default 10 s. */
  timeoutMs?: number;
}

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of a call that may create something: the key a retry reuses. */
export interface IdempotentCallOptions extends CallOptions {
  /** Defaults to a new random key for this call, reused by its retries. */
  idempotencyKey?: string;
}

export type ListHandoffsFilter = {
  status?: Handoff['status'];
  queue?: string;
  limit?: number;
};

export type SubscribeOptions = EventStreamOptions & {
  /** Called for each event in order; the next one waits until it resolves. */
  onEvent: (event: BatonEvent) => void | Promise<void>;
};

const DEFAULTS = { retries: 3, retryBaseDelayMs: 200, maxDelayMs: 5_000, timeoutMs: 10_000 };
type Health = z.infer<typeof HealthSchema>;

const path = (template: TemplateStringsArray, ...ids: string[]) =>
  template.reduce(
    (out, part, index) => out + part + (index < ids.length ? encodeURIComponent(ids[index]!) : ''),
    '',
  );

/** A typed client of Baton's HTTP API. */
export class BatonClient {
  readonly #settings: TransportSettings;

  constructor(options: BatonClientOptions) {
    const retry: RetrySettings = {
      retries: options.retries ?? DEFAULTS.retries,
      baseDelayMs: options.retryBaseDelayMs ?? DEFAULTS.retryBaseDelayMs,
      maxDelayMs: DEFAULTS.maxDelayMs,
    };
    this.#settings = {
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      retry,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      random: Math.random,
    };
  }

  #send<T>(spec: RequestSpec<T>): Promise<T> {
    return send(this.#settings, spec);
  }

  /** Posts one turn and returns the decision, the handoff if any, and what to tell the customer. */
  postTurn(
    conversationId: string,
    turn: PostTurnRequest,
    options: IdempotentCallOptions = {},
  ): Promise<TurnResult> {
    return this.#send({
      method: 'POST',
      path: path`/v1/conversations/${conversationId}/turns`,
      body: turn,
      schema: TurnResultSchema,
      mode: 'idempotent',
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    });
  }

  /** The agent asks for a person itself: why, how urgent, which queue. */
  requestHandoff(
    conversationId: string,
    request: { reason: string; priority?: Handoff['priority']; queue?: string },
    options: IdempotentCallOptions = {},
  ): Promise<RequestHandoffResponse> {
    return this.#send({
      method: 'POST',
      path: path`/v1/conversations/${conversationId}/handoff`,
      body: request,
      schema: RequestHandoffResponseSchema,
      mode: 'idempotent',
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    });
  }

  /** The customer's 1–5 rating of a conversation; sending it again replaces it. */
  rate(
    conversationId: string,
    request: RatingRequest,
    options: CallOptions = {},
  ): Promise<ConversationOutcome> {
    return this.#post(
      path`/v1/conversations/${conversationId}/rating`,
      request,
      ConversationOutcomeSchema,
      options,
    );
  }

  /** How a conversation ended, with or without a handoff (a bad end without one is a miss). */
  recordOutcome(
    conversationId: string,
    request: ConversationOutcomeRequest,
    options: CallOptions = {},
  ): Promise<ConversationOutcome> {
    return this.#post(
      path`/v1/conversations/${conversationId}/outcome`,
      request,
      ConversationOutcomeSchema,
      options,
    );
  }

  /** Handoff rate, per-trigger precision and misses, times to claim/reply/resolve, abandonment, ratings. */
  metrics(
    filter: {
      queue?: string;
      from?: string;
      to?: string;
      groupBy?: 'language' | 'segment' | 'queue' | 'trigger';
    } = {},
    options: CallOptions = {},
  ): Promise<Metrics> {
    return this.#send({
      method: 'GET',
      path: '/v1/metrics',
      query: { queue: filter.queue, from: filter.from, to: filter.to, groupBy: filter.groupBy },
      schema: MetricsSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** Handoffs per hour or day, by trigger, for charts. */
  metricsTimeSeries(
    filter: { queue?: string; from?: string; to?: string; bucket?: 'minute' | '5min' | 'hour' | 'day' } = {},
    options: CallOptions = {},
  ): Promise<MetricsTimeSeries> {
    return this.#send({
      method: 'GET',
      path: '/v1/metrics/timeseries',
      query: { queue: filter.queue, from: filter.from, to: filter.to, bucket: filter.bucket },
      schema: MetricsTimeSeriesSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** Operators needed per queue and hour of the week for a service-level target, against those online. */
  staffing(query: StaffingQuery = {}, options: CallOptions = {}): Promise<StaffingReport> {
    return this.#send({
      method: 'GET',
      path: '/v1/staffing',
      query: Object.fromEntries(
        Object.entries(query).map(([name, value]) => [name, value === undefined ? undefined : String(value)]),
      ),
      schema: StaffingReportSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** The whole thread: status, owner, every turn, handoff and note. */
  getConversation(conversationId: string, options: CallOptions = {}): Promise<ConversationView> {
    return this.#get(path`/v1/conversations/${conversationId}`, ConversationViewSchema, options);
  }

  /** The queue: handoffs by priority, then waiting time. */
  async listHandoffs(filter: ListHandoffsFilter = {}, options: CallOptions = {}): Promise<Handoff[]> {
    const list = await this.#send({
      method: 'GET',
      path: '/v1/handoffs',
      query: { status: filter.status, queue: filter.queue, limit: filter.limit },
      schema: HandoffListSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
    return list.handoffs;
  }

  /** One handoff, with its brief. */
  getHandoff(handoffId: string, options: CallOptions = {}): Promise<Handoff> {
    return this.#get(path`/v1/handoffs/${handoffId}`, HandoffSchema, options);
  }

  /** Claims a queued handoff; of two operators claiming at once, one gets `already_claimed`. */
  claim(handoffId: string, options: IdempotentCallOptions = {}): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/claim`, undefined, HandoffSchema, options);
  }

  /** The operator's reply to the customer, stored as a turn with role `operator`. */
  reply(
    handoffId: string,
    request: { text: string },
    options: IdempotentCallOptions = {},
  ): Promise<StoredTurn> {
    return this.#write(path`/v1/handoffs/${handoffId}/messages`, request, StoredTurnSchema, options);
  }

  /** An internal note, never shown to the customer. */
  addNote(handoffId: string, request: { text: string }, options: IdempotentCallOptions = {}): Promise<Note> {
    return this.#write(path`/v1/handoffs/${handoffId}/notes`, request, NoteSchema, options);
  }

  /** Moves the handoff to another queue, with a note. */
  transfer(
    handoffId: string,
    request: { queue: string; note?: string },
    options: IdempotentCallOptions = {},
  ): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/transfer`, request, HandoffSchema, options);
  }

  /**
   * Hands the conversation back to the agent; the agent's next answer carries the note and the
   * structured hand-back (what was done, promised, and must or must not happen next).
   */
  returnToAgent(
    handoffId: string,
    request: {
      note: string;
      actions?: HandBackAction[];
      promises?: PromiseInput[];
      must?: string[];
      mustNot?: string[];
    },
    options: IdempotentCallOptions = {},
  ): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/return`, request, HandoffSchema, options);
  }

  /** Ends the handoff with its outcome (the data that tunes the triggers). */
  resolve(handoffId: string, outcome: HandoffOutcome, options: IdempotentCallOptions = {}): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/resolve`, outcome, HandoffSchema, options);
  }

  /** Records that the customer left while waiting. */
  abandon(
    handoffId: string,
    request: { reason?: string } = {},
    options: IdempotentCallOptions = {},
  ): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/abandon`, request, HandoffSchema, options);
  }

  /** Stores the callback number or message the customer left when nobody was online. */
  leaveCallback(
    handoffId: string,
    request: { phone?: string; message?: string },
    options: CallOptions = {},
  ): Promise<Handoff> {
    return this.#post(path`/v1/handoffs/${handoffId}/callback`, request, HandoffSchema, options);
  }

  /** Callbacks the customers left and customers who left while waiting (open ones by default). */
  async listFollowUps(
    query: { state?: 'open' | 'done' | 'all'; limit?: number } = {},
    options: CallOptions = {},
  ): Promise<FollowUp[]> {
    const list = await this.#send({
      method: 'GET',
      path: '/v1/follow-ups',
      query: { state: query.state, limit: query.limit },
      schema: FollowUpListSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
    return list.followUps;
  }

  /** Marks a follow-up done; marking it again keeps the first mark, so it is retried like a read. */
  completeFollowUp(handoffId: string, options: CallOptions = {}): Promise<FollowUp> {
    return this.#send({
      method: 'POST',
      path: path`/v1/follow-ups/${handoffId}/done`,
      schema: FollowUpSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** A consult, an approval or a handoff on the conversation (the agent). */
  createRequest(
    conversationId: string,
    request: CreateRequestRequest,
    options: IdempotentCallOptions = {},
  ): Promise<CreatedRequest> {
    return this.#write(
      path`/v1/conversations/${conversationId}/requests`,
      request,
      CreatedRequestSchema,
      options,
    );
  }

  /** One request, with its answer once there is one (a passed deadline is applied first). */
  getRequest(requestId: string, options: CallOptions = {}): Promise<BatonRequest> {
    return this.#get(path`/v1/requests/${requestId}`, RequestSchema, options);
  }

  /** Every request of a conversation, oldest first. */
  async listConversationRequests(conversationId: string, options: CallOptions = {}): Promise<BatonRequest[]> {
    const list = await this.#get(
      path`/v1/conversations/${conversationId}/requests`,
      RequestListSchema,
      options,
    );
    return list.requests;
  }

  /** Consults and approvals waiting for operators (default status `open`). */
  async listRequests(
    filter: {
      status?: 'open' | 'answered' | 'timed_out' | 'cancelled';
      queue?: string;
      kind?: 'consult' | 'approval';
      limit?: number;
    } = {},
    options: CallOptions = {},
  ): Promise<BatonRequest[]> {
    const list = await this.#send({
      method: 'GET',
      path: '/v1/requests',
      query: { status: filter.status, queue: filter.queue, kind: filter.kind, limit: filter.limit },
      schema: RequestListSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
    return list.requests;
  }

  /** An operator's structured answer; `request_closed` when another answer counted first. */
  answerRequest(
    requestId: string,
    answer: RequestAnswer,
    options: IdempotentCallOptions = {},
  ): Promise<BatonRequest> {
    return this.#write(path`/v1/requests/${requestId}/answer`, answer, RequestSchema, options);
  }

  /** Withdraws an open consult or approval. */
  cancelRequest(requestId: string, options: IdempotentCallOptions = {}): Promise<BatonRequest> {
    return this.#write(path`/v1/requests/${requestId}/cancel`, undefined, RequestSchema, options);
  }

  /** Marks a promise from a hand-back kept. */
  keepPromise(
    conversationId: string,
    promiseId: string,
    options: CallOptions = {},
  ): Promise<CustomerPromise> {
    // Keeping a kept promise changes nothing, so it is retried like a read.
    return this.#send({
      method: 'POST',
      path: path`/v1/conversations/${conversationId}/promises/${promiseId}/kept`,
      schema: PromiseSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** Conversations, open or closed, whose words or customer name contain `q`. */
  async searchConversations(
    query: { q: string; limit?: number },
    options: CallOptions = {},
  ): Promise<ConversationHit[]> {
    const result = await this.#send({
      method: 'GET',
      path: '/v1/search/conversations',
      query: { q: query.q, limit: query.limit },
      schema: ConversationSearchSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
    return result.hits;
  }

  /** A short-lived token for the chat widget, reading only this conversation's customer stream. */
  createCustomerToken(
    conversationId: string,
    request: { ttlSeconds?: number } = {},
    options: CallOptions = {},
  ): Promise<CustomerToken> {
    return this.#post(
      path`/v1/conversations/${conversationId}/customer-token`,
      request,
      CustomerTokenSchema,
      options,
    );
  }

  // Routing (docs/routing.md).
  /** Every queue with its live depth, oldest wait, operators online and SLA state. */
  listQueues(options: CallOptions = {}): Promise<z.infer<typeof QueueListSchema>> {
    return this.#get('/v1/queues', QueueListSchema, options);
  }

  /** The current queue configuration and every stored version (`GET /v1/queue-config`). */
  getQueueConfig(options: CallOptions = {}): Promise<z.infer<typeof QueueConfigHistorySchema>> {
    return this.#get('/v1/queue-config', QueueConfigHistorySchema, options);
  }

  /** Accepts the handoff offered to the caller (a claim). */
  acceptOffer(handoffId: string, options: IdempotentCallOptions = {}): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/accept`, undefined, HandoffSchema, options);
  }

  /** Passes on the handoff offered to the caller; the next operator is offered it. */
  declineOffer(
    handoffId: string,
    request: { reason?: string } = {},
    options: CallOptions = {},
  ): Promise<Handoff> {
    return this.#post(path`/v1/handoffs/${handoffId}/decline`, request, HandoffSchema, options);
  }

  /** The waiting customer's position and ETA range (null once the handoff no longer waits). */
  handoffEta(handoffId: string, options: CallOptions = {}): Promise<z.infer<typeof HandoffEtaSchema>> {
    return this.#get(path`/v1/handoffs/${handoffId}/eta`, HandoffEtaSchema, options);
  }

  /** Sets the calling operator's presence, queues, capacity, skills and languages. */
  setPresence(
    request: {
      status: 'online' | 'away' | 'offline';
      queues?: string[];
      capacity?: number;
      skills?: string[];
      languages?: string[];
    },
    options: CallOptions = {},
  ): Promise<void> {
    // Setting the same presence twice is harmless, so it is retried like a read.
    return this.#send({
      method: 'POST',
      path: '/v1/presence',
      body: request,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** The current policy and its version. */
  getPolicy(options: CallOptions = {}): Promise<PolicyRecord> {
    return this.#get('/v1/policy', PolicyRecordSchema, options);
  }

  /** Replaces the policy; an invalid one is a `BatonApiError` with code `invalid_policy` and `errors`. */
  putPolicy(document: Record<string, unknown>, options: CallOptions = {}): Promise<PolicyRecord> {
    return this.#send({
      method: 'PUT',
      path: '/v1/policy',
      body: document,
      schema: PolicyRecordSchema,
      mode: 'unsafe',
      signal: options.signal,
    });
  }

  /** Who this client's key belongs to: its id, scope, holder's name and expiry (any scope). */
  me(options: CallOptions = {}): Promise<Caller> {
    return this.#get('/v1/me', CallerSchema, options);
  }

  /** Creates an API key (admin scope); the secret is in the answer only. */
  createKey(
    request: { scope: 'agent' | 'operator' | 'admin'; name?: string; expiresAt?: string },
    options: CallOptions = {},
  ): Promise<CreatedKey> {
    return this.#post('/v1/keys', request, CreatedKeySchema, options);
  }

  /** Lists the API keys (admin scope): ids, scopes, names and dates, never a secret. */
  listKeys(options: CallOptions = {}): Promise<ApiKeyList> {
    return this.#get('/v1/keys', ApiKeyListSchema, options);
  }

  /** Revokes an API key (admin scope) on every instance; its open event streams end. Safe to retry. */
  revokeKey(keyId: string, options: CallOptions = {}): Promise<ApiKeyRecord> {
    return this.#send({
      method: 'DELETE',
      path: path`/v1/keys/${keyId}`,
      schema: ApiKeyRecordSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  // Canned responses: read by operators, managed with an admin key.
  /** Canned responses for a team and language first, then the general ones (`GET /v1/canned-responses`). */
  listCannedResponses(
    query: { queue?: string; language?: string } = {},
    options: CallOptions = {},
  ): Promise<CannedResponseList> {
    return this.#send({
      method: 'GET',
      path: '/v1/canned-responses',
      query: { queue: query.queue, language: query.language },
      schema: CannedResponseListSchema,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** Creates a canned response (admin); a retry with the same key creates it once. */
  createCannedResponse(
    input: CannedResponseInput,
    options: IdempotentCallOptions = {},
  ): Promise<CannedResponse> {
    return this.#write('/v1/canned-responses', input, CannedResponseSchema, options);
  }

  /** Edits a canned response from `version`; a stale version is `409 version_conflict`. */
  updateCannedResponse(
    id: string,
    input: UpdateCannedResponse,
    options: CallOptions = {},
  ): Promise<CannedResponse> {
    return this.#send({
      method: 'PUT',
      path: path`/v1/canned-responses/${id}`,
      body: input,
      schema: CannedResponseSchema,
      // The version makes a retry safe: a repeat of an applied edit is refused, never applied twice.
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** Deletes a canned response (admin); deleting it again is `404`. */
  async deleteCannedResponse(id: string, options: CallOptions = {}): Promise<void> {
    await this.#send({
      method: 'DELETE',
      path: path`/v1/canned-responses/${id}`,
      mode: 'idempotent',
      signal: options.signal,
    });
  }

  /** Whether the process is up (`/healthz`). */
  health(options: CallOptions = {}): Promise<Health> {
    return this.#get('/healthz', HealthSchema, options);
  }

  /** Whether the database is reachable (`/readyz`); a `BatonApiError` `unavailable` when not. */
  ready(options: CallOptions = {}): Promise<Health> {
    return this.#send({
      method: 'GET',
      path: '/readyz',
      schema: HealthSchema,
      // A probe wants today's answer: a 503 is reported at once, not retried away.
      mode: 'unsafe',
      signal: options.signal,
    });
  }

  // --- Collaboration: typing indicators, assign, take over, bulk moves ---------------------------

  /**
   * The customer is typing (or stopped) in a conversation: an ephemeral indicator for the operator.
   * Works with the agent's key, or with a customer token as the client's `apiKey` (a widget).
   */
  customerTyping(conversationId: string, typing: boolean, options: CallOptions = {}): Promise<TypingState> {
    return this.#post(
      path`/v1/conversations/${conversationId}/typing`,
      { typing },
      TypingStateSchema,
      options,
    );
  }

  /** The operator holding the handoff is typing a reply (or stopped). */
  operatorTyping(handoffId: string, typing: boolean, options: CallOptions = {}): Promise<TypingState> {
    return this.#post(path`/v1/handoffs/${handoffId}/typing`, { typing }, TypingStateSchema, options);
  }

  /** Typing indicators from every conversation (or one), live; reconnects by itself. */
  typingEvents(options: TypingStreamOptions = {}): AsyncGenerator<TypingState, void, undefined> {
    return streamTyping(this.#settings, options);
  }

  /** Colleagues present now who could be given the handoff, with their load and why not. */
  async listAssignees(handoffId: string, options: CallOptions = {}): Promise<Assignee[]> {
    const list = await this.#get(path`/v1/handoffs/${handoffId}/assignees`, AssigneeListSchema, options);
    return list.assignees;
  }

  /** Gives a waiting handoff, or one the caller holds, to a present colleague (by key id). */
  assign(handoffId: string, request: AssignRequest, options: IdempotentCallOptions = {}): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/assign`, request, HandoffSchema, options);
  }

  /** A lead (admin key) takes over a handoff claimed by someone else. */
  takeOver(
    handoffId: string,
    request: { note?: string } = {},
    options: IdempotentCallOptions = {},
  ): Promise<Handoff> {
    return this.#write(path`/v1/handoffs/${handoffId}/take-over`, request, HandoffSchema, options);
  }

  /** Resolves or transfers several handoffs; each succeeds or fails on its own (read `failed`). */
  bulkHandoffs(request: BulkRequest, options: IdempotentCallOptions = {}): Promise<BulkResult> {
    return this.#write('/v1/handoffs/bulk', request, BulkResultSchema, options);
  }

  /** Every event in commit order, live; reconnects and resumes after the last event yielded. */
  events(options: EventStreamOptions = {}): AsyncGenerator<BatonEvent, void, undefined> {
    return streamEvents(this.#settings, options);
  }

  /** Calls `onEvent` for every event until the signal aborts; resolves then. */
  async subscribe(options: SubscribeOptions): Promise<void> {
    const { onEvent, ...streamOptions } = options;
    for await (const event of streamEvents(this.#settings, streamOptions)) await onEvent(event);
  }

  /** Wraps an agent loop for one conversation: report each turn, get back what to do. */
  observe(conversationId: string, options: ObserveOptions = {}): Observer {
    return observe(this, conversationId, options);
  }

  #get<T>(pathname: string, schema: z.ZodType<T>, options: CallOptions): Promise<T> {
    return this.#send({ method: 'GET', path: pathname, schema, mode: 'idempotent', signal: options.signal });
  }

  /** A POST with an idempotency key (one per call unless given), so every failure may be retried. */
  #write<T>(
    pathname: string,
    body: unknown,
    schema: z.ZodType<T>,
    options: IdempotentCallOptions,
  ): Promise<T> {
    return this.#send({
      method: 'POST',
      path: pathname,
      body,
      schema,
      mode: 'idempotent',
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    });
  }

  /** A POST without an idempotency key: retried only when the server surely did not act on it. */
  #post<T>(pathname: string, body: unknown, schema: z.ZodType<T>, options: CallOptions): Promise<T> {
    return this.#send({
      method: 'POST',
      path: pathname,
      body,
      schema,
      mode: 'unsafe',
      signal: options.signal,
    });
  }
}
