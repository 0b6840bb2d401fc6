/**
 * The webhook routes in process (`app.request`): admin scope only, the secret shown once, private
 * URLs refused with `webhook_url_refused` unless allowed, rotation, the delivery log, replay rules,
 * problem+json for every refusal, and 503 on a server built without webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDeliveryList, WebhookSubscription, WebhookWithSecret } from '@baton/sdk';
import { createApp } from '../../src/http/app.ts';
import { openTestPglite } from '../storage/backends.ts';
import type { Database } from '../../src/storage/database.ts';
import { call } from '../http/helpers.ts';
import { webhookStack, type WebhookStack } from './helpers.ts';
import { startReceiver, verifyBoth, type Receiver } from './receiver.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(async () => {
  await database.close();
});

/** Resolves only `hooks.example` (public) and `intranet.example` (private): no DNS in tests. */
const resolveHost = async (host: string) => {
  if (host === 'hooks.example') return ['93.184.216.34'];
  if (host === 'intranet.example') return ['10.20.30.40'];
  if (host === 'localhost') return ['127.0.0.1', '::1'];
  throw new Error('ENOTFOUND');
};

describe('webhook routes, private URLs refused (the default)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack(database, { config: { allowPrivateUrls: false }, resolveHost });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('admits admin keys only', async () => {
    const body = { url: 'https://hooks.example/baton', eventTypes: ['*'] };
    expect((await call(stack.app, 'POST', '/v1/webhooks', { body })).status).toBe(401);
    const forbidden = await call(stack.app, 'POST', '/v1/webhooks', { key: stack.keys.operator, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
    expect((await call(stack.app, 'GET', '/v1/webhooks', { key: stack.keys.operator })).status).toBe(403);
  });

  it('creates a subscription, shows its secret once, lists it, reads it, disables it', async () => {
    const created = await call<WebhookWithSecret>(stack.app, 'POST', '/v1/webhooks', {
      key: stack.keys.admin,
      body: {
        url: 'https://hooks.example/baton',
        eventTypes: ['handoff-requested', 'handoff-claimed', 'handoff-requested'],
        description: 'CRM sync',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const { webhook } = created.body;
    expect(webhook).toMatchObject({
      id: expect.stringMatching(/^wh_[0-9a-f]{24}$/),
      url: 'https://hooks.example/baton',
      eventTypes: ['handoff-requested', 'handoff-claimed'],
      description: 'CRM sync',
      status: 'active',
      disabledReason: null,
      previousSecretExpiresAt: null,
    });

    const read = await call<WebhookSubscription>(stack.app, 'GET', `/v1/webhooks/${webhook.id}`, {
      key: stack.keys.admin,
    });
    expect(read.body).toEqual(webhook);
    expect(JSON.stringify(read.body)).not.toContain(created.body.secret);
    const list = await call<{ webhooks: WebhookSubscription[] }>(stack.app, 'GET', '/v1/webhooks', {
      key: stack.keys.admin,
    });
    expect(list.body.webhooks.map((item) => item.id)).toContain(webhook.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const deleted = await call<WebhookSubscription>(stack.app, 'DELETE', `/v1/webhooks/${webhook.id}`, {
      key: stack.keys.admin,
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ status: 'disabled', disabledReason: 'deleted' });
    const rotate = await call(stack.app, 'POST', `/v1/webhooks/${webhook.id}/rotate-secret`, {
      key: stack.keys.admin,
    });
    expect(rotate.status).toBe(409);
    expect(rotate.body.code).toBe('webhook_disabled');
  });

  it('collapses a wildcard to `*`', async () => {
    const created = await call<WebhookWithSecret>(stack.app, 'POST', '/v1/webhooks', {
      key: stack.keys.admin,
      body: { url: 'https://hooks.example/all', eventTypes: ['turn-created', '*'] },
    });
    expect(created.body.webhook.eventTypes).toEqual(['*']);
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:3000/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://192.168.1.20/hook',
    'https://intranet.example/hook',
    'https://nowhere.example/hook',
  ])('refuses %s with 400 webhook_url_refused', async (url) => {
    const response = await call(stack.app, 'POST', '/v1/webhooks', {
      key: stack.keys.admin,
      body: { url, eventTypes: ['*'] },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'webhook_url_refused',
      type: 'urn:baton:problem:webhook_url_refused',
      url,
    });
  });

  it('validates the body: a URL, http(s) only, known event types', async () => {
    for (const body of [
      { url: 'not a url', eventTypes: ['*'] },
      { url: 'ftp://hooks.example/x', eventTypes: ['*'] },
      { url: 'https://hooks.example/x', eventTypes: [] },
      { url: 'https://hooks.example/x', eventTypes: ['handoff-exploded'] },
    ]) {
      const response = await call(stack.app, 'POST', '/v1/webhooks', { key: stack.keys.admin, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('invalid_request');
    }
  });

  it('answers 404 with stable codes for unknown subscriptions and deliveries', async () => {
    const missing = await call(stack.app, 'GET', '/v1/webhooks/wh_nope', { key: stack.keys.admin });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('webhook_not_found');
    const created = await call<WebhookWithSecret>(stack.app, 'POST', '/v1/webhooks', {
      key: stack.keys.admin,
      body: { url: 'https://hooks.example/404', eventTypes: ['*'] },
    });
    const replay = await call(
      stack.app,
      'POST',
      `/v1/webhooks/${created.body.webhook.id}/deliveries/msg_nope/replay`,
      { key: stack.keys.admin },
    );
    expect(replay.status).toBe(404);
    expect(replay.body.code).toBe('webhook_delivery_not_found');
  });
});

describe('webhook routes, private URLs allowed (BATON_WEBHOOKS_ALLOW_PRIVATE=1)', () => {
  let stack: WebhookStack;
  let endpoint: Receiver;
  let failing = true;
  beforeAll(async () => {
    stack = await webhookStack(database, {
      config: { allowPrivateUrls: true, retrySchedule: [0] },
      resolveHost,
    });
    endpoint = await startReceiver(() => (failing ? { status: 500 } : { status: 200 }));
  });
  afterAll(async () => {
    await stack.close();
    await endpoint.close();
  });

  it('delivers to loopback, shows the log with attempts, and replays a dead delivery', async () => {
    const created = await call<WebhookWithSecret>(stack.app, 'POST', '/v1/webhooks', {
      key: stack.keys.admin,
      body: { url: endpoint.url, eventTypes: ['turn-created'] },
    });
    expect(created.status).toBe(201);
    const id = created.body.webhook.id;
    await stack.makeEvent();
    await stack.makeEvent();
    await stack.webhooks.worker.runOnce();
    await stack.webhooks.worker.drain();

    const log = await call<WebhookDeliveryList>(stack.app, 'GET', `/v1/webhooks/${id}/deliveries`, {
      key: stack.keys.admin,
    });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toHaveLength(2);
    expect(log.body.nextBefore).toBeNull();
    const [newest, oldest] = log.body.deliveries;
    expect(Number(newest!.eventId)).toBeGreaterThan(Number(oldest!.eventId));
    expect(newest).toMatchObject({
      state: 'dead',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
      attemptLog: [{ attempt: 1, outcome: 'failed', statusCode: 500 }],
    });

    // Paging and filtering.
    const page = await call<WebhookDeliveryList>(stack.app, 'GET', `/v1/webhooks/${id}/deliveries?limit=1`, {
      key: stack.keys.admin,
    });
    expect(page.body.deliveries.map((delivery) => delivery.id)).toEqual([newest!.id]);
    const next = await call<WebhookDeliveryList>(
      stack.app,
      'GET',
      `/v1/webhooks/${id}/deliveries?limit=1&before=${page.body.nextBefore}`,
      { key: stack.keys.admin },
    );
    expect(next.body.deliveries.map((delivery) => delivery.id)).toEqual([oldest!.id]);
    const succeeded = await call<WebhookDeliveryList>(
      stack.app,
      'GET',
      `/v1/webhooks/${id}/deliveries?state=succeeded`,
      { key: stack.keys.admin },
    );
    expect(succeeded.body.deliveries).toEqual([]);

    failing = false;
    const replayed = await call(stack.app, 'POST', `/v1/webhooks/${id}/deliveries/${newest!.id}/replay`, {
      key: stack.keys.admin,
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ id: newest!.id, state: 'pending', replays: 1 });
    await stack.webhooks.worker.runOnce();
    await stack.webhooks.worker.drain();
    const last = endpoint.requests.at(-1)!;
    expect(last.headers['webhook-id']).toBe(newest!.id);
    verifyBoth(created.body.secret, last);

    // Only failed or dead deliveries are replayed.
    const again = await call(stack.app, 'POST', `/v1/webhooks/${id}/deliveries/${newest!.id}/replay`, {
      key: stack.keys.admin,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'delivery_not_replayable', state: 'succeeded' });
  });

  it('rotates the secret through the API, with a grace period', async () => {
    const created = await call<WebhookWithSecret>(stack.app, 'POST', '/v1/webhooks', {
      key: stack.keys.admin,
      body: { url: endpoint.url, eventTypes: ['policy-updated'] },
    });
    const rotated = await call<WebhookWithSecret>(
      stack.app,
      'POST',
      `/v1/webhooks/${created.body.webhook.id}/rotate-secret`,
      { key: stack.keys.admin, body: { gracePeriodSeconds: 3_600 } },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const expires = Date.parse(rotated.body.webhook.previousSecretExpiresAt!);
    expect(expires - Date.now()).toBeGreaterThan(3_500_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(3_600_000);
    const tooLong = await call(stack.app, 'POST', `/v1/webhooks/${created.body.webhook.id}/rotate-secret`, {
      key: stack.keys.admin,
      body: { gracePeriodSeconds: 30 * 24 * 3600 },
    });
    expect(tooLong.status).toBe(400);
  });

  it('limits the number of active subscriptions', async () => {
    const limited = await webhookStack(database, {
      config: { allowPrivateUrls: true, maxSubscriptions: 0 },
      resolveHost,
    });
    try {
      const refused = await call(limited.app, 'POST', '/v1/webhooks', {
        key: limited.keys.admin,
        body: { url: endpoint.url, eventTypes: ['*'] },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'too_many_webhooks', limit: 0 });
    } finally {
      await limited.close();
    }
  });
});

describe('a server built without webhooks', () => {
  it('documents the routes and answers them 503 unavailable', async () => {
    const stack = await webhookStack(database);
    try {
      const bare = createApp(stack.service, { logError: () => {} });
      const response = await call(bare, 'GET', '/v1/webhooks', { key: stack.keys.admin });
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('unavailable');
      const document = (await (await bare.request('/openapi.json')).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/v1/webhooks',
          '/v1/webhooks/{subscriptionId}',
          '/v1/webhooks/{subscriptionId}/rotate-secret',
          '/v1/webhooks/{subscriptionId}/deliveries',
          '/v1/webhooks/{subscriptionId}/deliveries/{deliveryId}/replay',
        ]),
      );
    } finally {
      await stack.close();
    }
  });
});
