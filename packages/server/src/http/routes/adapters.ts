/**
 * Platform adapter routes: a platform's own handoff protocol in, over Baton's one model. The routes
 * are always documented; a server without the adapter configured answers them 404 `adapter_not_enabled`.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ConversationIdSchema, DeadlineActionSchema, HandoffSchema, RequestSchema } from '@baton/sdk';
import { BatonError } from '../../errors.ts';
import {
  ActivitySchema,
  BOT_FRAMEWORK,
  HANDOFF_INITIATE,
  conversationIdFor,
  readInitiation,
} from '../../adapters/bot-framework.ts';
import { activityRefusal, looksLikeJwt, type ConnectorCheck } from '../../adapters/bot-framework-auth.ts';
import { findLink, linkConversation } from '../../adapters/links.ts';
import {
  META,
  MetaWebhookSchema,
  metaConversationId,
  readWebhook,
  validSignature,
  type MetaConfig,
} from '../../adapters/meta-handover.ts';
import {
  SUNSHINE,
  SunshineWebhookSchema,
  fetchRecentMessages,
  readSunshineWebhook,
  sunshineConversationId,
  validApiKey,
  type SunshineConfig,
} from '../../adapters/sunshine.ts';
import {
  HumanInterruptSchema,
  HumanResponseSchema,
  interruptOf,
  interruptToRequest,
  responseFor,
} from '../../adapters/langgraph.ts';
import { serviceBackend, type McpBackend } from '../../mcp/mcp-backend.ts';
import { recordContext } from '../../mcp/record-context.ts';
import { requestPersonWithContext } from '../../mcp/record-context.ts';
import type { Service } from '../../service/types.ts';
import type { Queryable } from '../../storage/database.ts';
import type { AppEnv } from '../env.ts';
import { createMiddleware } from 'hono/factory';
import { requireScopes, securityFor } from '../auth.ts';
import { jsonBody } from '../json-body.ts';
import { guard, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

/** What the adapter routes need from the server: the links' table, the queues, which adapters are on. */
export interface PlatformAdapters {
  database: Queryable;
  queues: readonly string[];
  now?: () => Date;
  /**
   * On when the bot's endpoint is configured; `kick` asks its relay to send at once. `connector`,
   * when the bot's app id is configured: verifies the Connector's JWTs, and the agent key they act as.
   */
  botFramework?: {
    kick: () => void;
    connector?: { verify: (token: string) => Promise<ConnectorCheck>; agentKey: string };
  };
  /** On when Meta's handover settings are configured. */
  meta?: { config: MetaConfig; kick: () => void };
  /** On when Sunshine Conversations' settings are configured. */
  sunshine?: { config: SunshineConfig; kick: () => void };
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

const MetaReceivedSchema = z
  .object({ received: z.number().int().min(0).meta({ description: 'Items Baton acted on.' }) })
  .meta({ id: 'MetaWebhookReceived' });

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
        'recorded as a turn (`from.role` `bot` is the agent). Other activities are acknowledged and ignored. ' +
        "Authentication: the Bot Framework Connector's JWT (`Authorization: Bearer <JWT>`, checked against " +
        "Microsoft's OpenID keys, the bot's app id and the activity's `serviceUrl`) when the server has " +
        '`BATON_BOTFRAMEWORK_APP_ID`; a Baton agent key otherwise, or from a self-hosted relay. A refused ' +
        'Connector token is 401 `adapter_unauthorized`.',
      security: securityFor(['agent']),
      middleware: [botFrameworkAuth(service, adapters), jsonBody],
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
          'adapter_not_enabled',
          'The Bot Framework adapter is not enabled on this server (set BATON_BOTFRAMEWORK_BOT_URL).',
        );
      }
      const activity = c.req.valid('json');
      const claims = c.get('connectorClaims');
      const refused = claims ? activityRefusal(claims, activity) : null;
      if (refused) throw new BatonError('adapter_unauthorized', refused);
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

  const meta = () => {
    if (!adapters?.meta) {
      throw new BatonError(
        'adapter_not_enabled',
        "Meta's handover adapter is not enabled on this server (set the BATON_META_* settings).",
      );
    }
    return { ...adapters.meta, database: adapters.database, queues: adapters.queues };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/adapters/meta/webhook',
      operationId: 'verifyMetaWebhook',
      tags: ['adapters'],
      summary: "Meta's webhook verification (echoes hub.challenge for the right verify token)",
      security: [],
      request: {
        query: z.object({
          'hub.mode': z.string().max(64).optional(),
          'hub.verify_token': z.string().max(512).optional(),
          'hub.challenge': z.string().max(512).optional(),
        }),
      },
      responses: {
        200: { description: 'The challenge, as text.', content: { 'text/plain': { schema: z.string() } } },
        ...problems(404),
      },
    }),
    (c) => {
      const { config } = meta();
      const query = c.req.valid('query');
      if (query['hub.mode'] !== 'subscribe' || query['hub.verify_token'] !== config.verifyToken) {
        throw new BatonError('forbidden', 'The verify token does not match BATON_META_VERIFY_TOKEN.');
      }
      return c.text(query['hub.challenge'] ?? '', 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/adapters/meta/webhook',
      operationId: 'receiveMetaWebhook',
      tags: ['adapters'],
      summary: "Meta's webhook: handover events and the customer's messages (signed X-Hub-Signature-256)",
      description:
        "`pass_thread_control` to Baton's app queues a handoff (the `metadata` is the reason, or JSON with " +
        '`reason`, `summary`, `queue`, `priority`, `recentTurns`); customer messages are recorded as turns; ' +
        '`take_thread_control` and `request_thread_control` are recorded in the thread. Operator replies go out ' +
        "through the Send API, and the thread is passed back to the bot's app when the person is done.",
      security: [],
      request: {
        headers: z.object({ 'x-hub-signature-256': z.string().max(200).optional() }),
        body: jsonRequest(
          z.unknown(),
          'The webhook delivery, as Meta sends it (signed with the app secret).',
        ),
      },
      responses: {
        200: jsonResponse(MetaReceivedSchema, 'Accepted.'),
        ...problems(404, 413, 415),
      },
    }),
    async (c) => {
      const { config, database, queues, kick } = meta();
      const raw = await c.req.text();
      if (!validSignature(raw, c.req.header('x-hub-signature-256'), config.appSecret)) {
        throw new BatonError(
          'invalid_signature',
          'X-Hub-Signature-256 does not sign this body with the app secret.',
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new BatonError('malformed_json', 'The body is not valid JSON.');
      }
      const delivery = MetaWebhookSchema.safeParse(json);
      if (!delivery.success) {
        throw new BatonError('invalid_request', 'Not a Meta webhook delivery (`object` and `entry`).');
      }
      const backend = await adapterBackend(service, config.agentKey, 'BATON_META_AGENT_KEY');
      const at = (adapters?.now ?? (() => new Date()))().toISOString();
      const actions = readWebhook(delivery.data, config, queues);
      for (const action of actions) {
        const conversationId = metaConversationId(action.pageId, action.psid);
        const link = () =>
          linkConversation(database, {
            conversationId,
            platform: META,
            reference: { psid: action.psid, pageId: action.pageId },
            at,
          });
        if (action.kind === 'handover') {
          await requestPersonWithContext(
            backend,
            conversationId,
            {
              reason: action.request.reason,
              turns: action.request.turns,
              ...(action.request.summary ? { summary: action.request.summary } : {}),
              ...(action.request.queue ? { queue: action.request.queue } : {}),
              ...(action.request.priority ? { priority: action.request.priority } : {}),
            },
            link,
          ).catch((error: unknown) => {
            // A second pass of the same thread while its handoff is open changes nothing.
            if (!(error instanceof BatonError && error.code === 'handoff_open')) throw error;
          });
        } else if (action.kind === 'message') {
          await backend.postTurn(
            conversationId,
            { role: 'customer', text: action.text },
            action.mid ? { idempotencyKey: `meta-${action.mid}`.slice(0, 255) } : {},
          );
          await link();
        } else {
          // A note about a thread Baton never had is not worth a conversation.
          const known = await backend.getConversation(conversationId).then(
            () => true,
            (error: unknown) => {
              if (error instanceof BatonError && error.code === 'conversation_not_found') return false;
              throw error;
            },
          );
          if (known) await backend.postTurn(conversationId, { role: 'system', text: action.text });
        }
      }
      kick();
      return c.json({ received: actions.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/adapters/sunshine/webhook',
      operationId: 'receiveSunshineWebhook',
      tags: ['adapters'],
      summary: "Sunshine Conversations' webhook: switchboard events and the customer's messages (X-API-Key)",
      description:
        "`switchboard:passControl` to Baton's integration (or `offerControl`, accepted when an operator claims) " +
        "queues a handoff with the conversation's recent messages as context (metadata `reason`, `summary`, " +
        '`queue`, `priority`); `conversation:message` from the user is recorded while Baton has the ' +
        "conversation. Operator replies go out as business messages; control goes back to the bot's " +
        'integration when the person is done.',
      security: [],
      request: {
        headers: z.object({ 'x-api-key': z.string().max(512).optional() }),
        body: jsonRequest(SunshineWebhookSchema, 'The webhook delivery, as Sunshine Conversations sends it.'),
      },
      responses: {
        200: jsonResponse(MetaReceivedSchema, 'Accepted.'),
        ...problems(404, 413, 415),
      },
    }),
    async (c) => {
      const on = adapters?.sunshine;
      if (!adapters || !on) {
        throw new BatonError(
          'adapter_not_enabled',
          "Sunshine Conversations' adapter is not enabled on this server (set the BATON_SUNSHINE_* settings).",
        );
      }
      const { config } = on;
      if (!validApiKey(c.req.valid('header')['x-api-key'], config.webhookSecret)) {
        throw new BatonError(
          'invalid_signature',
          'X-API-Key is not the webhook secret (BATON_SUNSHINE_WEBHOOK_SECRET).',
        );
      }
      const backend = await adapterBackend(service, config.agentKey, 'BATON_SUNSHINE_AGENT_KEY');
      const at = (adapters.now ?? (() => new Date()))().toISOString();
      const actions = readSunshineWebhook(c.req.valid('json'), config, adapters.queues);
      for (const action of actions) {
        const conversationId = sunshineConversationId(action.conversation);
        if (action.kind === 'handover') {
          const turns = await fetchRecentMessages(config, action.conversation);
          await requestPersonWithContext(
            backend,
            conversationId,
            {
              reason: action.reason,
              turns,
              ...(action.summary ? { summary: action.summary } : {}),
              ...(action.queue ? { queue: action.queue } : {}),
              ...(action.priority ? { priority: action.priority } : {}),
              ...(action.customerName ? { customer: { name: action.customerName } } : {}),
            },
            () =>
              linkConversation(adapters.database, {
                conversationId,
                platform: SUNSHINE,
                reference: { conversation: action.conversation, offered: action.offered },
                at,
              }),
          ).catch((error: unknown) => {
            if (!(error instanceof BatonError && error.code === 'handoff_open')) throw error;
          });
        } else if (await linked(adapters.database, conversationId, SUNSHINE)) {
          // Only conversations handed to Baton are recorded: the bot's own stay the bot's.
          await backend.postTurn(
            conversationId,
            action.kind === 'message'
              ? { role: 'customer', text: action.text }
              : { role: 'system', text: action.text },
            action.kind === 'message' && action.messageId
              ? { idempotencyKey: `sunco-${action.messageId}`.slice(0, 255) }
              : {},
          );
        }
      }
      on.kick();
      return c.json({ received: actions.length }, 200);
    },
  );

  const InterruptsRequestSchema = z
    .object({
      conversationId: ConversationIdSchema,
      interrupts: z.array(HumanInterruptSchema).min(1).max(10),
      queue: z.string().min(1).max(200).optional(),
      timeoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(30 * 24 * 3600)
        .optional(),
      onDeadline: DeadlineActionSchema.optional(),
    })
    .meta({ id: 'LangGraphInterrupts' });
  const InterruptStateSchema = z
    .object({
      requestId: z.string(),
      status: z.enum(['pending', 'done']),
      response: HumanResponseSchema.nullable().meta({
        description: 'What to resume the graph with, once the request ended.',
      }),
      request: RequestSchema,
    })
    .meta({ id: 'LangGraphInterruptState' });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/adapters/langgraph/interrupts',
      operationId: 'createLangGraphInterrupts',
      tags: ['adapters'],
      summary: 'LangGraph interrupts (HumanInterrupt) as approval or consult requests',
      description:
        'Each interrupt becomes an approval (when it allows accept or edit) or a consult (respond only) on the ' +
        'conversation, created from the description when Baton has not seen it. Read each one back with ' +
        '`GET /v1/adapters/langgraph/interrupts/{requestId}` for the `HumanResponse` to resume the graph with.',
      ...guard(service, ['agent'], 'required'),
      request: { body: jsonRequest(InterruptsRequestSchema, 'The interrupts, and who answers by when.') },
      responses: {
        201: jsonResponse(
          z.object({ interrupts: z.array(InterruptStateSchema) }),
          'The requests, one per interrupt.',
        ),
        ...problems(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const principal = c.get('principal');
      await recordContext(serviceBackend(service, principal), body.conversationId, {
        turns: [],
        reason:
          body.interrupts[0]!.description?.trim() ||
          `The graph asks a person about ${body.interrupts[0]!.action_request.action}.`,
      });
      const states = [];
      for (const interrupt of body.interrupts) {
        const created = await service.createRequest(
          principal,
          body.conversationId,
          interruptToRequest(interrupt, {
            ...(body.queue ? { queue: body.queue } : {}),
            ...(body.timeoutSeconds ? { timeoutSeconds: body.timeoutSeconds } : {}),
            ...(body.onDeadline ? { onDeadline: body.onDeadline } : {}),
          }) as never,
        );
        const request = created.request as z.infer<typeof RequestSchema>;
        const response = responseFor(request, interrupt);
        states.push({
          requestId: request.id,
          status: response ? ('done' as const) : ('pending' as const),
          response,
          request,
        });
      }
      return c.json({ interrupts: states }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/adapters/langgraph/interrupts/{requestId}',
      operationId: 'getLangGraphInterrupt',
      tags: ['adapters'],
      summary: "An interrupt's request, and the HumanResponse once it ended",
      ...guard(service, ['agent']),
      request: { params: z.object({ requestId: z.string().min(1).max(128) }) },
      responses: {
        200: jsonResponse(InterruptStateSchema, 'Pending, or done with the response.'),
        ...problems(404),
      },
    }),
    async (c) => {
      const request = (await service.getRequest(
        c.get('principal'),
        c.req.valid('param').requestId,
      )) as z.infer<typeof RequestSchema>;
      const response = responseFor(request, interruptOf(request));
      return c.json(
        {
          requestId: request.id,
          status: response ? ('done' as const) : ('pending' as const),
          response,
          request,
        },
        200,
      );
    },
  );
}

