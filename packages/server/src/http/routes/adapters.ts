/**
 * Platform adapter routes: a platform's own handoff protocol in, over Baton's one model. The routes
 * are always documented; a server without the adapter configured answers them 503 `unavailable`.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HandoffSchema } from '@baton/sdk';
import { BatonError } from '../../errors.ts';
import {
  ActivitySchema,
  BOT_FRAMEWORK,
  HANDOFF_INITIATE,
  conversationIdFor,
  readInitiation,
} from '../../adapters/bot-framework.ts';
import { linkConversation } from '../../adapters/links.ts';
import { serviceBackend } from '../../mcp/mcp-backend.ts';
import { requestPersonWithContext } from '../../mcp/record-context.ts';
import type { Service } from '../../service/types.ts';
import type { Queryable } from '../../storage/database.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

/** What the adapter routes need from the server: the links' table, the queues, which adapters are on. */
export interface PlatformAdapters {
  database: Queryable;
  queues: readonly string[];
  now?: () => Date;
  /** On when the bot's endpoint is configured; `kick` asks its relay to send at once. */
  botFramework?: { kick: () => void };
}

const HandoffStartedSchema = z
  .object({
    conversationId: z.string(),
    handoff: HandoffSchema,
    customerMessage: z.string(),
    contextTurnsRecorded: z.number().int().min(0),
  })
  .meta({ id: 'BotFrameworkHandoffStarted' });

const TurnRecordedSchema = z
  .object({
    conversationId: z.string(),
    action: z.string(),
    agentShouldReply: z.boolean(),
    customerMessage: z.string().nullable(),
    handoffId: z.string().nullable(),
  })
  .meta({ id: 'BotFrameworkTurnRecorded' });

const IgnoredSchema = z
  .object({ ignored: z.literal(true), reason: z.string() })
  .meta({ id: 'BotFrameworkActivityIgnored' });

/** Registers the adapter routes (503 answers for adapters that are not configured). */
export function registerAdapterRoutes(
  app: OpenAPIHono<AppEnv>,
  service: Service,
  adapters: PlatformAdapters | undefined,
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/adapters/bot-framework/activities',
      operationId: 'postBotFrameworkActivity',
      tags: ['adapters'],
      summary: "A Bot Framework activity from the agent's bot (handoff.initiate, or a message)",
      description:
        '`handoff.initiate` (an event activity: `value` is the handoff context — `reason`, `summary`, ' +
        '`skill` or `queue`, `priority` —, a transcript attachment holds the conversation so far) records ' +
        'the transcript when Baton has not seen the conversation and queues a handoff; Baton then sends ' +
        '`handoff.status` activities (`accepted`, `completed`, `failed`) to the bot. A `message` activity is ' +
        'recorded as a turn (`from.role` `bot` is the agent). Other activities are acknowledged and ignored.',
      ...guard(service, ['agent'], 'required'),
      request: { body: jsonRequest(ActivitySchema, 'The activity, as Bot Framework sends it.') },
      responses: {
        200: jsonResponse(TurnRecordedSchema, 'The message was recorded as a turn.'),
        201: jsonResponse(HandoffStartedSchema, 'The handoff is queued.'),
        202: jsonResponse(IgnoredSchema, 'Not an activity Baton acts on.'),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const on = adapters?.botFramework;
      if (!adapters || !on) {
        throw new BatonError(
          'unavailable',
          'The Bot Framework adapter is not enabled on this server (set BATON_BOTFRAMEWORK_BOT_URL).',
        );
      }
      const activity = c.req.valid('json');
      const principal = c.get('principal');
      const backend = serviceBackend(service, principal);
      const at = (adapters.now ?? (() => new Date()))().toISOString();
      if (activity.type === 'event' && activity.name === HANDOFF_INITIATE) {
        const initiation = readInitiation(activity, adapters.queues);
        const started = await requestPersonWithContext(
          backend,
          initiation.conversationId,
          {
            reason: initiation.reason,
            turns: initiation.turns,
            ...(initiation.summary ? { summary: initiation.summary } : {}),
            ...(initiation.queue ? { queue: initiation.queue } : {}),
            ...(initiation.priority ? { priority: initiation.priority } : {}),
            ...(initiation.customerName ? { customer: { name: initiation.customerName } } : {}),
          },
          // Linked before the handoff exists, so no status of it can go unsent.
          () =>
            linkConversation(adapters.database, {
              conversationId: initiation.conversationId,
              platform: BOT_FRAMEWORK,
              reference: initiation.reference,
              at,
            }),
        );
        on.kick();
        return c.json({ conversationId: initiation.conversationId, ...started }, 201);
      }
      if (activity.type === 'message') {
        if (!activity.text?.trim())
          return c.json({ ignored: true as const, reason: 'A message without text.' }, 202);
        const conversationId = conversationIdFor(activity);
        const fromBot = activity.from?.role === 'bot';
        const result = await backend.postTurn(
          conversationId,
          {
            role: fromBot ? 'agent' : 'customer',
            text: activity.text,
            ...(!fromBot && activity.from?.name ? { customer: { name: activity.from.name } } : {}),
          },
          activity.id ? { idempotencyKey: `bf-${activity.id}` } : {},
        );
        return c.json(
          {
            conversationId,
            action: result.decision.action,
            agentShouldReply: result.agentShouldReply,
            customerMessage: result.customerMessage,
            handoffId: result.handoff?.id ?? null,
          },
          200,
        );
      }
      return c.json(
        { ignored: true as const, reason: `Baton does not act on ${activity.type} activities here.` },
        202,
      );
    },
  );
}
