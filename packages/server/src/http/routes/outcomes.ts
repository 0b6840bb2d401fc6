/**
 * Outcome routes: the customer's 1–5 rating (sent by the agent) and the outcome of a whole
 * conversation (the agent or an operator), which is how misses (bad endings without a handoff) are
 * known. Both are idempotent: the same request again leaves the same stored outcome.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ConversationIdSchema,
  ConversationOutcomeRequestSchema,
  ConversationOutcomeSchema,
  RatingRequestSchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

const params = z.object({ conversationId: ConversationIdSchema });

/** Registers the rating and conversation-outcome routes. */
export function registerOutcomeRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/rating',
      operationId: 'rateConversation',
      tags: ['outcomes'],
      summary: "Record the customer's rating (1–5)",
      description: 'Sending a rating again replaces the first; the same rating again changes nothing.',
      ...guard(service, ['agent'], 'required'),
      request: { params, body: jsonRequest(RatingRequestSchema, 'The rating and an optional comment.') },
      responses: {
        200: jsonResponse(ConversationOutcomeSchema, "The conversation's outcome with the rating."),
        ...problems(404, 413, 415),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const outcome = await service.rateConversation(c.get('principal'), conversationId, c.req.valid('json'));
      return c.json(outcome, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/conversations/{conversationId}/outcome',
      operationId: 'recordConversationOutcome',
      tags: ['outcomes'],
      summary: 'Record how a conversation ended (with or without a handoff)',
      description:
        'Fields left out keep their stored value. A bad ending without any handoff counts as a miss in the metrics ' +
        'and as `shouldEscalate: true` in `baton export`.',
      ...guard(service, ['agent', 'operator'], 'required'),
      request: {
        params,
        body: jsonRequest(ConversationOutcomeRequestSchema, 'What is known about the ending.'),
      },
      responses: {
        200: jsonResponse(ConversationOutcomeSchema, "The conversation's outcome as stored now."),
        ...problems(404, 413, 415),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const outcome = await service.recordConversationOutcome(
        c.get('principal'),
        conversationId,
        c.req.valid('json'),
      );
      return c.json(outcome, 200);
    },
  );
}
