/**
 * Deliveries end to end, on both back ends: the running worker sends each event to real receivers
 * on 127.0.0.1, which verify every request with `standardwebhooks` and `svix`. Retries (500, a
 * timeout, 429 with Retry-After, then 2xx) keep one `webhook-id` and the same bytes; 410 disables;
 * a dead delivery is replayed; a rotation signs twice; a failing endpoint never delays another; an
 * address that turns private at send time is refused.
 */
import http from 'node:http';
import https from 'node:https';
import { afterEach, expect, it } from 'vitest';
import { sendWebhook } from '../../src/webhooks/send-webhook.ts';
import { describeBackends } from '../storage/backends.ts';
import { webhookStack, type WebhookStack } from './helpers.ts';
import {
  startReceiver,
  verifyBoth,
  verifyStandard,
  verifySvix,
  type Receiver,
  type Script,
} from './receiver.ts';

describeBackends('webhook delivery', (use) => {
  let stack: WebhookStack | undefined;
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  const open = async (config: Parameters<typeof webhookStack>[1] = {}) => {
    stack = await webhookStack(use(), config);
    return stack;
  };
  const receiver = async (script?: Script) => {
    const started = await startReceiver(script);
    receivers.push(started);
    return started;
  };
  const deliveriesOf = async (subscriptionId: string) =>
    (await stack!.webhooks.admin.deliveries(subscriptionId, {})).deliveries;

  it('signs every delivery so standardwebhooks and svix verify it; the body is { type, timestamp, data }', async () => {
    const { webhooks, admin, makeEvent } = await open();
    const endpoint = await receiver();
    const { webhook, secret } = await webhooks.admin.create(admin, {
      url: endpoint.url,
      eventTypes: ['turn-created'],
    });
    webhooks.worker.start();
    const conversations = [await makeEvent(), await makeEvent(), await makeEvent()];
    await endpoint.waitFor((requests) => requests.length === 3);

    const received = endpoint.requests.map((request) => {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{24}$/);
      expect(Number(request.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1_000, -2);
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      return verifyBoth(secret, request) as {
        type: string;
        timestamp: string;
        data: { conversationId: string; at: string };
      };
    });
    expect(received.map((payload) => payload.type)).toEqual(['turn-created', 'turn-created', 'turn-created']);
    expect(new Set(received.map((payload) => payload.data.conversationId))).toEqual(new Set(conversations));
    for (const payload of received) expect(payload.timestamp).toBe(payload.data.at);

    // One byte changed, or a replay of the message ten minutes later: both verifiers refuse.
    const [first] = endpoint.requests;
    const tampered = { ...first!, body: first!.body.replace('turn-created', 'turn-createD') };
    expect(() => verifyStandard(secret, tampered)).toThrow();
    expect(() => verifySvix(secret, tampered)).toThrow();
    const stale = {
      ...first!,
      headers: {
        ...first!.headers,
        'webhook-timestamp': String(Number(first!.headers['webhook-timestamp']) - 600),
      },
    };
    expect(() => verifyStandard(secret, stale)).toThrow();
    expect(() => verifySvix(secret, stale)).toThrow();

    await webhooks.worker.stop();
    const log = await deliveriesOf(webhook.id);
    expect(log.map((delivery) => delivery.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(log[0]!.attemptLog).toMatchObject([{ attempt: 1, outcome: 'succeeded', statusCode: 204 }]);
  });

  it('retries 500, a timeout and 429 with Retry-After, then delivers once, with one webhook-id and the same bytes', async () => {
    const { webhooks, admin, makeEvent } = await open({ config: { timeoutMs: 300, leaseMs: 5_000 } });
    const endpoint = await receiver((request) => {
      switch (request.index) {
        case 0:
          return { status: 500, body: 'boom' };
        case 1:
          return { status: 200, delayMs: 1_000 }; // past the 300 ms timeout
        case 2:
          return { status: 429, headers: { 'retry-after': '1' } };
        default:
          return { status: 200, body: 'ok' };
      }
    });
    const { webhook, secret } = await webhooks.admin.create(admin, {
      url: endpoint.url,
      eventTypes: ['turn-created'],
    });
    webhooks.worker.start();
    await makeEvent();
    await endpoint.waitFor((requests) => requests.length === 4);
    await webhooks.worker.stop();

    const ids = new Set(endpoint.requests.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(endpoint.requests.map((request) => request.body)).size).toBe(1);
    for (const request of endpoint.requests) verifyBoth(secret, request);
    // Retry-After: 1 was honoured (the schedule alone would have waited 20 ms).
    expect(endpoint.requests[3]!.at - endpoint.requests[2]!.at).toBeGreaterThanOrEqual(990);

    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ id: [...ids][0], state: 'succeeded', attempts: 4, lastStatusCode: 200 });
    expect(delivery!.attemptLog.map((attempt) => [attempt.outcome, attempt.statusCode])).toEqual([
      ['failed', 500],
      ['failed', null],
      ['failed', 429],
      ['succeeded', 200],
    ]);
    expect(delivery!.attemptLog[0]!.responseExcerpt).toBe('boom');
    expect(delivery!.attemptLog[1]!.error).toMatch(/timed out after 300 ms/);

    // Delivered once: nothing more goes out.
    await webhooks.worker.runOnce();
    await webhooks.worker.drain();
    expect(endpoint.requests).toHaveLength(4);
  });

  it('disables the subscription when the endpoint answers 410 Gone', async () => {
    const { webhooks, admin, makeEvent } = await open();
    const endpoint = await receiver(() => ({ status: 410 }));
    const { webhook } = await webhooks.admin.create(admin, { url: endpoint.url, eventTypes: ['*'] });
    await makeEvent();
    await webhooks.worker.runOnce();
    await webhooks.worker.drain();
    expect(await webhooks.admin.get(webhook.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'gone',
    });
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ state: 'dead', attempts: 1, lastStatusCode: 410 });
    await makeEvent();
    await webhooks.worker.runOnce();
    await webhooks.worker.drain();
    expect(endpoint.requests).toHaveLength(1);
  });

  it('parks a delivery as dead after the last attempt, and replays it with the same webhook-id', async () => {
    const { webhooks, admin, makeEvent } = await open({ config: { retrySchedule: [0, 0, 0] } });
    let healthy = false;
    const endpoint = await receiver(() => (healthy ? { status: 202 } : { status: 503 }));
    const { webhook, secret } = await webhooks.admin.create(admin, {
      url: endpoint.url,
      eventTypes: ['turn-created'],
    });
    await makeEvent();
    for (let pass = 0; pass < 4; pass++) {
      await webhooks.worker.runOnce();
      await webhooks.worker.drain();
    }
    expect(endpoint.requests).toHaveLength(3);
    let [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ state: 'dead', attempts: 3, nextAttemptAt: null, lastStatusCode: 503 });

    healthy = true;
    const replayed = await webhooks.admin.replay(webhook.id, delivery!.id);
    expect(replayed).toMatchObject({ state: 'pending', replays: 1 });
    await webhooks.worker.runOnce();
    await webhooks.worker.drain();
    [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ state: 'succeeded', attempts: 4, replays: 1 });
    expect(endpoint.requests.map((request) => request.headers['webhook-id'])).toEqual(
      Array(4).fill(delivery!.id),
    );
    verifyBoth(secret, endpoint.requests[3]!);
  });

  it('signs with both secrets during a rotation, and with the new one only after it', async () => {
    const { webhooks, admin, makeEvent } = await open();
    const endpoint = await receiver();
    const created = await webhooks.admin.create(admin, { url: endpoint.url, eventTypes: ['turn-created'] });
    const rotated = await webhooks.admin.rotateSecret(created.webhook.id, {});
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.webhook.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await makeEvent();
    await webhooks.worker.runOnce();
    await webhooks.worker.drain();
    const [during] = endpoint.requests;
    expect(during!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    verifyBoth(rotated.secret, during!);
    verifyBoth(created.secret, during!);

    // Rotating with no grace drops the old secret at once.
    const again = await webhooks.admin.rotateSecret(created.webhook.id, { gracePeriodSeconds: 0 });
    expect(again.webhook.previousSecretExpiresAt).toBeNull();
    await makeEvent();
    await webhooks.worker.runOnce();
    await webhooks.worker.drain();
    const after = endpoint.requests[1]!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    verifyBoth(again.secret, after);
    expect(() => verifyStandard(rotated.secret, after)).toThrow();
    expect(() => verifySvix(created.secret, after)).toThrow();
  });

  it('never lets a slow, failing endpoint delay another subscriber', async () => {
    const { webhooks, admin, makeEvent } = await open({
      config: { timeoutMs: 3_000, leaseMs: 10_000, maxInFlightPerSubscription: 2, stopGraceMs: 50 },
    });
    const slow = await receiver(() => ({ status: 500, delayMs: 2_500 }));
    const fast = await receiver();
    await webhooks.admin.create(admin, { url: slow.url, eventTypes: ['turn-created'] });
    await webhooks.admin.create(admin, { url: fast.url, eventTypes: ['turn-created'] });
    webhooks.worker.start();
    const started = Date.now();
    for (let index = 0; index < 6; index++) await makeEvent();
    await fast.waitFor((requests) => requests.length === 6, 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The slow endpoint holds its two slots, no more, and has answered nothing yet.
    expect(slow.requests.length).toBeLessThanOrEqual(2);
  });

  it('refuses, at send time, a host that resolves to a private address', async () => {
    const endpoint = await receiver();
    const agents = { http: new http.Agent(), https: new https.Agent() };
    const port = new URL(endpoint.url).port;
    const send = (url: string) =>
      sendWebhook({
        url,
        headers: {},
        body: Buffer.from('{}'),
        timeoutMs: 2_000,
        allowPrivate: false,
        signal: new AbortController().signal,
        agents,
      });
    const byName = await send(`http://localhost:${port}/hooks`);
    expect(byName).toMatchObject({ kind: 'error' });
    expect(byName.kind === 'error' && byName.error).toMatch(/loopback, link-local or private/);
    const literal = await send(endpoint.url);
    expect(literal.kind === 'error' && literal.error).toMatch(/loopback, link-local or private/);
    expect(endpoint.requests).toHaveLength(0);
    // A redirect is an answer, not followed.
    const redirecting = await receiver((request) =>
      request.path === '/hooks' ? { status: 307, headers: { location: '/elsewhere' } } : { status: 200 },
    );
    const redirected = await sendWebhook({
      url: redirecting.url,
      headers: {},
      body: Buffer.from('{}'),
      timeoutMs: 2_000,
      allowPrivate: true,
      signal: new AbortController().signal,
      agents,
    });
    expect(redirected).toMatchObject({ kind: 'response', status: 307 });
    expect(redirecting.requests.map((request) => request.path)).toEqual(['/hooks']);
    agents.http.destroy();
  });
});
