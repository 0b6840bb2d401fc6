/**
 * The operators' collaboration routes: typing indicators both ways (posted, and streamed to
 * consoles as Server-Sent Events; ephemeral, never in `/v1/events`), the colleagues a handoff can be
 * given to, assigning it to one, a lead taking one over, and bulk moves with a result per handoff.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import {
  AssigneeListSchema,
  AssignRequestSchema,
  BulkRequestSchema,
  BulkResultSchema,
  ConversationIdSchema,
  HandoffIdSchema,
  HandoffSchema,
  TakeOverRequestSchema,
  TypingRequestSchema,
  TypingStateSchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { TypingSignal } from '../../service/typing-hub.ts';
import { requireScopes, securityFor } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { nodeSink, SSE_HEADERS, webSink, type EventSink } from '../event-stream.ts';
import { jsonBody } from '../json-body.ts';
import {
  guard,
  idempotencyHeaders,
  jsonRequest,
  jsonResponse,
  problems,
  writeOptions,
} from '../route-kit.ts';
import { presentedToken } from './customer-events.ts';

export interface CollaborationRouteSettings {
  heartbeatMs: number;
  logError: (error: unknown) => void;
  shutdownSignal?: AbortSignal;
}

const handoffParams = z.object({ handoffId: HandoffIdSchema });

/** One indicator as an SSE message (no id: indicators are never replayed). */
function formatTyping(signal: TypingSignal): string {
  return `data: ${JSON.stringify(signal)}\n\n`;
}

/** Writes the live indicators, then each new one, until the client goes or the stream is closed. */
function pumpTyping(
  service: Service,
  sink: EventSink,
  conversationId: string | undefined,
  ended: AbortSignal,
  settings: CollaborationRouteSettings,
): void {
  const wanted = (signal: TypingSignal) =>
    conversationId === undefined || signal.conversationId === conversationId;
  const write = (text: string) => sink.write(text).catch(() => undefined);
  const snapshot = service.currentTyping(conversationId).map(formatTyping).join('');
  void write(`retry: 2000\n: connected\n\n${snapshot}`);
  const stop = service.watchTyping((signal) => {
    if (wanted(signal)) void write(formatTyping(signal));
  });
  const heartbeat = setInterval(() => void write(': heartbeat\n\n'), settings.heartbeatMs);
  const finish = () => {
    stop();
    clearInterval(heartbeat);
    sink.end();
  };
  if (sink.closed.aborted || ended.aborted) return finish();
  const once = () => {
    sink.closed.removeEventListener('abort', once);
    ended.removeEventListener('abort', once);
    finish();
  };
  sink.closed.addEventListener('abort', once, { once: true });
  ended.addEventListener('abort', once, { once: true });
}

