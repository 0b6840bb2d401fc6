/**
 * kill -9 in the middle of deliveries, on PostgreSQL: worker processes are killed one after another
 * while they send; a last worker finishes. Every delivery ends `succeeded` once in the database,
 * the receiver sees every event, duplicates carry the same `webhook-id`, and every request verifies.
 * (The deterministic variant, a lease back-dated in SQL, is in outbox.test.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createWebhooks } from '../../src/webhooks/create-webhooks.ts';
import { BACKENDS, createScratchPostgres } from '../storage/backends.ts';
import { webhookStack, type WebhookStack } from './helpers.ts';
import { startReceiver, verifyBoth, type Receiver } from './receiver.ts';

const WORKER_SCRIPT = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const EVENTS = 30;
const KILLS = 4;

describe.runIf(BACKENDS.includes('postgres'))('a worker killed with SIGKILL mid-delivery', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let database: Database;
  let stack: WebhookStack;
  let receiver: Receiver;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    database = await openDatabase({ databaseUrl: scratch.url });
    stack = await webhookStack(database);
    // Slow answers, so kills land while requests are in flight.
    receiver = await startReceiver((request) => ({
      status: 200,
      delayMs: 50 + ((request.index * 37) % 200),
    }));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stack?.close();
    await receiver?.close();
    await database?.close();
    await scratch?.drop();
  });

  async function spawnWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
      env: { ...process.env, DATABASE_URL: scratch.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    await once(child.stdout!, 'data');
    return child;
  }

  it('ends with every delivery succeeded once, and every duplicate under the same webhook-id', async () => {
    const { webhook, secret } = await stack.webhooks.admin.create(stack.admin, {
      url: receiver.url,
      eventTypes: ['turn-created'],
    });
    for (let index = 0; index < EVENTS; index++) await stack.makeEvent();

    for (let kill = 0; kill < KILLS; kill++) {
      const child = await spawnWorker();
      const seen = receiver.requests.length;
      await receiver.waitFor((requests) => requests.length >= seen + 3, 20_000);
      child.kill('SIGKILL');
      await once(child, 'exit');
    }

    // The last worker, in this process, takes over whatever the killed ones held once their leases expire.
    const finisher = createWebhooks({
      database,
      config: {
        retrySchedule: [0, 20, 20, 20, 20],
        jitter: 0,
        timeoutMs: 1_000,
        leaseMs: 1_500,
        pollIntervalMs: 50,
        allowPrivateUrls: true,
      },
      workerId: 'finisher',
    }).worker;
    finisher.start();
    try {
      await vi.waitFor(
        async () => {
          const rows = await database.query<{ state: string; count: number }>(
            `SELECT state, count(*)::int AS count FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY state`,
            [webhook.id],
          );
          expect(rows).toEqual([{ state: 'succeeded', count: EVENTS }]);
        },
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      await finisher.stop();
    }

    const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(EVENTS);
    for (const request of receiver.requests) verifyBoth(secret, request);
    // Same id, same bytes: a duplicate is the same message.
    const bodies = new Map<string, string>();
    for (const request of receiver.requests) {
      const id = request.headers['webhook-id']!;
      expect(bodies.get(id) ?? request.body).toBe(request.body);
      bodies.set(id, request.body);
    }
    // A completion never came from a lost lease: each delivery's succeeded attempt is its last one.
    const log = await database.query<{ delivery_id: string; attempt: number; outcome: string }>(
      `SELECT a.delivery_id, a.attempt, a.outcome FROM webhook_attempts a
       JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = $1`,
      [webhook.id],
    );
    const succeededAttempts = log.filter((row) => row.outcome === 'succeeded');
    expect(new Set(succeededAttempts.map((row) => row.delivery_id)).size).toBe(EVENTS);
    expect(succeededAttempts).toHaveLength(EVENTS);
    // The kills did land mid-attempt: those attempts were taken over and marked lease_expired.
    expect(log.filter((row) => row.outcome === 'lease_expired').length).toBeGreaterThan(0);
    expect(log.filter((row) => row.outcome === 'sending')).toEqual([]);
  });
});
