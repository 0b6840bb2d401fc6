/** Routing routes: the queues' live state, the queue configuration, offers and the waiting ETA. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  DeclineOfferRequestSchema,
  HandoffEtaSchema,
  HandoffIdSchema,
  HandoffSchema,
  QueueConfigDocumentSchema,
  QueueConfigHistorySchema,
  QueueConfigRecordSchema,
  QueueListSchema,
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

const params = z.object({ handoffId: HandoffIdSchema });

/** Registers the routing routes. */
export function registerQueueRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/queues',
      operationId: 'listQueues',
      tags: ['queues'],
      summary: 'Every queue with its live depth, oldest wait, operators online and SLA state',
      ...guard(service, ['operator']),
      responses: { 200: jsonResponse(QueueListSchema, 'The queues, in configured order.'), ...problems() },
    }),
    async (c) => c.json(await service.listQueues(c.get('principal')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/queue-config',
      operationId: 'getQueueConfig',
      tags: ['queues'],
      summary: 'The current queue configuration and every version, newest activation first',
      ...guard(service, ['operator']),
      responses: { 200: jsonResponse(QueueConfigHistorySchema, 'Current and history.'), ...problems() },
    }),
    async (c) => c.json(await service.getQueueConfig(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/queue-config',
      operationId: 'putQueueConfig',
      tags: ['queues'],
      summary: 'Store and activate a queue configuration version (validated)',
      description:
        'A `400 invalid_queue_config` lists each field that failed. A known version with the same document is ' +
        're-activated (a rollback); a known version with another document is refused.',
      ...guard(service, ['admin'], 'required'),
      request: { body: jsonRequest(QueueConfigDocumentSchema, 'The queue configuration.') },
      responses: { 200: jsonResponse(QueueConfigRecordSchema, 'The active version.'), ...problems(413, 415) },
    }),
    async (c) => c.json(await service.putQueueConfig(c.get('principal'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/accept',
      operationId: 'acceptOffer',
      tags: ['handoffs'],
      summary: 'Accept the handoff offered to you (a claim)',
      description:
        '`409 offer_not_yours` when it is offered to someone else, `409 offer_expired` when too late.',
      ...guard(service, ['operator']),
      request: { params, headers: idempotencyHeaders },
      responses: { 200: jsonResponse(HandoffSchema, 'The claimed handoff.'), ...problems(404, 409, 422) },
    }),
    async (c) => {
      const options = writeOptions(c.req.valid('header'));
      return c.json(
        await service.acceptOffer(c.get('principal'), c.req.valid('param').handoffId, options),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/handoffs/{handoffId}/decline',
      operationId: 'declineOffer',
      tags: ['handoffs'],
      summary: 'Pass on the handoff offered to you; the next operator is offered it',
      ...guard(service, ['operator'], 'optional'),
      request: { params, body: jsonRequest(DeclineOfferRequestSchema, 'Why (optional).', false) },
      responses: {
        200: jsonResponse(HandoffSchema, 'The handoff, still queued.'),
        ...problems(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const body = (c.req.valid('json') as { reason?: string } | undefined) ?? {};
      return c.json(
        await service.declineOffer(c.get('principal'), c.req.valid('param').handoffId, body),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/handoffs/{handoffId}/eta',
      operationId: 'getHandoffEta',
      tags: ['handoffs'],
      summary: "The waiting customer's position and ETA range, with its confidence",
      description:
        'No estimate (null seconds) without recent handle times or without anyone online, never a guess.',
      ...guard(service, ['agent', 'operator']),
      request: { params },
      responses: { 200: jsonResponse(HandoffEtaSchema, 'The ETA now.'), ...problems(404) },
    }),
    async (c) => c.json(await service.handoffEta(c.get('principal'), c.req.valid('param').handoffId), 200),
  );
}
