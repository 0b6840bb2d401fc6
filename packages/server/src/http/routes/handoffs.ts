/** Handoff routes: the operator's queue and every move of a handoff's lifecycle. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  AbandonRequestSchema,
  CallbackRequestSchema,
  HandoffIdSchema,
  HandoffListSchema,
  HandoffSchema,
  ListHandoffsQuerySchema,
  NoteRequestSchema,
  NoteSchema,
  ReplyRequestSchema,
  ResolveRequestSchema,
  ReturnRequestSchema,
  StoredTurnSchema,
  TransferRequestSchema,
} from '@baton/sdk';
import { renderBriefMarkdown, type Brief } from '@baton/engine';
import { BatonError } from '../../errors.ts';
import { renderHandBacksMarkdown } from '../../requests/hand-back-brief.ts';
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

const params = z.object({ handoffId: HandoffIdSchema });
const handoffResponse = (description: string) => jsonResponse(HandoffSchema, description);

/** Registers the handoff routes. */
export function registerHandoffRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/handoffs',
      operationId: 'listHandoffs',
      tags: ['handoffs'],
      summary: 'The queue: handoffs by priority, then waiting time',
      ...guard(service, ['operator']),
      request: { query: ListHandoffsQuerySchema },
      responses: { 200: jsonResponse(HandoffListSchema, 'The matching handoffs.'), ...problems() },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json({ handoffs: await service.listHandoffs(c.get('principal'), query) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/handoffs/{handoffId}',
      operationId: 'getHandoff',
      tags: ['handoffs'],
      summary: 'One handoff',
      ...guard(service, ['operator']),
      request: { params },
      responses: { 200: handoffResponse('The handoff.'), ...problems(404) },
    }),
    async (c) => c.json(await service.getHandoff(c.get('principal'), c.req.valid('param').handoffId), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/handoffs/{handoffId}/brief',
      operationId: 'getHandoffBrief',
      tags: ['handoffs'],
      summary: "The handoff's brief, as JSON or as Markdown (for tickets and emails)",
      ...guard(service, ['operator']),
      request: {
        params,
        query: z.object({
          format: z
            .enum(['json', 'markdown'])
            .default('json')
            .meta({ description: 'json (default) or markdown' }),
        }),
      },
      responses: {
        200: {
          description: 'The brief (masked).',
          content: {
            'application/json': { schema: z.record(z.string(), z.unknown()) },
            'text/markdown': { schema: z.string() },
          },
        },
        ...problems(404),
      },
    }),
    async (c) => {
      const handoff = await service.getHandoff(c.get('principal'), c.req.valid('param').handoffId);
      if (!handoff.brief) throw new BatonError('not_found', `Handoff ${handoff.id} has no brief.`);
      if (c.req.valid('query').format === 'markdown') {
        const markdown = renderBriefMarkdown(handoff.brief as Brief) + renderHandBacksMarkdown(handoff.brief);
        return c.body(markdown, 200, {
          'content-type': 'text/markdown; charset=utf-8',
        });
      }
      return c.json(handoff.brief as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/claim',
      operationId: 'claimHandoff',
      tags: ['handoffs'],
      summary: 'Claim a queued handoff (atomic: of two operators, exactly one wins)',
      ...guard(service, ['operator']),
      request: { params, headers: idempotencyHeaders },
      responses: { 200: handoffResponse('The claimed handoff.'), ...problems(404, 409, 422) },
    }),
    async (c) => {
      const options = writeOptions(c.req.valid('header'));
      return c.json(await service.claim(c.get('principal'), c.req.valid('param').handoffId, options), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/messages',
      operationId: 'sendHandoffMessage',
      tags: ['handoffs'],
      summary: 'Reply to the customer in the same thread',
      ...guard(service, ['operator'], 'required'),
      request: { params, headers: idempotencyHeaders, body: jsonRequest(ReplyRequestSchema, 'The reply.') },
      responses: {
        201: jsonResponse(StoredTurnSchema, 'The stored turn, with role `operator`.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(
        await service.reply(
          c.get('principal'),
          handoffId,
          c.req.valid('json'),
          writeOptions(c.req.valid('header')),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/notes',
      operationId: 'addHandoffNote',
      tags: ['handoffs'],
      summary: 'Add an internal note (never shown to the customer)',
      ...guard(service, ['operator'], 'required'),
      request: { params, headers: idempotencyHeaders, body: jsonRequest(NoteRequestSchema, 'The note.') },
      responses: { 201: jsonResponse(NoteSchema, 'The stored note.'), ...problems(404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(
        await service.addNote(
          c.get('principal'),
          handoffId,
          c.req.valid('json'),
          writeOptions(c.req.valid('header')),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/transfer',
      operationId: 'transferHandoff',
      tags: ['handoffs'],
      summary: 'Transfer to another queue, with a note',
      ...guard(service, ['operator'], 'required'),
      request: {
        params,
        headers: idempotencyHeaders,
        body: jsonRequest(TransferRequestSchema, 'The target queue and a note.'),
      },
      responses: { 200: handoffResponse('The handoff, queued again.'), ...problems(404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(
        await service.transfer(
          c.get('principal'),
          handoffId,
          c.req.valid('json'),
          writeOptions(c.req.valid('header')),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/return',
      operationId: 'returnHandoff',
      tags: ['handoffs'],
      summary: 'Return the conversation to the agent, with a note',
      ...guard(service, ['operator'], 'required'),
      request: {
        params,
        headers: idempotencyHeaders,
        body: jsonRequest(ReturnRequestSchema, 'The note the agent receives next turn.'),
      },
      responses: { 200: handoffResponse('The returned handoff.'), ...problems(404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(
        await service.returnToAgent(
          c.get('principal'),
          handoffId,
          c.req.valid('json'),
          writeOptions(c.req.valid('header')),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/resolve',
      operationId: 'resolveHandoff',
      tags: ['handoffs'],
      summary: 'Resolve with an outcome',
      ...guard(service, ['operator'], 'required'),
      request: {
        params,
        headers: idempotencyHeaders,
        body: jsonRequest(ResolveRequestSchema, 'How it ended, and whether it was warranted.'),
      },
      responses: { 200: handoffResponse('The resolved handoff.'), ...problems(404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(
        await service.resolve(
          c.get('principal'),
          handoffId,
          c.req.valid('json'),
          writeOptions(c.req.valid('header')),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/abandon',
      operationId: 'abandonHandoff',
      tags: ['handoffs'],
      summary: 'Record that the customer left while waiting',
      ...guard(service, ['agent', 'operator'], 'optional'),
      request: {
        params,
        headers: idempotencyHeaders,
        body: jsonRequest(AbandonRequestSchema, 'Why, if known.', false),
      },
      responses: { 200: handoffResponse('The abandoned handoff.'), ...problems(404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(
        await service.abandon(
          c.get('principal'),
          handoffId,
          c.req.valid('json'),
          writeOptions(c.req.valid('header')),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/callback',
      operationId: 'leaveCallback',
      tags: ['handoffs'],
      summary: 'Store the callback number or message the customer left when nobody was online',
      ...guard(service, ['agent'], 'required'),
      request: { params, body: jsonRequest(CallbackRequestSchema, 'A phone number, a message, or both.') },
      responses: { 200: handoffResponse('The handoff with its callback.'), ...problems(404, 409, 413, 415) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(await service.leaveCallback(c.get('principal'), handoffId, c.req.valid('json')), 200);
    },
  );
}
