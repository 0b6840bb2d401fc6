/**
 * Webhook routes (admin scope): subscriptions, secret rotation, the delivery log and replay. The
 * routes are always documented; a server built without webhooks answers them 503 `unavailable`.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  CreateWebhookRequestSchema,
  ListWebhookDeliveriesQuerySchema,
  RotateWebhookSecretRequestSchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookListSchema,
  WebhookSubscriptionSchema,
  WebhookWithSecretSchema,
} from '@baton/sdk';
import { BatonError } from '../../errors.ts';
import type { Service } from '../../service/types.ts';
import type { WebhookAdmin } from '../../webhooks/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

const subscriptionParams = z.object({
  subscriptionId: z.string().min(1).max(128).meta({ description: "The webhook subscription's id." }),
});
const deliveryParams = subscriptionParams.extend({
  deliveryId: z.string().min(1).max(128).meta({ description: 'The delivery id (its `webhook-id` header).' }),
});

/** Registers the webhook routes over `webhooks` (or 503 answers without it). */
export function registerWebhookRoutes(
  app: OpenAPIHono<AppEnv>,
  service: Service,
  webhooks: WebhookAdmin | undefined,
): void {
  const admin = (): WebhookAdmin => {
    if (!webhooks) throw new BatonError('unavailable', 'Webhooks are not enabled on this server.');
    return webhooks;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks',
      operationId: 'createWebhook',
      tags: ['webhooks'],
      summary: 'Subscribe a URL to events (the signing secret is shown once)',
      description:
        'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), ' +
        'sent at least once and retried with backoff. A refused URL is a `400 webhook_url_refused`.',
      ...guard(service, ['admin'], 'required'),
      request: { body: jsonRequest(CreateWebhookRequestSchema, 'The URL, the event types, a description.') },
      responses: {
        201: jsonResponse(WebhookWithSecretSchema, 'The subscription and its secret.'),
        ...problems(413, 415, 422),
      },
    }),
    async (c) => c.json(await admin().create(c.get('principal'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks',
      operationId: 'listWebhooks',
      tags: ['webhooks'],
      summary: 'Every webhook subscription, active and disabled',
      ...guard(service, ['admin']),
      responses: { 200: jsonResponse(WebhookListSchema, 'The subscriptions, oldest first.'), ...problems() },
    }),
    async (c) => c.json({ webhooks: await admin().list() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/{subscriptionId}',
      operationId: 'getWebhook',
      tags: ['webhooks'],
      summary: 'One webhook subscription',
      ...guard(service, ['admin']),
      request: { params: subscriptionParams },
      responses: { 200: jsonResponse(WebhookSubscriptionSchema, 'The subscription.'), ...problems(404) },
    }),
    async (c) => c.json(await admin().get(c.req.valid('param').subscriptionId), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhooks/{subscriptionId}',
      operationId: 'deleteWebhook',
      tags: ['webhooks'],
      summary: 'Disable a webhook subscription (kept with its delivery log)',
      description: 'Deliveries still waiting are not sent (`dead`). Idempotent.',
      ...guard(service, ['admin']),
      request: { params: subscriptionParams },
      responses: {
        200: jsonResponse(WebhookSubscriptionSchema, 'The disabled subscription.'),
        ...problems(404),
      },
    }),
    async (c) => c.json(await admin().disable(c.req.valid('param').subscriptionId), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{subscriptionId}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tags: ['webhooks'],
      summary: 'Rotate the signing secret (the old one keeps signing for a grace period)',
      description:
        'During the grace period `webhook-signature` carries two signatures, one per secret, so a receiver ' +
        'verifies with either.',
      ...guard(service, ['admin'], 'optional'),
      request: {
        params: subscriptionParams,
        body: jsonRequest(RotateWebhookSecretRequestSchema, 'The grace period (optional).', false),
      },
      responses: {
        200: jsonResponse(WebhookWithSecretSchema, 'The subscription and its new secret.'),
        ...problems(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const body =
        (c.req.valid('json') as z.infer<typeof RotateWebhookSecretRequestSchema> | undefined) ?? {};
      return c.json(await admin().rotateSecret(c.req.valid('param').subscriptionId, body), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/{subscriptionId}/deliveries',
      operationId: 'listWebhookDeliveries',
      tags: ['webhooks'],
      summary: 'The delivery log: state, attempts, status codes and the next attempt',
      ...guard(service, ['admin']),
      request: { params: subscriptionParams, query: ListWebhookDeliveriesQuerySchema },
      responses: { 200: jsonResponse(WebhookDeliveryListSchema, 'Newest event first.'), ...problems(404) },
    }),
    async (c) =>
      c.json(await admin().deliveries(c.req.valid('param').subscriptionId, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{subscriptionId}/deliveries/{deliveryId}/replay',
      operationId: 'replayWebhookDelivery',
      tags: ['webhooks'],
      summary: 'Replay a failed or dead delivery (same `webhook-id`, a fresh retry schedule)',
      ...guard(service, ['admin']),
      request: { params: deliveryParams },
      responses: {
        200: jsonResponse(WebhookDeliverySchema, 'The delivery, due now.'),
        ...problems(404, 409),
      },
    }),
    async (c) => {
      const { subscriptionId, deliveryId } = c.req.valid('param');
      return c.json(await admin().replay(subscriptionId, deliveryId), 200);
    },
  );
}
