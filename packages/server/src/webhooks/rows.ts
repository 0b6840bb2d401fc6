/** The webhook tables' rows and their mapping to the API's shapes (one place that knows the columns). */
import type {
  DeliveryAttempt,
  DeliveryState,
  SubscriptionStatus,
  WebhookDelivery,
  WebhookSubscription,
} from './types.ts';

import { iso, isoOrNull, type Timestamp } from '../service/rows.ts';

export interface SubscriptionRow {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: SubscriptionStatus;
  disabled_reason: 'deleted' | 'gone' | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  disabled_at: Timestamp | null;
  previous_secret_expires_at: Timestamp | null;
}

/** The columns `toSubscription` reads (never the secrets). */
export const SUBSCRIPTION_COLUMNS =
  'id, url, event_types, description, status, disabled_reason, created_at, updated_at, disabled_at, previous_secret_expires_at';

export function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    description: row.description,
    status: row.status,
    disabledReason: row.disabled_reason,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    disabledAt: isoOrNull(row.disabled_at),
    previousSecretExpiresAt: isoOrNull(row.previous_secret_expires_at),
  };
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  state: DeliveryState;
  attempt: number;
  replays: number;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  succeeded_at: Timestamp | null;
}

/** The columns `toDelivery` reads (the event id as text: bigint differs between drivers). */
export const DELIVERY_COLUMNS =
  'id, subscription_id, event_id::text AS event_id, event_type, state, attempt, replays, next_attempt_at, ' +
  'last_attempt_at, last_status_code, last_error, created_at, succeeded_at';

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  outcome: DeliveryAttempt['outcome'];
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export function toAttempt(row: AttemptRow): DeliveryAttempt {
  return {
    attempt: row.attempt,
    startedAt: iso(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    durationMs: row.duration_ms,
    outcome: row.outcome,
    statusCode: row.status_code,
    error: row.error,
    responseExcerpt: row.response_excerpt,
  };
}

export function toDelivery(row: DeliveryRow, attempts: AttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state,
    attempts: row.attempt,
    replays: row.replays,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    succeededAt: isoOrNull(row.succeeded_at),
    attemptLog: attempts
      .filter((attempt) => attempt.delivery_id === row.id)
      .sort((a, b) => a.attempt - b.attempt)
      .map(toAttempt),
  };
}
