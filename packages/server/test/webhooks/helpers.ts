/**
 * A service, its HTTP app and its webhooks over one test database, with keys, an agent to make
 * events with, and cleanup that stops the worker and disables the test's subscriptions (tests share
 * one database per file and back end).
 */
import { settleEvents } from '../../src/service/events.ts';
import { createApp } from '../../src/http/app.ts';
import { createService, type BatonService } from '../../src/service/create-service.ts';
import type { Principal } from '../../src/service/types.ts';
import type { Database } from '../../src/storage/database.ts';
import { createWebhooks, type Webhooks, type WebhooksOptions } from '../../src/webhooks/create-webhooks.ts';
import { uniqueId } from '../service/harness.ts';

/** A fast schedule for tests: five attempts, 20 ms apart, no jitter. */
export const FAST = {
  retrySchedule: [0, 20, 20, 20, 20],
  jitter: 0,
  timeoutMs: 2_000,
  leaseMs: 10_000,
  pollIntervalMs: 25,
  stopGraceMs: 200,
  allowPrivateUrls: true,
};

export interface WebhookStack {
  database: Database;
  service: BatonService;
  webhooks: Webhooks;
  app: ReturnType<typeof createApp>;
  keys: { admin: string; operator: string };
  admin: Principal;
  agent: Principal;
  /** Posts one customer turn in a new conversation: one `turn-created` event. Returns the conversation id. */
  makeEvent(): Promise<string>;
  /** Stops the worker, disables the subscriptions; fails when the worker logged an error. */
  close(): Promise<void>;
}

export async function webhookStack(
  database: Database,
  options: Omit<WebhooksOptions, 'database'> = {},
): Promise<WebhookStack> {
  const service = await createService({ database, queues: ['general'] });
  const errors: unknown[] = [];
  const webhooks = createWebhooks({
    database,
    ...options,
    config: { ...FAST, ...options.config },
    waitForEvents: (signal) => service.waitForEvents(signal),
    logError: (error) => errors.push(error),
  });
  const app = createApp(service, { logError: () => {}, webhooks: webhooks.admin });
  const keys = {
    admin: (await service.createKey({ scope: 'admin', name: uniqueId('admin') })).key,
    operator: (await service.createKey({ scope: 'operator', name: uniqueId('operator') })).key,
  };
  const agentKey = (await service.createKey({ scope: 'agent', name: uniqueId('agent') })).key;
  const agent = (await service.authenticate(agentKey))!;
  const admin = (await service.authenticate(keys.admin))!;
  return {
    database,
    service,
    webhooks,
    app,
    keys,
    admin,
    agent,
    async makeEvent() {
      const conversationId = uniqueId('conv');
      await service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'Where is my parcel?' },
      });
      // Readable (below the watermark) before the test drives a worker pass by hand.
      await settleEvents(database);
      return conversationId;
    },
    async close() {
      await webhooks.worker.stop();
      await service.close();
      // Later tests in this file must not deliver to this test's receivers.
      await database.query(
        `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = 'deleted', disabled_at = now()
         WHERE status = 'active'`,
      );
      if (errors.length > 0) throw new AggregateError(errors, 'the webhook worker logged errors');
    },
  };
}
