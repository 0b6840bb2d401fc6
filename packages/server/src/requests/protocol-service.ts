/**
 * The protocol's use cases as one port, for the HTTP routes, MCP tools and platform adapters alike:
 * requests (consult, approval, handoff, transfer) with structured answers and deadlines, promises
 * from hand-backs, and the customer's status stream with its tokens.
 */
import { BatonError } from '../errors.ts';
import { loadConversation } from '../service/access.ts';
import type { ServiceContext } from '../service/context.ts';
import type { EventStreams } from '../service/event-streams.ts';
import type { TypingHub } from '../service/typing-hub.ts';
import type { ConversationRow } from '../service/rows.ts';
import type { Principal, WriteOptions } from '../service/types.ts';
import { answerRequest, cancelRequest } from './answer-request.ts';
import { applyRequestDeadlines } from './apply-deadline.ts';
import { createRequest } from './create-request.ts';
import { customerLanguage } from './customer-messages.ts';
import {
  CUSTOMER_STREAM_DEFAULTS,
  CustomerSubscription,
  queueWaitEstimate,
  type CustomerStreamSettings,
  type WaitEstimate,
} from './customer-stream.ts';
import type { QueueChanges, QueueChangesOptions } from './queue-changes.ts';
import { checkCustomerToken, createCustomerToken, type CustomerToken } from './customer-tokens.ts';
import { keepPromise, type CustomerPromise } from './hand-back.ts';
import { getRequest, listConversationRequests, listRequests } from './read-requests.ts';
import type {
  AskStatus,
  BatonRequest,
  CreateRequestInput,
  CreatedRequest,
  RequestAnswer,
} from './request-types.ts';

/** Who opens a customer stream: the agent's key, or a customer token for the conversation. */
export type CustomerStreamAccess = { principal: Principal } | { token: string };

export interface OpenCustomerStream {
  subscription: CustomerSubscription;
  /** The id the stream starts after. */
  startId: string;
  /** When a token opened it: the stream ends then. */
  expiresAt: string | null;
}

export interface ProtocolService {
  /** A consult, an approval, or a handoff, on the conversation. */
  createRequest(
    principal: Principal,
    conversationId: string,
    input: CreateRequestInput,
    options?: WriteOptions,
  ): Promise<CreatedRequest>;
  /** One request (a handoff's id reads as a `handoff` or `transfer` request). */
  getRequest(principal: Principal, requestId: string): Promise<BatonRequest>;
  listConversationRequests(principal: Principal, conversationId: string): Promise<BatonRequest[]>;
  /** Consults and approvals waiting for operators (or in another status). */
  listRequests(
    principal: Principal,
    filter: { status?: AskStatus; queue?: string; kind?: 'consult' | 'approval'; limit?: number },
  ): Promise<BatonRequest[]>;
  /** An operator's structured answer; exactly one answer counts. */
  answerRequest(
    principal: Principal,
    requestId: string,
    answer: RequestAnswer,
    options?: WriteOptions,
  ): Promise<BatonRequest>;
  cancelRequest(principal: Principal, requestId: string, options?: WriteOptions): Promise<BatonRequest>;
  /** Marks a promise from a hand-back kept: it stops riding on the agent's answers. */
  keepPromise(principal: Principal, conversationId: string, promiseId: string): Promise<CustomerPromise>;
  /** A short-lived token that reads only this conversation's customer stream. */
  createCustomerToken(
    principal: Principal,
    conversationId: string,
    input: { ttlSeconds?: number },
  ): Promise<CustomerToken>;
  openCustomerStream(
    access: CustomerStreamAccess,
    conversationId: string,
    input: { cursor?: string; from?: 'now' | 'oldest' },
  ): Promise<OpenCustomerStream>;
  /** Applies every passed request deadline (housekeeping; safe on several instances at once). */
  applyRequestDeadlines(): Promise<BatonRequest[]>;
}

export interface ProtocolOptions {
  customerStream?: Partial<CustomerStreamSettings>;
  /** The wait estimate the customer stream uses (default: service/queue-wait.ts). */
  waitEstimate?: WaitEstimate;
  /** Where the stream hears operators typing (ephemeral indicators, sent as `operator-typing`). */
  typing?: TypingHub;
  /** How often a changed queue's customer streams recompute at most (queue-changes.ts). */
  queueChanges?: Partial<QueueChangesOptions>;
}

/** The protocol's use cases over a service context and its event streams. */
export function protocolUseCases(
  context: ServiceContext,
  streams: EventStreams,
  options: ProtocolOptions = {},
  queueChanges?: QueueChanges,
): ProtocolService {
  const settings: CustomerStreamSettings = { ...CUSTOMER_STREAM_DEFAULTS, ...options.customerStream };
  const estimate = options.waitEstimate ?? queueWaitEstimate;
  return {
    createRequest: (principal, conversationId, input, writeOptions) =>
      createRequest(context, principal, conversationId, input, writeOptions),
    getRequest: (principal, requestId) => getRequest(context, principal, requestId),
    listConversationRequests: (principal, conversationId) =>
      listConversationRequests(context, principal, conversationId),
    listRequests: (_principal, filter) => listRequests(context, filter),
    answerRequest: (principal, requestId, answer, writeOptions) =>
      answerRequest(context, principal, requestId, answer, writeOptions),
    cancelRequest: (principal, requestId, writeOptions) =>
      cancelRequest(context, principal, requestId, writeOptions),
    keepPromise: (principal, conversationId, promiseId) =>
      keepPromise(context, principal, conversationId, promiseId),
    createCustomerToken: (principal, conversationId, input) =>
      createCustomerToken(context, principal, conversationId, input),
    applyRequestDeadlines: () => applyRequestDeadlines(context),
    async openCustomerStream(access, conversationId, input) {
      let principal: Principal;
      let expiresAt: string | null = null;
      let conversation: ConversationRow | undefined;
      if ('token' in access) {
        expiresAt = (await checkCustomerToken(context, access.token, conversationId)).expiresAt;
        // The token's own stream budget: per conversation, apart from the agent's key.
        principal = { keyId: `customer:${conversationId}`, scope: 'agent', name: 'customer' };
        [conversation] = await context.database.query<ConversationRow>(
          'SELECT * FROM conversations WHERE id = $1',
          [conversationId],
        );
        if (!conversation)
          throw new BatonError('conversation_not_found', `No conversation ${conversationId}.`);
      } else {
        principal = access.principal;
        conversation = await loadConversation(context.database, principal, conversationId, false);
      }
      const opened = await streams.open(principal, {
        conversationId,
        ...(input.cursor !== undefined ? { cursor: input.cursor } : { from: input.from ?? 'oldest' }),
      });
      const subscription = new CustomerSubscription({
        inner: opened.subscription,
        context,
        conversationId,
        // The language given, else the one detected from the customer's turns so far.
        language: customerLanguage(conversation.customer?.language ?? conversation.detected_language),
        settings,
        estimate,
        ...(options.typing ? { typing: options.typing } : {}),
        ...(queueChanges ? { queueChanges } : {}),
      });
      await subscription.start();
      if (expiresAt !== null) {
        const timer = setTimeout(
          () => subscription.close('key_revoked'),
          Math.max(0, new Date(expiresAt).getTime() - context.now().getTime()),
        );
        timer.unref();
        subscription.closed.addEventListener('abort', () => clearTimeout(timer), { once: true });
      }
      return { subscription, startId: opened.startId, expiresAt };
    },
  };
}
