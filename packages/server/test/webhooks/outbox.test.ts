/**
 * The outbox and its leases, on PGlite and on PostgreSQL: events fan out once per subscription and
 * type; concurrent workers lease disjoint deliveries (`FOR UPDATE SKIP LOCKED`); a crashed worker's
 * lease (back-dated in SQL) is taken over and its late completion refused; a disabled subscription
 * gets nothing more. Workers are driven pass by pass (`runOnce`, `drain`), so nothing here sleeps.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { webhookConfig } from '../../src/webhooks/config.ts';
import { DeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import { settleEvents } from '../../src/service/events.ts';
import { fanOutEvents } from '../../src/webhooks/fan-out.ts';
import { leaseDeliveries } from '../../src/webhooks/lease-deliveries.ts';
import { describeBackends } from '../storage/backends.ts';
import { FAST, webhookStack, type WebhookStack } from './helpers.ts';
import { startReceiver, verifyBoth, type Receiver } from './receiver.ts';

describeBackends('webhook outbox', (use) => {
  let stack: WebhookStack;
  const receivers: Receiver[] = [];
  const workers: DeliveryWorker[] = [];
  beforeEach(async () => {
    stack = await webhookStack(use());
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await stack.close();
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const started = await startReceiver(...args);
    receivers.push(started);
    return started;
  };
  const otherWorker = (workerId: string) => {
    const worker = new DeliveryWorker({ database: use(), config: webhookConfig(FAST), workerId });
    workers.push(worker);
    return worker;
  };
  const subscribe = (url: string, eventTypes: string[]) =>
    stack.webhooks.admin.create(stack.admin, { url, eventTypes });
  // Settled first: an event is fanned out once it is readable (below the watermark), as the worker does.
  const fanOut = async () => {
    await settleEvents(use());
    return fanOutEvents(use(), { now: new Date(), firstDelayMs: 0, batchSize: 500 });
  };

  it('fans each event out once per subscription and type, from the subscription’s creation on', async () => {
    await stack.makeEvent(); // before any subscription: not delivered
    const turns = await subscribe('http://127.0.0.1:9/a', ['turn-created']);
    const claims = await subscribe('http://127.0.0.1:9/b', ['handoff-claimed']);
    const everything = await subscribe('http://127.0.0.1:9/c', ['*']);
    for (let index = 0; index < 3; index++) await stack.makeEvent();
    // Two instances fanning out at once create each delivery once.
    await Promise.all([fanOut(), fanOut(), fanOut()]);
    expect((await fanOut()).created).toBe(0);

    const turnLog = await stack.webhooks.admin.deliveries(turns.webhook.id, {});
    expect(turnLog.deliveries).toHaveLength(3);
    expect((await stack.webhooks.admin.deliveries(claims.webhook.id, {})).deliveries).toHaveLength(0);
    const events = await stack.service.events({
      afterId: String(Number(turnLog.deliveries.at(-1)!.eventId) - 1),
    });
    expect((await stack.webhooks.admin.deliveries(everything.webhook.id, {})).deliveries).toHaveLength(
      events.length,
    );

    // Each delivery's body is { type, timestamp, data: the event }, newest first in the log.
    const [newest] = turnLog.deliveries;
    const row = (
      await use().query<{ payload: string }>('SELECT payload FROM webhook_deliveries WHERE id = $1', [
        newest!.id,
      ])
    )[0]!;
    const payload = JSON.parse(row.payload) as { type: string; timestamp: string; data: { id: string } };
    expect(payload.type).toBe('turn-created');
    expect(payload.data.id).toBe(newest!.eventId);
    const event = (
      await stack.service.events({ afterId: String(Number(newest!.eventId) - 1), limit: 1 })
    )[0]!;
    expect(payload).toEqual({ type: event.type, timestamp: event.at, data: event });
    expect(newest).toMatchObject({ state: 'pending', attempts: 0, attemptLog: [] });
  });

  it('leases each due delivery to one worker at a time (concurrent workers take disjoint sets)', async () => {
    const { webhook } = await subscribe('http://127.0.0.1:9/lease', ['turn-created']);
    for (let index = 0; index < 12; index++) await stack.makeEvent();
    await fanOut();
    const lease = (workerId: string) =>
      leaseDeliveries(use(), {
        subscriptionId: webhook.id,
        workerId,
        now: new Date(),
        leaseMs: 10_000,
        limit: 12,
      });
    const [first, second] = await Promise.all([lease('w1'), lease('w2')]);
    const ids = [...first, ...second].map((delivery) => delivery.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(12);
    expect([...first, ...second].every((delivery) => delivery.attempt === 1)).toBe(true);
    // Leased and not expired: nothing is due.
    expect(await lease('w3')).toEqual([]);
    const log = await stack.webhooks.admin.deliveries(webhook.id, {});
    expect(log.deliveries.every((delivery) => delivery.state === 'sending')).toBe(true);
    expect(log.deliveries[0]!.attemptLog).toMatchObject([{ attempt: 1, outcome: 'sending' }]);
  });

  it('takes over a crashed worker’s expired lease and refuses the crashed worker’s late completion', async () => {
    let releaseFirst: () => void = () => {};
    const hang = new Promise<void>((resolve) => (releaseFirst = resolve));
    const endpoint = await receiver((request) =>
      request.index === 0 ? { status: 200, after: hang } : { status: 200 },
    );
    const { webhook, secret } = await subscribe(endpoint.url, ['turn-created']);
    await stack.makeEvent();

    const crashed = stack.webhooks.worker;
    await crashed.runOnce();
    await endpoint.waitFor((requests) => requests.length === 1);
    // The worker "crashes" mid-attempt: its lease runs out.
    await use().query(
      `UPDATE webhook_deliveries SET lease_expires_at = now() - interval '1 second' WHERE subscription_id = $1`,
      [webhook.id],
    );

    const rescuer = otherWorker('rescuer');
    await rescuer.runOnce();
    await rescuer.drain();
    expect(endpoint.requests).toHaveLength(2);

    // The crashed worker comes back and reports: refused.
    releaseFirst();
    await crashed.drain();
    expect(crashed.refusedCompletions).toBe(1);
    expect(rescuer.refusedCompletions).toBe(0);

    const [delivery] = (await stack.webhooks.admin.deliveries(webhook.id, {})).deliveries;
    expect(delivery).toMatchObject({ state: 'succeeded', attempts: 2, lastStatusCode: 200 });
    expect(delivery!.attemptLog).toMatchObject([
      { attempt: 1, outcome: 'lease_expired', statusCode: 200 },
      { attempt: 2, outcome: 'succeeded', statusCode: 200 },
    ]);
    // At least once: both requests carry the same webhook-id, the receiver's idempotency key.
    expect(endpoint.requests.map((request) => request.headers['webhook-id'])).toEqual([
      delivery!.id,
      delivery!.id,
    ]);
    for (const request of endpoint.requests) verifyBoth(secret, request);
    // Nothing is due any more.
    await rescuer.runOnce();
    await rescuer.drain();
    expect(endpoint.requests).toHaveLength(2);
  });

  it('refuses a completion whose lease expired even when nobody took over, and retries it', async () => {
    let release: () => void = () => {};
    const hang = new Promise<void>((resolve) => (release = resolve));
    const endpoint = await receiver((request) =>
      request.index === 0 ? { status: 500, after: hang } : { status: 204 },
    );
    const { webhook } = await subscribe(endpoint.url, ['turn-created']);
    await stack.makeEvent();
    const worker = stack.webhooks.worker;
    await worker.runOnce();
    await endpoint.waitFor((requests) => requests.length === 1);
    await use().query(
      `UPDATE webhook_deliveries SET lease_expires_at = now() - interval '1 second' WHERE subscription_id = $1`,
      [webhook.id],
    );
    release();
    await worker.drain();
    expect(worker.refusedCompletions).toBe(1);
    let [delivery] = (await stack.webhooks.admin.deliveries(webhook.id, {})).deliveries;
    expect(delivery).toMatchObject({ state: 'sending', attempts: 1, lastStatusCode: null });
    // The expired lease is due: the next pass takes it over.
    await worker.runOnce();
    await worker.drain();
    [delivery] = (await stack.webhooks.admin.deliveries(webhook.id, {})).deliveries;
    expect(delivery).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(delivery!.attemptLog.map((attempt) => attempt.outcome)).toEqual(['lease_expired', 'succeeded']);
  });

  it('does not retry an attempt that failed after its subscription was disabled', async () => {
    let release: () => void = () => {};
    const hang = new Promise<void>((resolve) => (release = resolve));
    const endpoint = await receiver(() => ({ status: 500, after: hang }));
    const { webhook } = await subscribe(endpoint.url, ['turn-created']);
    await stack.makeEvent();
    await stack.webhooks.worker.runOnce();
    await endpoint.waitFor((requests) => requests.length === 1);
    await stack.webhooks.admin.disable(webhook.id);
    release();
    await stack.webhooks.worker.drain();
    const [delivery] = (await stack.webhooks.admin.deliveries(webhook.id, {})).deliveries;
    expect(delivery).toMatchObject({
      state: 'dead',
      nextAttemptAt: null,
      lastStatusCode: 500,
      lastError: 'HTTP 500 (not retried: the subscription is disabled)',
    });
  });

  it('forgets finished deliveries past retention, keeps the rest', async () => {
    let healthy = true;
    const endpoint = await receiver(() => ({ status: healthy ? 200 : 500 }));
    const { webhook } = await subscribe(endpoint.url, ['turn-created']);
    await stack.makeEvent();
    await stack.makeEvent();
    const worker = stack.webhooks.worker;
    await worker.runOnce();
    await worker.drain();
    healthy = false;
    await stack.makeEvent();
    await worker.runOnce();
    await worker.drain();
    // Two succeeded, one failed (retried later); all three "created" long ago.
    await use().query(
      `UPDATE webhook_deliveries SET created_at = now() - interval '90 days' WHERE subscription_id = $1`,
      [webhook.id],
    );
    expect(await worker.prune()).toBe(2);
    const log = await stack.webhooks.admin.deliveries(webhook.id, {});
    expect(log.deliveries.map((delivery) => delivery.state)).toEqual(['failed']);
    const orphans = await use().query(
      'SELECT 1 FROM webhook_attempts a WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = a.delivery_id)',
    );
    expect(orphans).toEqual([]);
    expect(await worker.prune()).toBe(0);
  });

  it('sends nothing more to a disabled subscription', async () => {
    const endpoint = await receiver();
    const { webhook } = await subscribe(endpoint.url, ['turn-created']);
    await stack.makeEvent();
    await fanOut();
    const disabled = await stack.webhooks.admin.disable(webhook.id);
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'deleted' });
    expect(await stack.webhooks.admin.disable(webhook.id)).toEqual(disabled); // idempotent
    await stack.makeEvent();
    await stack.webhooks.worker.runOnce();
    await stack.webhooks.worker.drain();
    expect(endpoint.requests).toHaveLength(0);
    const log = await stack.webhooks.admin.deliveries(webhook.id, {});
    expect(log.deliveries).toMatchObject([
      { state: 'dead', lastError: 'not sent: the subscription was deleted' },
    ]);
  });
});
