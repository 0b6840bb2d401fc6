/**
 * Webhooks, the types.
 *
 * Terminology: a **subscription** names an endpoint URL and the event types it wants (the API calls
 * it a webhook: `/v1/webhooks`); a **delivery** is one event for one subscription, and its id is the
 * `webhook-id` header, the same on every attempt; an **attempt** is one HTTP request of a delivery;
 * a **worker** leases due deliveries, sends them and records each result; a **round** is one run
 * through the retry schedule (a replay starts a new one).
 */
import type { Principal } from '../service/types.ts';

export type SubscriptionStatus = 'active' | 'disabled';

export interface WebhookSubscription {
  id: string;
  url: string;
  /** Event types delivered; `['*']` for every type. */
  eventTypes: string[];
  description: string | null;
  status: SubscriptionStatus;
  /** `deleted` through the API, or `gone` when the endpoint answered 410. */
  disabledReason: 'deleted' | 'gone' | null;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
  /** Until then the secret before the last rotation signs too (a second signature). */
  previousSecretExpiresAt: string | null;
}

/** A subscription with its signing secret: returned once, at creation and at each rotation. */
export interface WebhookWithSecret {
  webhook: WebhookSubscription;
  secret: string;
}

export type DeliveryState = 'pending' | 'sending' | 'failed' | 'succeeded' | 'dead';

export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** `lease_expired`: the worker lost its lease (crashed or too slow) and its result was refused. */
  outcome: 'sending' | 'succeeded' | 'failed' | 'lease_expired';
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface WebhookDelivery {
  /** The `webhook-id` header: stable across retries and replays. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  state: DeliveryState;
  /** Attempts started so far, over every round. */
  attempts: number;
  replays: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  succeededAt: string | null;
  /** Every attempt, oldest first. */
  attemptLog: DeliveryAttempt[];
}

export interface DeliveryPage {
  deliveries: WebhookDelivery[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/** The webhook operations of the HTTP API (admin scope). */
export interface WebhookAdmin {
  create(
    principal: Principal,
    input: { url: string; eventTypes: string[]; description?: string | undefined },
  ): Promise<WebhookWithSecret>;
  list(): Promise<WebhookSubscription[]>;
  get(subscriptionId: string): Promise<WebhookSubscription>;
  /** Disables the subscription (kept for its log); idempotent. */
  disable(subscriptionId: string): Promise<WebhookSubscription>;
  rotateSecret(
    subscriptionId: string,
    input: { gracePeriodSeconds?: number | undefined },
  ): Promise<WebhookWithSecret>;
  deliveries(
    subscriptionId: string,
    filter: { state?: DeliveryState | undefined; limit?: number | undefined; before?: string | undefined },
  ): Promise<DeliveryPage>;
  /** Sends a failed or dead delivery again, with a fresh retry schedule and the same `webhook-id`. */
  replay(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery>;
}
