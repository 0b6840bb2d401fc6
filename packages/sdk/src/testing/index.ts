/**
 * `@baton/sdk/testing`: a stand-in for `BatonClient` for testing an agent without a server. It
 * records every call, answers turns with scripted decisions (`continue` unless told otherwise), and
 * plays the operator's part: claim, return with a note, resolve. Every answer is checked against
 * the wire schemas, so what the agent sees has the shape the real API sends.
 */
import {
  ConversationViewSchema,
  RequestHandoffResponseSchema,
  TurnResultSchema,
  type ConversationView,
  type Decision,
  type Handoff,
  type Note,
  type PostTurnRequest,
  type RequestHandoffResponse,
  type StoredTurn,
  type TurnResult,
} from '../schemas.ts';
import { BatonApiError } from '../errors.ts';
import {
  CreatedRequestSchema,
  RequestSchema,
  type BatonRequest,
  type CreateRequestRequest,
  type CreatedRequest,
  type RequestAnswer,
} from '../protocol-schemas.ts';
import { observe, type Observer, type ObserveOptions } from '../observe.ts';

/** One recorded call: the method and its arguments. */
export interface RecordedCall {
  method:
    | 'postTurn'
    | 'requestHandoff'
    | 'getConversation'
    | 'abandon'
    | 'leaveCallback'
    | 'createRequest'
    | 'getRequest';
  conversationId: string;
  args: unknown[];
}

/** A scripted answer for the next turn: an action, or a decision in part. */
export type ScriptedDecision = Decision['action'] | (Partial<Decision> & { action: Decision['action'] });

const MESSAGES: Record<Decision['action'], string | null> = {
  continue: null,
  offer: 'Would you like me to bring in a person?',
  handoff: 'A person will join shortly; you will not need to repeat anything.',
  approval: 'I need a colleague to approve this before I go ahead.',
};

interface FakeConversation {
  view: ConversationView;
  pendingReturnNote: string | null;
}

