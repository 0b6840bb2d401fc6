/**
 * The composition of webhooks: the admin operations the HTTP API calls and this instance's delivery
 * worker, over one database and one configuration. `main.ts` builds it, starts the worker and stops
 * it before the database closes.
 */
import type { Database } from '../storage/database.ts';
import { webhookConfig, type WebhookConfig } from './config.ts';
import type { WebhookContext } from './context.ts';
import { listDeliveries, replayDelivery } from './deliveries.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import {
  createSubscription,
  disableSubscription,
  getSubscription,
  listSubscriptions,
  rotateSecret,
} from './subscriptions.ts';
import type { WebhookAdmin } from './types.ts';
import { resolveWithDns, type ResolveHost } from './url-safety.ts';

export interface WebhooksOptions {
  database: Database;
  config?: Partial<WebhookConfig>;
  now?: () => Date;
  random?: () => number;
  /** How host names resolve for the URL check (DNS unless a test gives its own). */
  resolveHost?: ResolveHost;
  /** The service's event wake-up, so new events are delivered at once. */
  waitForEvents?: (signal: AbortSignal) => Promise<void>;
  workerId?: string;
  logError?: (error: unknown) => void;
}

export interface Webhooks {
  admin: WebhookAdmin;
  worker: DeliveryWorker;
  config: WebhookConfig;
}

/** Builds the webhook admin port and this instance's worker (not started). */
export function createWebhooks(options: WebhooksOptions): Webhooks {
  const config = webhookConfig(options.config);
  const now = options.now ?? (() => new Date());
  const worker = new DeliveryWorker({
    database: options.database,
    config,
    now,
    ...(options.random ? { random: options.random } : {}),
    ...(options.workerId ? { workerId: options.workerId } : {}),
    ...(options.waitForEvents ? { waitForEvents: options.waitForEvents } : {}),
    ...(options.logError ? { logError: options.logError } : {}),
  });
  const context: WebhookContext = {
    database: options.database,
    config,
    now,
    resolveHost: options.resolveHost ?? resolveWithDns,
    kick: () => worker.kick(),
  };
  const admin: WebhookAdmin = {
    create: (principal, input) => createSubscription(context, principal, input),
    list: () => listSubscriptions(context),
    get: (subscriptionId) => getSubscription(context, subscriptionId),
    disable: (subscriptionId) => disableSubscription(context, subscriptionId),
    rotateSecret: (subscriptionId, input) => rotateSecret(context, subscriptionId, input),
    deliveries: (subscriptionId, filter) => listDeliveries(context, subscriptionId, filter),
    replay: (subscriptionId, deliveryId) => replayDelivery(context, subscriptionId, deliveryId),
  };
  return { admin, worker, config };
}