/** Registers the collaboration routes. */
export function registerCollaborationRoutes(
  app: OpenAPIHono<AppEnv>,
  service: Service,
  settings: CollaborationRouteSettings,
): void {
  const agentKey = requireScopes(service, ['agent']);
  // The customer's widget posts with its customer token; an agent's server with its key.
  const keyOrToken = createMiddleware<AppEnv>(async (c, next) => {
    if (presentedToken(c.req.url, c.req.header('authorization')) !== undefined) return next();
    return agentKey(c, next);
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/typing',
      operationId: 'postCustomerTyping',
      tags: ['conversations'],
      summary: 'The customer is typing (or stopped): an ephemeral indicator for the operator',
      description:
        'Send `{"typing": true}` at most every few seconds while the customer types, and `{"typing": false}` when ' +
        'they stop or send. The indicator is never stored and ends by itself after `expiresInMs`. With the agent key, ' +
        'or a customer token (`Authorization: Bearer` or `?token=`). Rate-limited per conversation (429 `rate_limited`).',
      security: [...securityFor(['agent']), {}],
      middleware: [keyOrToken, jsonBody],
      request: {
        params: z.object({ conversationId: ConversationIdSchema }),
        query: z.object({ token: z.string().min(1).max(256).optional() }),
        body: jsonRequest(TypingRequestSchema, 'Whether the customer types now.'),
      },
      responses: {
        202: jsonResponse(TypingStateSchema, 'The indicator as sent to operators.'),
        ...problems(404, 413, 415),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const token = presentedToken(c.req.url, c.req.header('authorization'));
      const access = token !== undefined ? { token } : { principal: c.get('principal') };
      const signal = await service.postCustomerTyping(access, conversationId, c.req.valid('json').typing);
      return c.json(signal, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/typing',
      operationId: 'postOperatorTyping',
      tags: ['handoffs'],
      summary: 'The operator is typing a reply (or stopped): an ephemeral indicator for the customer',
      description:
        'Only the operator holding the claim. The customer stream gets an `operator-typing` event, named as ' +
        '`BATON_OPERATOR_NAME` allows. Never stored; ends by itself after `expiresInMs`. Rate-limited per conversation.',
      ...guard(service, ['operator'], 'required'),
      request: {
        params: handoffParams,
        body: jsonRequest(TypingRequestSchema, 'Whether the operator types now.'),
      },
      responses: {
        202: jsonResponse(TypingStateSchema, 'The indicator as sent to the customer.'),
        ...problems(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const signal = await service.postOperatorTyping(
        c.get('principal'),
        c.req.valid('param').handoffId,
        c.req.valid('json').typing,
      );
      return c.json(signal, 202);
    },
  );

  const openStreams = new Set<AbortController>();
  settings.shutdownSignal?.addEventListener(
    'abort',
    () => {
      for (const stream of openStreams) stream.abort();
    },
    { once: true },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/typing',
      operationId: 'streamTyping',
      tags: ['events'],
      summary: 'Typing indicators (customers and operators), live, as Server-Sent Events',
      description:
        'First the indicators live now, then each one as it is posted on any instance. Each `data:` line is a ' +
        'TypingState; `typing: false` ends an indicator early, and each ends by itself after `expiresInMs`. Messages ' +
        'carry no id: indicators are ephemeral, never replayed on reconnect and never in `/v1/events`.',
      ...guard(service, ['operator']),
      request: { query: z.object({ conversation: ConversationIdSchema.optional() }) },
      responses: {
        200: {
          description: 'The stream; each `data:` line is a TypingState.',
          content: { 'text/event-stream': { schema: TypingStateSchema } },
        },
        ...problems(),
      },
    }),
    async (c) => {
      if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: SSE_HEADERS }) as never;
      const conversationId = c.req.valid('query').conversation;
      const watch = service.watchKey(c.get('principal'));
      const ended = new AbortController();
      openStreams.add(ended);
      const close = () => ended.abort();
      watch.signal.addEventListener('abort', close, { once: true });
      if (watch.signal.aborted || settings.shutdownSignal?.aborted) close();
      ended.signal.addEventListener(
        'abort',
        () => {
          openStreams.delete(ended);
          watch.release();
        },
        { once: true },
      );
      const outgoing = c.env?.outgoing;
      if (outgoing) {
        const sink = nodeSink(outgoing);
        sink.closed.addEventListener('abort', close, { once: true });
        pumpTyping(service, sink, conversationId, ended.signal, settings);
        return RESPONSE_ALREADY_SENT as never;
      }
      const { sink, body } = webSink(c.req.raw.signal);
      sink.closed.addEventListener('abort', close, { once: true });
      pumpTyping(service, sink, conversationId, ended.signal, settings);
      return new Response(body, { status: 200, headers: SSE_HEADERS }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/handoffs/{handoffId}/assignees',
      operationId: 'listHandoffAssignees',
      tags: ['handoffs'],
      summary: 'Colleagues present now who could be given this handoff, with their load',
      description:
        'Operators online now (other than the caller and the current owner), each with their load, capacity and ' +
        '`refusal`: null when routing lets them take it, else why not (`not_in_queue`, `missing_skill`, ' +
        '`wrong_language`, `over_capacity`). Those who can take it come first, least loaded first.',
      ...guard(service, ['operator']),
      request: { params: handoffParams },
      responses: { 200: jsonResponse(AssigneeListSchema, 'The colleagues.'), ...problems(404) },
    }),
    async (c) =>
      c.json(
        { assignees: await service.listAssignees(c.get('principal'), c.req.valid('param').handoffId) },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/assign',
      operationId: 'assignHandoff',
      tags: ['handoffs'],
      summary: 'Give a waiting handoff, or one you hold, to a named colleague who is present',
      description:
        'The colleague is held to the same rules as a claim of their own: 409 `not_present`, `not_in_queue`, ' +
        '`missing_skill`, `wrong_language` or `over_capacity`; `not_owner` when someone else holds it. An admin key ' +
        'may assign any open handoff and overrides the routing rules (recorded as `override` in the ' +
        '`handoff-assigned` event), never presence. An optional note is kept on the handoff for the colleague.',
      ...guard(service, ['operator'], 'required'),
      request: {
        params: handoffParams,
        headers: idempotencyHeaders,
        body: jsonRequest(AssignRequestSchema, 'The colleague (key id) and an optional note.'),
      },
      responses: {
        200: jsonResponse(HandoffSchema, 'The handoff, claimed by the colleague.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const options = writeOptions(c.req.valid('header'));
      const handoff = await service.assign(
        c.get('principal'),
        c.req.valid('param').handoffId,
        c.req.valid('json'),
        options,
      );
      return c.json(handoff, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/take-over',
      operationId: 'takeOverHandoff',
      tags: ['handoffs'],
      summary: 'A lead (admin key) takes over a conversation claimed by someone else',
      description:
        'The claim moves to the caller; the `handoff-taken-over` event names the previous owner, whose console ' +
        'then shows who took over and closes its composer. Operator keys get 403 `forbidden`.',
      ...guard(service, ['admin'], 'optional'),
      request: {
        params: handoffParams,
        headers: idempotencyHeaders,
        body: jsonRequest(TakeOverRequestSchema, 'An optional internal note.', false),
      },
      responses: {
        200: jsonResponse(HandoffSchema, 'The handoff, claimed by the caller.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const options = writeOptions(c.req.valid('header'));
      const body = (c.req.valid('json') as z.infer<typeof TakeOverRequestSchema> | undefined) ?? {};
      const handoff = await service.takeOver(
        c.get('principal'),
        c.req.valid('param').handoffId,
        body,
        options,
      );
      return c.json(handoff, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/bulk',
      operationId: 'bulkHandoffs',
      tags: ['handoffs'],
      summary: 'Resolve or transfer several handoffs at once, with a result per handoff',
      description:
        'Each handoff is moved on its own, in the order given: one that fails (`not_owner`, `invalid_transition`, ' +
        '...) is reported in its result and the others go on. 200 even when some fail; read `failed`. With an ' +
        'Idempotency-Key, a retried batch replays the items that succeeded and tries again only those that failed. ' +
        'A transfer to a queue that does not exist is refused whole (`400 invalid_request`, naming the queues).',
      ...guard(service, ['operator'], 'required'),
      request: {
        headers: idempotencyHeaders,
        body: jsonRequest(BulkRequestSchema, 'The move and the handoffs.'),
      },
      responses: {
        200: jsonResponse(BulkResultSchema, 'One result per handoff.'),
        ...problems(413, 415, 422),
      },
    }),
    async (c) => {
      const options = writeOptions(c.req.valid('header'));
      return c.json(await service.bulkHandoffs(c.get('principal'), c.req.valid('json'), options), 200);
    },
  );
}
