/**
 * Request routes: consults, approvals, handoffs and transfers as one model. The agent creates and
 * reads requests on its conversations; operators list the open ones and answer with a structured
 * answer (exactly one answer counts; after the deadline, `deadline_passed`). Also: marking a promise
 * from a hand-back kept, and minting a customer token for the chat widget.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ConversationIdSchema,
  CreateRequestRequestSchema,
  CreatedRequestSchema,
  CustomerTokenRequestSchema,
  CustomerTokenSchema,
  ListRequestsQuerySchema,
  PromiseSchema,
  RequestAnswerSchema,
  RequestIdSchema,
  RequestListSchema,
  RequestSchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import {
  guard,
  idempotencyHeaders,
  jsonRequest,
  jsonResponse,
  problems,
  writeOptions,
} from '../route-kit.ts';

const conversationParams = z.object({ conversationId: ConversationIdSchema });
const requestParams = z.object({ requestId: RequestIdSchema });

/** Registers the request routes. */
export function registerRequestRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/requests',
      operationId: 'createRequest',
      tags: ['requests'],
      summary: 'Ask a person: a consult, an approval, or a handoff',
      description:
        'A consult (a question, free text or choices) and an approval (held actions: approve, refuse or edit the ' +
        'arguments) leave the agent talking; a handoff silences it once an operator claims it. A deadline ' +
        '(`deadline` or `timeoutSeconds`) is stored with what happens at it (`onDeadline`); it is applied even if it ' +
        'passes while no server runs.',
      ...guard(service, ['agent'], 'required'),
      request: {
        params: conversationParams,
        headers: idempotencyHeaders,
        body: jsonRequest(CreateRequestRequestSchema, 'The request.'),
      },
      responses: {
        201: jsonResponse(CreatedRequestSchema, 'The request, and what to tell the customer now.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const created = await service.createRequest(
        c.get('principal'),
        conversationId,
        c.req.valid('json'),
        writeOptions(c.req.valid('header')),
      );
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/conversations/{conversationId}/requests',
      operationId: 'listConversationRequests',
      tags: ['requests'],
      summary: "A conversation's requests of every kind, oldest first",
      ...guard(service, ['agent', 'operator']),
      request: { params: conversationParams },
      responses: { 200: jsonResponse(RequestListSchema, 'The requests.'), ...problems(404) },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      return c.json(
        { requests: await service.listConversationRequests(c.get('principal'), conversationId) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/requests',
      operationId: 'listRequests',
      tags: ['requests'],
      summary: 'Consults and approvals waiting for an operator (most urgent, then oldest, first)',
      ...guard(service, ['operator']),
      request: { query: ListRequestsQuerySchema },
      responses: { 200: jsonResponse(RequestListSchema, 'The matching requests.'), ...problems() },
    }),
    async (c) =>
      c.json({ requests: await service.listRequests(c.get('principal'), c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/requests/{requestId}',
      operationId: 'getRequest',
      tags: ['requests'],
      summary: 'One request, with its answer once there is one',
      ...guard(service, ['agent', 'operator']),
      request: { params: requestParams },
      responses: { 200: jsonResponse(RequestSchema, 'The request.'), ...problems(404) },
    }),
    async (c) => c.json(await service.getRequest(c.get('principal'), c.req.valid('param').requestId), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/requests/{requestId}/answer',
      operationId: 'answerRequest',
      tags: ['requests'],
      summary: 'Answer a consult or an approval (exactly one answer counts)',
      description:
        'Approvals: `decision` approve, refuse, or edit with `editedArgs`. Consults: `text` and/or `choice`. A second ' +
        'answer gets 409 `request_closed`; an answer after the deadline gets 409 `deadline_passed` with the result ' +
        'that stands; an answer that does not fit the request gets 422 `invalid_answer`.',
      ...guard(service, ['operator'], 'required'),
      request: {
        params: requestParams,
        headers: idempotencyHeaders,
        body: jsonRequest(RequestAnswerSchema, 'The structured answer.'),
      },
      responses: {
        200: jsonResponse(RequestSchema, 'The answered request.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const answered = await service.answerRequest(
        c.get('principal'),
        c.req.valid('param').requestId,
        c.req.valid('json'),
        writeOptions(c.req.valid('header')),
      );
      return c.json(answered, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/requests/{requestId}/cancel',
      operationId: 'cancelRequest',
      tags: ['requests'],
      summary: 'Withdraw an open consult or approval',
      ...guard(service, ['agent', 'operator']),
      request: { params: requestParams, headers: idempotencyHeaders },
      responses: { 200: jsonResponse(RequestSchema, 'The cancelled request.'), ...problems(404, 409, 422) },
    }),
    async (c) => {
      const cancelled = await service.cancelRequest(
        c.get('principal'),
        c.req.valid('param').requestId,
        writeOptions(c.req.valid('header')),
      );
      return c.json(cancelled, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/promises/{promiseId}/kept',
      operationId: 'keepPromise',
      tags: ['conversations'],
      summary: 'Mark a promise from a hand-back kept (it stops riding on the agent’s answers)',
      ...guard(service, ['agent', 'operator']),
      request: { params: conversationParams.extend({ promiseId: z.string().min(1).max(128) }) },
      responses: { 200: jsonResponse(PromiseSchema, 'The promise, kept.'), ...problems(404) },
    }),
    async (c) => {
      const { conversationId, promiseId } = c.req.valid('param');
      return c.json(await service.keepPromise(c.get('principal'), conversationId, promiseId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/customer-token',
      operationId: 'createCustomerToken',
      tags: ['conversations'],
      summary: "A short-lived token for the chat widget: reads only this conversation's customer stream",
      ...guard(service, ['agent'], 'optional'),
      request: {
        params: conversationParams,
        body: jsonRequest(CustomerTokenRequestSchema, 'How long the token lives.', false),
      },
      responses: {
        201: jsonResponse(CustomerTokenSchema, 'The token, shown once.'),
        ...problems(404, 413, 415),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const body = (c.req.valid('json') as { ttlSeconds?: number } | undefined) ?? {};
      return c.json(await service.createCustomerToken(c.get('principal'), conversationId, body), 201);
    },
  );
}
