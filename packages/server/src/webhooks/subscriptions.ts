/**
 * Subscriptions: create (the URL checked, the secret shown once), read, disable and rotate the
 * secret. A new subscription's outbox cursor starts at the newest event: it receives what happens
 * from now on, not the history.
 */
import { randomBytes } from 'node:crypto';
import { BatonError } from '../errors.ts';
import { STABLE } from '../service/events.ts';
import type { Principal } from '../service/types.ts';
import type { Queryable } from '../storage/database.ts';
import type { WebhookContext } from './context.ts';
import { SUBSCRIPTION_COLUMNS, toSubscription, type SubscriptionRow } from './rows.ts';
import { newWebhookSecret } from './signature.ts';
import type { WebhookSubscription, WebhookWithSecret } from './types.ts';
import { checkWebhookUrl } from './url-safety.ts';

/** A new subscription id, `wh_` + 24 hex digits. */
function newSubscriptionId(): string {
  return `wh_${randomBytes(12).toString('hex')}`;
}

/** `*` alone when it is listed; otherwise the types once each, in the order given. */
function normaliseEventTypes(eventTypes: readonly string[]): string[] {
  return eventTypes.includes('*') ? ['*'] : [...new Set(eventTypes)];
}

/** Creates a subscription after checking its URL; returns it with its secret (shown this once). */
export async function createSubscription(
  context: WebhookContext,
  principal: Principal,
  input: { url: string; eventTypes: string[]; description?: string | undefined },
): Promise<WebhookWithSecret> {
  const check = await checkWebhookUrl(input.url, {
    allowPrivate: context.config.allowPrivateUrls,
    resolve: context.resolveHost,
  });
  if (!check.ok) {
    throw new BatonError('webhook_url_refused', `The webhook URL is refused: ${check.reason}.`, {
      url: input.url,
      reason: check.reason,
    });
  }
  const id = newSubscriptionId();
  const secret = newWebhookSecret();
  const at = context.now().toISOString();
  const rows = await context.database.query<SubscriptionRow>(
    `WITH active AS (SELECT count(*) AS count FROM webhook_subscriptions WHERE status = 'active')
     INSERT INTO webhook_subscriptions
       (id, url, event_types, description, status, secret, event_cursor, event_cursor_tx, created_by,
        created_at, updated_at)
     SELECT $1, $2, $3::text[], $4, 'active', $5, coalesce(head.id, 0), coalesce(head.tx, '0'), $6, $7, $7
     FROM active
       LEFT JOIN (SELECT tx, id FROM events WHERE ${STABLE} ORDER BY tx DESC, id DESC LIMIT 1) AS head ON true
     WHERE active.count < $8
     RETURNING ${SUBSCRIPTION_COLUMNS}`,
    [
      id,
      check.url.toString(),
      normaliseEventTypes(input.eventTypes),
      input.description ?? null,
      secret,
      principal.name,
      at,
      context.config.maxSubscriptions,
    ],
  );
  const row = rows[0];
  if (!row) {
    throw new BatonError(
      'too_many_webhooks',
      `At most ${context.config.maxSubscriptions} webhook subscriptions can be active; delete one first.`,
      { limit: context.config.maxSubscriptions },
    );
  }
  return { webhook: toSubscription(row), secret };
}

/** Every subscription, active and disabled, oldest first. */
export async function listSubscriptions(context: WebhookContext): Promise<WebhookSubscription[]> {
  const rows = await context.database.query<SubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id`,
  );
  return rows.map(toSubscription);
}

/** The subscription's row, or `webhook_not_found`. */
export async function requireSubscription(
  queryable: Queryable,
  subscriptionId: string,
  lock = false,
): Promise<SubscriptionRow> {
  const row = (
    await queryable.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [subscriptionId],
    )
  )[0];
  if (!row) throw new BatonError('webhook_not_found', `No webhook subscription ${subscriptionId}.`);
  return row;
}

export async function getSubscription(
  context: WebhookContext,
  subscriptionId: string,
): Promise<WebhookSubscription> {
  return toSubscription(await requireSubscription(context.database, subscriptionId));
}

/**
 * Disables a subscription in `tx` and kills its deliveries still waiting (an attempt in progress
 * finishes and is recorded). Returns false when it was already disabled.
 */
export async function disableSubscriptionIn(
  tx: Queryable,
  subscriptionId: string,
  reason: 'deleted' | 'gone',
  at: Date,
): Promise<boolean> {
  const disabled = await tx.query<{ id: string }>(
    `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = $2, disabled_at = $3, updated_at = $3
     WHERE id = $1 AND status = 'active' RETURNING id`,
    [subscriptionId, reason, at.toISOString()],
  );
  if (disabled.length === 0) return false;
  await tx.query(
    `UPDATE webhook_deliveries SET state = 'dead', next_attempt_at = NULL, last_error = $2
     WHERE subscription_id = $1 AND state IN ('pending', 'failed')`,
    [
      subscriptionId,
      reason === 'gone'
        ? 'not sent: the endpoint answered 410 Gone and the subscription was disabled'
        : 'not sent: the subscription was deleted',
    ],
  );
  return true;
}

/** `DELETE /v1/webhooks/{id}`: disables the subscription (kept, with its delivery log); idempotent. */
export async function disableSubscription(
  context: WebhookContext,
  subscriptionId: string,
): Promise<WebhookSubscription> {
  return context.database.transaction(async (tx) => {
    await requireSubscription(tx, subscriptionId, true);
    await disableSubscriptionIn(tx, subscriptionId, 'deleted', context.now());
    return toSubscription(await requireSubscription(tx, subscriptionId));
  });
}

/**
 * Rotates the secret: a new one signs from now on, and the one it replaces keeps signing beside it
 * for the grace period (two signatures in `webhook-signature`), so receivers can switch at leisure.
 */
export async function rotateSecret(
  context: WebhookContext,
  subscriptionId: string,
  input: { gracePeriodSeconds?: number | undefined },
): Promise<WebhookWithSecret> {
  const now = context.now();
  const graceMs =
    input.gracePeriodSeconds === undefined
      ? context.config.rotationGraceMs
      : input.gracePeriodSeconds * 1_000;
  const secret = newWebhookSecret();
  return context.database.transaction(async (tx) => {
    const current = await requireSubscription(tx, subscriptionId, true);
    if (current.status !== 'active') {
      throw new BatonError('webhook_disabled', `The webhook subscription ${subscriptionId} is disabled.`);
    }
    const rows = await tx.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions
       SET previous_secret = CASE WHEN $3::bigint > 0 THEN secret END,
           previous_secret_expires_at = CASE WHEN $3::bigint > 0 THEN $4::timestamptz END,
           secret = $2, updated_at = $5
       WHERE id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [subscriptionId, secret, graceMs, new Date(now.getTime() + graceMs).toISOString(), now.toISOString()],
    );
    return { webhook: toSubscription(rows[0]!), secret };
  });
}
