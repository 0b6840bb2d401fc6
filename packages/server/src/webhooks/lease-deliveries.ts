/**
 * Hands due deliveries to a worker under a lease. A delivery is due when it waits and its time has
 * come, or when the worker sending it lost its lease (crashed, or hung past `lease_expires_at`):
 * then it is taken over, and the lost attempt is marked `lease_expired` in the log. `FOR UPDATE SKIP
 * LOCKED` lets several workers pick at once without waiting on each other or taking the same row;
 * each lease bumps `attempt`, the fencing token a completion must present.
 */
import type { Database } from '../storage/database.ts';

export interface LeasedDelivery {
  id: string;
  subscriptionId: string;
  url: string;
  eventId: string;
  /** The exact body to send. */
  payload: string;
  /** This attempt's number: the lease's fencing token. */
  attempt: number;
  /** Attempts made in earlier rounds (before the last replay). */
  roundStart: number;
  leaseExpiresAt: Date;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The due condition, over `d` (a delivery) at `$now`. */
const DUE = `((d.state IN ('pending', 'failed') AND d.next_attempt_at <= $1::timestamptz)
  OR (d.state = 'sending' AND d.lease_expires_at <= $1::timestamptz))`;

/** Active subscriptions with at least one due delivery. */
export async function subscriptionsWithDueDeliveries(database: Database, now: Date): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `SELECT s.id FROM webhook_subscriptions s
     WHERE s.status = 'active'
       AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id AND ${DUE})`,
    [now.toISOString()],
  );
  return rows.map((row) => row.id);
}

/** Leases up to `limit` due deliveries of one subscription to `workerId`, oldest due first. */
export async function leaseDeliveries(
  database: Database,
  input: { subscriptionId: string; workerId: string; now: Date; leaseMs: number; limit: number },
): Promise<LeasedDelivery[]> {
  if (input.limit < 1) return [];
  const leaseExpiresAt = new Date(input.now.getTime() + input.leaseMs);
  const rows = await database.query<{
    id: string;
    event_id: string;
    payload: string;
    attempt: number;
    round_start: number;
    url: string;
    secret: string;
    previous_secret: string | null;
    previous_secret_expires_at: Date | string | null;
  }>(
    `WITH picked AS (
       SELECT d.id FROM webhook_deliveries d
       WHERE d.subscription_id = $2 AND ${DUE}
       ORDER BY coalesce(d.next_attempt_at, d.lease_expires_at), d.event_id
       LIMIT $5
       FOR UPDATE SKIP LOCKED
     ), leased AS (
       UPDATE webhook_deliveries d
       SET state = 'sending', attempt = d.attempt + 1, locked_by = $3, lease_expires_at = $4::timestamptz,
           last_attempt_at = $1::timestamptz, next_attempt_at = NULL
       FROM picked WHERE d.id = picked.id
       RETURNING d.id, d.event_id::text AS event_id, d.payload, d.attempt, d.round_start
     ), abandoned AS (
       UPDATE webhook_attempts a SET outcome = 'lease_expired'
       FROM leased WHERE a.delivery_id = leased.id AND a.attempt < leased.attempt AND a.outcome = 'sending'
       RETURNING a.delivery_id
     ), opened AS (
       INSERT INTO webhook_attempts (delivery_id, attempt, worker, started_at, outcome)
       SELECT id, attempt, $3, $1::timestamptz, 'sending' FROM leased
       RETURNING delivery_id
     )
     SELECT l.id, l.event_id, l.payload, l.attempt, l.round_start,
            s.url, s.secret, s.previous_secret, s.previous_secret_expires_at
     FROM leased l JOIN webhook_subscriptions s ON s.id = $2`,
    [
      input.now.toISOString(),
      input.subscriptionId,
      input.workerId,
      leaseExpiresAt.toISOString(),
      input.limit,
    ],
  );
  return rows.map((row) => ({
    id: row.id,
    subscriptionId: input.subscriptionId,
    url: row.url,
    eventId: row.event_id,
    payload: row.payload,
    attempt: row.attempt,
    roundStart: row.round_start,
    leaseExpiresAt,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt:
      row.previous_secret_expires_at === null ? null : new Date(row.previous_secret_expires_at),
  }));
}