/**
 * Authenticates a Bot Framework call: a Connector JWT when the bot's app id is configured (acting as
 * BATON_BOTFRAMEWORK_AGENT_KEY), else a Baton agent key (a self-hosted relay). A token shaped like a
 * JWT is never tried as an API key there, so a bad Connector token is `adapter_unauthorized`.
 */
function botFrameworkAuth(service: Service, adapters: PlatformAdapters | undefined) {
  const byKey = requireScopes(service, ['agent']);
  return createMiddleware<AppEnv>(async (c, next) => {
    const connector = adapters?.botFramework?.connector;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!connector || !token || !looksLikeJwt(token)) return byKey(c, next);
    const checked = await connector.verify(token);
    if (!checked.ok) {
      throw new BatonError(checked.unavailable ? 'unavailable' : 'adapter_unauthorized', checked.reason);
    }
    const principal = await service.authenticate(connector.agentKey);
    if (!principal || principal.scope !== 'agent') {
      throw new BatonError('unavailable', 'BATON_BOTFRAMEWORK_AGENT_KEY is not a valid agent key.');
    }
    c.set('principal', principal);
    c.set('connectorClaims', checked.claims);
    await next();
  });
}

/** The service as the agent key an adapter acts as; 503 when the key is not a valid agent key. */
async function adapterBackend(service: Service, key: string, variable: string): Promise<McpBackend> {
  const principal = await service.authenticate(key);
  if (!principal || principal.scope !== 'agent') {
    throw new BatonError('unavailable', `${variable} is not a valid agent key.`);
  }
  return serviceBackend(service, principal);
}

async function linked(database: Queryable, conversationId: string, platform: string): Promise<boolean> {
  return (await findLink(database, conversationId, platform)) !== null;
}