/** A test double of the agent-facing half of `BatonClient`. */
export class FakeBatonClient {
  /** Every call, in order. */
  readonly calls: RecordedCall[] = [];
  readonly #script: ScriptedDecision[] = [];
  readonly #conversations = new Map<string, FakeConversation>();
  readonly #requests = new Map<string, BatonRequest>();
  #ids = 0;
  #clock: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#clock = options.now ?? (() => new Date());
  }

  /** Queues the decisions of the next turns, in order; after them, turns get `continue`. */
  scriptDecisions(...decisions: ScriptedDecision[]): this {
    this.#script.push(...decisions);
    return this;
  }

  /** The turns posted to a conversation. */
  turns(conversationId: string): StoredTurn[] {
    return this.#conversations.get(conversationId)?.view.turns ?? [];
  }

  /** The conversation's open handoff (queued or claimed), if any. */
  openHandoff(conversationId: string): Handoff | undefined {
    return this.#conversations
      .get(conversationId)
      ?.view.handoffs.find((handoff) => handoff.status === 'queued' || handoff.status === 'claimed');
  }

  async postTurn(
    conversationId: string,
    turn: PostTurnRequest,
    options: { idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<TurnResult> {
    this.calls.push({ method: 'postTurn', conversationId, args: [turn, options] });
    const conversation = this.#conversation(conversationId, turn.customer);
    const { customer: _customer, ...fields } = turn;
    const stored: StoredTurn = {
      ...fields,
      id: this.#id('tu'),
      conversationId,
      seq: conversation.view.turns.length,
      at: turn.at ?? this.#now(),
      author: turn.role === 'customer' ? null : 'agent',
    };
    conversation.view.turns.push(stored);
    let open = this.openHandoff(conversationId);
    const operatorOwns = open?.status === 'claimed';
    const scripted = operatorOwns ? 'continue' : (this.#script.shift() ?? 'continue');
    const decision = this.#decision(scripted);
    let customerMessage = operatorOwns ? null : decision.message;
    if (decision.action === 'handoff' && !open) {
      open = this.#openHandoff(conversation, decision.trigger ?? 'scripted', decision);
    } else if (open?.status === 'queued') {
      customerMessage = MESSAGES.handoff;
    }
    const returnNote = operatorOwns ? null : conversation.pendingReturnNote;
    if (!operatorOwns) conversation.pendingReturnNote = null;
    conversation.view.status = operatorOwns ? 'with_operator' : open ? 'waiting' : 'active';
    const { turns: _turns, handoffs: _handoffs, notes: _notes, ...summary } = conversation.view;
    return TurnResultSchema.parse({
      turn: stored,
      decision,
      conversation: summary,
      handoff: open ?? null,
      customerMessage,
      agentShouldReply: !operatorOwns,
      returnNote,
      handBack: null,
      openPromises: [],
    });
  }

  async requestHandoff(
    conversationId: string,
    request: { reason: string; priority?: Handoff['priority']; queue?: string },
    options: { idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<RequestHandoffResponse> {
    this.calls.push({ method: 'requestHandoff', conversationId, args: [request, options] });
    const conversation = this.#conversation(conversationId);
    if (this.openHandoff(conversationId)) {
      throw this.#problem(409, 'handoff_open', `Conversation ${conversationId} already has an open handoff.`);
    }
    const decision = this.#decision({
      action: 'handoff',
      priority: request.priority ?? 'normal',
      queue: request.queue ?? 'general',
      trigger: 'agent_requested',
    });
    const handoff = this.#openHandoff(conversation, 'agent_requested', decision, request.reason);
    return RequestHandoffResponseSchema.parse({ handoff, customerMessage: MESSAGES.handoff });
  }

  async getConversation(conversationId: string): Promise<ConversationView> {
    this.calls.push({ method: 'getConversation', conversationId, args: [] });
    const conversation = this.#conversations.get(conversationId);
    if (!conversation)
      throw this.#problem(404, 'conversation_not_found', `No conversation ${conversationId}.`);
    return ConversationViewSchema.parse(structuredClone(conversation.view));
  }

  async abandon(handoffId: string, request: { reason?: string } = {}): Promise<Handoff> {
    const { conversation, handoff } = this.#handoff(handoffId);
    this.calls.push({ method: 'abandon', conversationId: conversation.view.id, args: [handoffId, request] });
    return this.#end(handoff, 'abandoned');
  }

  async leaveCallback(handoffId: string, request: { phone?: string; message?: string }): Promise<Handoff> {
    const { conversation, handoff } = this.#handoff(handoffId);
    this.calls.push({
      method: 'leaveCallback',
      conversationId: conversation.view.id,
      args: [handoffId, request],
    });
    handoff.callback = { ...request };
    return structuredClone(handoff);
  }

  /** Creates a consult or an approval (kind `handoff` goes through `requestHandoff`). */
  async createRequest(
    conversationId: string,
    request: CreateRequestRequest,
    options: { idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<CreatedRequest> {
    this.calls.push({ method: 'createRequest', conversationId, args: [request, options] });
    if (!this.#conversations.has(conversationId)) {
      throw this.#problem(404, 'conversation_not_found', `No conversation ${conversationId}.`);
    }
    if (request.kind === 'handoff') {
      const { handoff, customerMessage } = await this.requestHandoff(conversationId, {
        reason: request.summary,
      });
      return CreatedRequestSchema.parse({
        request: this.#asRequest({
          id: handoff.id,
          conversationId,
          kind: 'handoff',
          status: handoff.status,
          question: handoff.reason,
          handoff,
        }),
        customerMessage,
      });
    }
    const created = this.#asRequest({
      id: `rq_test_${++this.#ids}`,
      conversationId,
      kind: request.kind,
      status: 'open',
      question: request.question ?? '',
      options:
        request.kind === 'approval'
          ? { actions: request.actions, allowEdit: request.allowEdit ?? true }
          : { ...(request.choices ? { choices: request.choices } : {}), freeText: request.freeText ?? true },
    });
    this.#requests.set(created.id, created);
    return CreatedRequestSchema.parse({ request: structuredClone(created), customerMessage: null });
  }

  async getRequest(requestId: string): Promise<BatonRequest> {
    const request = this.#requests.get(requestId);
    this.calls.push({
      method: 'getRequest',
      conversationId: request?.conversationId ?? '',
      args: [requestId],
    });
    if (!request) throw this.#problem(404, 'request_not_found', `No request ${requestId}.`);
    return RequestSchema.parse(structuredClone(request));
  }

  /** Plays an operator answering the conversation's newest open consult or approval. */
  operatorAnswers(conversationId: string, answer: RequestAnswer, operator = 'Operator'): BatonRequest {
    const open = [...this.#requests.values()].filter(
      (request) => request.conversationId === conversationId && request.status === 'open',
    );
    const request = open.at(-1);
    if (!request) throw new Error(`conversation ${conversationId} has no open request`);
    Object.assign(request, {
      status: 'answered',
      answer,
      answeredBy: operator,
      answeredAt: this.#now(),
      endedAt: this.#now(),
    });
    return structuredClone(request);
  }

  #asRequest(
    fields: Partial<BatonRequest> &
      Pick<BatonRequest, 'id' | 'conversationId' | 'kind' | 'status' | 'question'>,
  ): BatonRequest {
    return {
      options: {},
      queue: 'general',
      priority: 'normal',
      createdBy: 'agent',
      createdAt: this.#now(),
      deadline: null,
      onDeadline: null,
      answer: null,
      answeredBy: null,
      answeredAt: null,
      endedAt: null,
      timedOut: false,
      deadlineOutcome: null,
      escalatedHandoffId: null,
      handoff: null,
      ...fields,
    };
  }

  /** Wraps an agent loop for one conversation, as `BatonClient.observe` does. */
  observe(conversationId: string, options: ObserveOptions = {}): Observer {
    return observe(this, conversationId, options);
  }

  /** Plays an operator claiming the open handoff: from now on the agent is told to stay quiet. */
  operatorClaims(conversationId: string, operator = 'Operator'): Handoff {
    const handoff = this.#required(conversationId);
    Object.assign(handoff, { status: 'claimed', claimedBy: operator, claimedAt: this.#now() });
    const view = this.#conversations.get(conversationId)!.view;
    Object.assign(view, { owner: operator, status: 'with_operator' });
    return structuredClone(handoff);
  }

  /** Plays the operator handing the conversation back with a note (claiming it first if needed). */
  operatorReturns(conversationId: string, note: string): Handoff {
    const handoff = this.#required(conversationId);
    if (handoff.status === 'queued') this.operatorClaims(conversationId);
    const conversation = this.#conversations.get(conversationId)!;
    conversation.pendingReturnNote = note;
    this.#note(conversation, handoff, note, 'return');
    Object.assign(conversation.view, { owner: 'agent', status: 'active' });
    return this.#end(handoff, 'returned');
  }

  /** Plays the operator resolving the open handoff. */
  operatorResolves(
    conversationId: string,
    outcome: { resolved: boolean; warranted: boolean } = { resolved: true, warranted: true },
  ): Handoff {
    const handoff = this.#required(conversationId);
    if (handoff.status === 'queued') this.operatorClaims(conversationId);
    handoff.outcome = outcome;
    Object.assign(this.#conversations.get(conversationId)!.view, { status: 'closed' });
    return this.#end(handoff, 'resolved');
  }

  #decision(scripted: ScriptedDecision): Decision {
    const partial = typeof scripted === 'string' ? { action: scripted } : scripted;
    return {
      firings: [],
      trigger: partial.action === 'continue' ? null : `scripted-${partial.action}`,
      priority: 'normal',
      queue: 'general',
      message: MESSAGES[partial.action],
      approvalTools: [],
      policyVersion: 'test',
      ...partial,
    };
  }

  #conversation(conversationId: string, customer?: PostTurnRequest['customer']): FakeConversation {
    let conversation = this.#conversations.get(conversationId);
    if (!conversation) {
      const now = this.#now();
      conversation = {
        view: {
          id: conversationId,
          status: 'active',
          owner: 'agent',
          customer: {},
          createdAt: now,
          updatedAt: now,
          turns: [],
          handoffs: [],
          notes: [],
        },
        pendingReturnNote: null,
      };
      this.#conversations.set(conversationId, conversation);
    }
    if (customer) conversation.view.customer = { ...conversation.view.customer, ...customer };
    conversation.view.updatedAt = this.#now();
    return conversation;
  }

  #openHandoff(
    conversation: FakeConversation,
    trigger: string,
    decision: Decision,
    reason = trigger,
  ): Handoff {
    const handoff: Handoff = {
      id: this.#id('ho'),
      conversationId: conversation.view.id,
      status: 'queued',
      priority: decision.priority,
      queue: decision.queue,
      trigger,
      reason,
      signal: trigger === 'agent_requested' ? 'agent_requested' : null,
      firings: decision.firings,
      requestedAt: this.#now(),
      claimedAt: null,
      claimedBy: null,
      endedAt: null,
      outcome: null,
      callback: null,
      brief: null,
      policyVersion: decision.policyVersion,
    };
    conversation.view.handoffs.push(handoff);
    conversation.view.status = 'waiting';
    return structuredClone(handoff);
  }

  #note(conversation: FakeConversation, handoff: Handoff, text: string, kind: Note['kind']): void {
    conversation.view.notes.push({
      id: this.#id('no'),
      handoffId: handoff.id,
      author: 'Operator',
      text,
      kind,
      at: this.#now(),
    });
  }

  #end(handoff: Handoff, status: Handoff['status']): Handoff {
    Object.assign(handoff, { status, endedAt: this.#now() });
    return structuredClone(handoff);
  }

  #required(conversationId: string): Handoff {
    const open = this.#conversations
      .get(conversationId)
      ?.view.handoffs.find((handoff) => handoff.status === 'queued' || handoff.status === 'claimed');
    if (!open) throw new Error(`FakeBatonClient: conversation ${conversationId} has no open handoff`);
    return open;
  }

  #handoff(handoffId: string): { conversation: FakeConversation; handoff: Handoff } {
    for (const conversation of this.#conversations.values()) {
      const handoff = conversation.view.handoffs.find((candidate) => candidate.id === handoffId);
      if (handoff) return { conversation, handoff };
    }
    throw this.#problem(404, 'handoff_not_found', `No handoff ${handoffId}.`);
  }

  #problem(status: number, code: string, detail: string): BatonApiError {
    return new BatonApiError({ type: `urn:baton:problem:${code}`, title: code, status, code, detail });
  }

  #id(prefix: string): string {
    this.#ids += 1;
    return `${prefix}_fake_${this.#ids}`;
  }

  #now(): string {
    return this.#clock().toISOString();
  }
}
