/** Conversation routes: the agent posts turns, asks for a person, and reads the whole thread. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ConversationIdSchema,
  ConversationViewSchema,
  PostTurnRequestSchema,
  RequestHandoffRequestSchema,
  RequestHandoffResponseSchema,
  TurnResultSchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, idempotencyHeaders, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

const params = z.object({ conversationId: ConversationIdSchema });

/** Registers the conversation routes. */
export function registerConversationRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/turns',
      operationId: 'postTurn',
      tags: ['conversations'],
      summary: 'Post a turn and get the decision',
      description:
        'Creates the conversation on first use. While an operator owns the conversation, the turn is stored and ' +
        'streamed to the operator, and `agentShouldReply` is false.',
      ...guard(service, ['agent'], 'required'),
      request: {
        params,
        headers: idempotencyHeaders,
        body: jsonRequest(PostTurnRequestSchema, 'The turn, and the customer’s details when known.'),
      },
      responses: {
        201: jsonResponse(TurnResultSchema, 'The stored turn, the decision and what to tell the customer.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const { customer, ...turn } = c.req.valid('json');
      const idempotencyKey = c.req.valid('header')['idempotency-key'];
      const result = await service.postTurn(c.get('principal'), {
        conversationId,
        turn,
        ...(customer ? { customer } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/handoff',
      operationId: 'requestHandoff',
      tags: ['conversations'],
      summary: 'Ask for a person (the agent decides itself)',
      ...guard(service, ['agent'], 'required'),
      request: {
        params,
        headers: idempotencyHeaders,
        body: jsonRequest(RequestHandoffRequestSchema, 'Why, how urgent, and which queue.'),
      },
      responses: {
        201: jsonResponse(RequestHandoffResponseSchema, 'The queued handoff and what to tell the customer.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const body = c.req.valid('json');
      const idempotencyKey = c.req.valid('header')['idempotency-key'];
      const result = await service.requestHandoff(c.get('principal'), {
        conversationId,
        ...body,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/conversations/{conversationId}',
      operationId: 'getConversation',
      tags: ['conversations'],
      summary: 'The whole thread, its status, owner and handoffs',
      ...guard(service, ['agent', 'operator']),
      request: { params },
      responses: {
        200: jsonResponse(ConversationViewSchema, 'The conversation with every turn, handoff and note.'),
        ...problems(404),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      return c.json(await service.getConversation(c.get('principal'), conversationId), 200);
    },
  );
}
