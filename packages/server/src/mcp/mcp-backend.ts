/**
 * What Baton's MCP tools need: record a turn, ask for a person, ask a question or an approval, read a
 * conversation. Two
 * implementations: the service port in process (the `/mcp` route, with the caller's principal and
 * the same scopes as the HTTP routes) and `BatonClient` over HTTP (`baton mcp` on stdio), which has
 * this shape as is.
 */
import type {
  BatonRequest,
  CreateRequestRequest,
  CreatedRequest,
  ConversationView,
  Handoff,
  PostTurnRequest,
  RequestHandoffResponse,
  TurnResult,
} from '@baton/sdk';
import { BatonError } from '../errors.ts';
import type { Principal, Scope, Service } from '../service/types.ts';

export interface McpBackend {
  postTurn(
    conversationId: string,
    turn: PostTurnRequest,
    options?: { idempotencyKey?: string },
  ): Promise<TurnResult>;
  requestHandoff(
    conversationId: string,
    request: { reason: string; priority?: Handoff['priority']; queue?: string },
  ): Promise<RequestHandoffResponse>;
  getConversation(conversationId: string): Promise<ConversationView>;
  createRequest(conversationId: string, request: CreateRequestRequest): Promise<CreatedRequest>;
  getRequest(requestId: string): Promise<BatonRequest>;
}

/** The scopes the matching HTTP routes admit (`admin` is admitted everywhere). */
const SCOPES = {
  postTurn: ['agent'],
  requestHandoff: ['agent'],
  getConversation: ['agent', 'operator'],
  createRequest: ['agent'],
  getRequest: ['agent', 'operator'],
} as const satisfies Record<keyof McpBackend, readonly Scope[]>;

function check(principal: Principal, use: keyof McpBackend): void {
  const admitted: readonly Scope[] = SCOPES[use];
  if (principal.scope !== 'admin' && !admitted.includes(principal.scope)) {
    throw new BatonError('forbidden', `A key with scope \`${principal.scope}\` may not do this.`);
  }
}

/** The service as an MCP backend, acting as `principal`. */
export function serviceBackend(service: Service, principal: Principal): McpBackend {
  return {
    async postTurn(conversationId, request, options = {}) {
      check(principal, 'postTurn');
      const { customer, ...turn } = request;
      return (await service.postTurn(principal, {
        conversationId,
        turn: turn as Parameters<Service['postTurn']>[1]['turn'],
        ...(customer ? { customer } : {}),
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      })) as TurnResult;
    },
    async requestHandoff(conversationId, request) {
      check(principal, 'requestHandoff');
      return (await service.requestHandoff(principal, {
        conversationId,
        ...request,
      })) as RequestHandoffResponse;
    },
    async getConversation(conversationId) {
      check(principal, 'getConversation');
      return (await service.getConversation(principal, conversationId)) as ConversationView;
    },
    async createRequest(conversationId, request) {
      check(principal, 'createRequest');
      return (await service.createRequest(
        principal,
        conversationId,
        request as Parameters<Service['createRequest']>[2],
      )) as CreatedRequest;
    },
    async getRequest(requestId) {
      check(principal, 'getRequest');
      return (await service.getRequest(principal, requestId)) as BatonRequest;
    },
  };
}
