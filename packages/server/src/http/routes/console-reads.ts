/**
 * The console's own reads and one small write: the follow-ups (callbacks the customers left, and
 * customers who left while waiting) with "mark done", and search over conversations.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ConversationSearchSchema,
  FollowUpListSchema,
  FollowUpSchema,
  HandoffIdSchema,
  ListFollowUpsQuerySchema,
  SearchConversationsQuerySchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonResponse, problems } from '../route-kit.ts';

/** Registers the follow-up and search routes. */
export function registerConsoleReadRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/follow-ups',
      operationId: 'listFollowUps',
      tags: ['handoffs'],
      summary: 'Callbacks the customers left and customers who left while waiting, newest first',
      ...guard(service, ['operator']),
      request: { query: ListFollowUpsQuerySchema },
      responses: { 200: jsonResponse(FollowUpListSchema, 'The follow-ups.'), ...problems() },
    }),
    async (c) => {
      const followUps = await service.listFollowUps(c.get('principal'), c.req.valid('query'));
      return c.json({ followUps }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/follow-ups/{handoffId}/done',
      operationId: 'completeFollowUp',
      tags: ['handoffs'],
      summary: 'Mark a follow-up done (the customer was called back)',
      description: 'Marking it again keeps the first mark.',
      ...guard(service, ['operator']),
      request: { params: z.object({ handoffId: HandoffIdSchema }) },
      responses: { 200: jsonResponse(FollowUpSchema, 'The follow-up, marked done.'), ...problems(404, 409) },
    }),
    async (c) => {
      const { handoffId } = c.req.valid('param');
      return c.json(await service.completeFollowUp(c.get('principal'), handoffId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/search/conversations',
      operationId: 'searchConversations',
      tags: ['conversations'],
      summary: 'Find conversations, open or closed, by their words or the customer’s name',
      ...guard(service, ['operator']),
      request: { query: SearchConversationsQuerySchema },
      responses: { 200: jsonResponse(ConversationSearchSchema, 'One hit per conversation.'), ...problems() },
    }),
    async (c) => {
      const hits = await service.searchConversations(c.get('principal'), c.req.valid('query'));
      return c.json({ hits }, 200);
    },
  );
}
