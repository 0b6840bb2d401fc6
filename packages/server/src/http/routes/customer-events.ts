/**
 * `GET /v1/conversations/{id}/customer-events`: the customer side of one conversation as
 * Server-Sent Events, read with the agent's key or a customer token (`?token=`, since a browser's
 * EventSource cannot send headers), resumable with `Last-Event-ID`.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { ConversationIdSchema, CustomerEventSchema, CustomerEventsQuerySchema } from '@baton/sdk';
import { isCustomerToken } from '../../requests/customer-tokens.ts';
import type { CustomerEvent, CustomerSubscription } from '../../requests/customer-stream.ts';
import type { Service } from '../../service/types.ts';
import { requireScopes, securityFor } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { nodeSink, SSE_HEADERS, webSink, type EventSink } from '../event-stream.ts';
import { problems } from '../route-kit.ts';

export interface CustomerStreamRouteSettings {
  heartbeatMs: number;
  logError: (error: unknown) => void;
  shutdownSignal?: AbortSignal;
}

/** One customer event as SSE: an `id:` line only for events with a position; unnamed, so `EventSource.onmessage` gets them all. */
export function formatCustomerEvent(event: CustomerEvent): string {
  return `${event.id !== null ? `id: ${event.id}\n` : ''}data: ${JSON.stringify(event)}\n\n`;
}

/** Writes customer events until either side ends the stream. */
async function pump(
  subscription: CustomerSubscription,
  sink: EventSink,
  settings: CustomerStreamRouteSettings,
  announceId: string | undefined,
): Promise<void> {
  const clientGone = () => subscription.close('client_gone');
  sink.closed.addEventListener('abort', clientGone, { once: true });
  if (sink.closed.aborted) clientGone();
  const heartbeat = setInterval(
    () => sink.write(': heartbeat\n\n').catch(() => undefined),
    settings.heartbeatMs,
  );
  try {
    await sink.write(
      `retry: 2000\n: connected\n\n${announceId !== undefined ? `id: ${announceId}\n\n` : ''}`,
    );
    for (;;) {
      const batch = await subscription.next();
      if (batch.length === 0) break;
      await sink.write(batch.map(formatCustomerEvent).join(''));
    }
    const reason = subscription.reason;
    if (reason !== null && reason !== 'client_gone') await sink.write(`: closed ${reason}\n\n`);
  } catch (error) {
    if (!subscription.closed.aborted) settings.logError(error);
  } finally {
    subscription.close('client_gone');
    clearInterval(heartbeat);
    sink.closed.removeEventListener('abort', clientGone);
    sink.end();
  }
}

/** The presented customer token, from `?token=` or a Bearer credential that is one. */
export function presentedToken(url: string, authorization: string | undefined): string | undefined {
  const query = new URL(url).searchParams.get('token');
  if (query) return query;
  const bearer = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return bearer && isCustomerToken(bearer[1]!) ? bearer[1] : undefined;
}

/** Registers the customer stream. */
export function registerCustomerEventRoutes(
  app: OpenAPIHono<AppEnv>,
  service: Service,
  settings: CustomerStreamRouteSettings,
): void {
  const open = new Set<CustomerSubscription>();
  settings.shutdownSignal?.addEventListener(
    'abort',
    () => {
      for (const subscription of open) subscription.close('shutdown');
    },
    { once: true },
  );
  const agentKey = requireScopes(service, ['agent']);
  // A customer token admits this route only; anything else is an API key checked as usual.
  const keyOrToken = createMiddleware<AppEnv>(async (c, next) => {
    if (presentedToken(c.req.url, c.req.header('authorization')) !== undefined) return next();
    return agentKey(c, next);
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/conversations/{conversationId}/customer-events',
      operationId: 'streamCustomerEvents',
      tags: ['conversations'],
      summary: "The customer's status events for one conversation, as Server-Sent Events",
      description:
        'queued, position-changed, operator-joined, operator-left, returned, expired, callback-scheduled; each with a ' +
        "`message` ready to show in the conversation's language (the customer's `language`, else the one detected " +
        "from the customer's turns: en, es, fr, de, pt, else English). `position-changed` is sent as soon as the " +
        'queue changes the position or the wait (claims, new handoffs, expiries, presence), never when neither ' +
        'changed, with a slow periodic recompute for the passing of time. Read with the agent key, or with a customer token (`POST .../customer-token`) as `?token=`. ' +
        'Without a cursor the stream replays the conversation’s status history (`from=oldest`, the default) or starts ' +
        'now. Reconnect with `Last-Event-ID` to resume; `position-changed` carries no id (it is a reading of now and ' +
        'is sent again on connect while the handoff waits). A stream opened with a token ends when the token expires.',
      security: [...securityFor(['agent']), {}],
      middleware: [keyOrToken],
      request: {
        params: z.object({ conversationId: ConversationIdSchema }),
        query: CustomerEventsQuerySchema,
        headers: z.object({
          'last-event-id': z
            .string()
            .min(1)
            .max(64)
            .optional()
            .meta({ description: 'Resume after this event.' }),
        }),
      },
      responses: {
        200: {
          description: 'The stream; each `data:` line is a CustomerEvent.',
          content: { 'text/event-stream': { schema: CustomerEventSchema } },
        },
        ...problems(404),
      },
    }),
    async (c) => {
      if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: SSE_HEADERS }) as never;
      const { conversationId } = c.req.valid('param');
      const query = c.req.valid('query');
      const cursor = c.req.valid('header')['last-event-id'] ?? query.lastEventId;
      const token = presentedToken(c.req.url, c.req.header('authorization'));
      const principal = token === undefined ? c.get('principal') : undefined;
      const watch = principal ? service.watchKey(principal) : undefined;
      let opened: Awaited<ReturnType<Service['openCustomerStream']>>;
      try {
        opened = await service.openCustomerStream(
          token !== undefined ? { token } : { principal: principal! },
          conversationId,
          cursor !== undefined ? { cursor } : { from: query.from ?? 'oldest' },
        );
      } catch (error) {
        watch?.release();
        throw error;
      }
      const { subscription, startId } = opened;
      if (settings.shutdownSignal?.aborted) subscription.close('shutdown');
      if (watch) {
        if (watch.signal.aborted) subscription.close('key_revoked');
        watch.signal.addEventListener('abort', () => subscription.close('key_revoked'), { once: true });
      }
      open.add(subscription);
      subscription.closed.addEventListener(
        'abort',
        () => {
          open.delete(subscription);
          watch?.release();
        },
        { once: true },
      );
      const announce = cursor === undefined && query.from === 'now' ? startId : undefined;
      const outgoing = c.env?.outgoing;
      if (outgoing) {
        void pump(subscription, nodeSink(outgoing), settings, announce);
        return RESPONSE_ALREADY_SENT as never;
      }
      const { sink, body } = webSink(c.req.raw.signal);
      void pump(subscription, sink, settings, announce);
      return new Response(body, { status: 200, headers: SSE_HEADERS }) as never;
    },
  );
}
