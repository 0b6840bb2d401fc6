/**
 * Records the end of an attempt. The delivery changes only if the worker still holds the lease of
 * that very attempt (same worker, same attempt number, lease not expired); otherwise the completion
 * is refused and the attempt is logged as `lease_expired`: whoever took the delivery over decides.
 * A 410 disables the subscription in the same transaction; a failure on a subscription disabled
 * meanwhile is not retried.
 */
import type { Database } from '../storage/database.ts';
import type { AttemptVerdict } from './attempt-verdict.ts';
import { disableSubscriptionIn } from './subscriptions.ts';

export interface AttemptCompletion {
  deliveryId: string;
  attempt: number;
  workerId: string;
  /** When the attempt ended (checked against the lease). */
  now: Date;
  verdict: AttemptVerdict;
  durationMs: number;
  responseExcerpt: string | null;
}

/** Applies the verdict under the lease; false when the lease was lost and the result refused. */
export async function completeAttempt(database: Database, input: AttemptCompletion): Promise<boolean> {
  const { verdict } = input;
  const now = input.now.toISOString();
  return database.transaction(async (tx) => {
    const updated = await tx.query<{ subscription_id: string }>(
      `UPDATE webhook_deliveries
       SET state = $5::text, next_attempt_at = $6::timestamptz, locked_by = NULL, lease_expires_at = NULL,
           last_status_code = $7, last_error = $8,
           succeeded_at = CASE WHEN $5::text = 'succeeded' THEN $4::timestamptz ELSE succeeded_at END
       WHERE id = $1 AND attempt = $2 AND locked_by = $3 AND state = 'sending'
         AND lease_expires_at > $4::timestamptz
       RETURNING subscription_id`,
      [
        input.deliveryId,
        input.attempt,
        input.workerId,
        now,
        verdict.state,
        verdict.nextAttemptAt?.toISOString() ?? null,
        verdict.statusCode,
        verdict.error,
      ],
    );
    const accepted = updated[0];
    await tx.query(
      `UPDATE webhook_attempts
       SET finished_at = $3::timestamptz, duration_ms = $4, outcome = $5, status_code = $6, error = $7,
           response_excerpt = $8
       WHERE delivery_id = $1 AND attempt = $2`,
      [
        input.deliveryId,
        input.attempt,
        now,
        input.durationMs,
        accepted ? verdict.outcome : 'lease_expired',
        verdict.statusCode,
        verdict.error,
        input.responseExcerpt,
      ],
    );
    if (accepted && verdict.disableSubscription) {
      await disableSubscriptionIn(tx, accepted.subscription_id, 'gone', input.now);
    } else if (accepted && verdict.state === 'failed') {
      // Disabled while this attempt ran: no retry will be picked, so say so in the log.
      await tx.query(
        `UPDATE webhook_deliveries d SET state = 'dead', next_attempt_at = NULL,
           last_error = d.last_error || ' (not retried: the subscription is disabled)'
         WHERE d.id = $1 AND d.state = 'failed'
           AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = d.subscription_id AND s.status = 'disabled')`,
        [input.deliveryId],
      );
    }
    return accepted !== undefined;
  });
}
