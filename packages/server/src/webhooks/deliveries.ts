/** The delivery log of a subscription (newest first, with every attempt) and the replay of a delivery. */
import { BatonError } from '../errors.ts';
import type { WebhookContext } from './context.ts';
import { DELIVERY_COLUMNS, toDelivery, type AttemptRow, type DeliveryRow } from './rows.ts';
import { requireSubscription } from './subscriptions.ts';
import type { DeliveryPage, DeliveryState, WebhookDelivery } from './types.ts';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

async function withAttempts(context: WebhookContext, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await context.database.query<AttemptRow>(
    `SELECT delivery_id, attempt, started_at, finished_at, duration_ms, outcome, status_code, error, response_excerpt
     FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, attempt`,
    [rows.map((row) => row.id)],
  );
  return rows.map((row) => toDelivery(row, attempts));
}

/** One page of a subscription's deliveries, newest event first; `before` is the previous page's `nextBefore`. */
export async function listDeliveries(
  context: WebhookContext,
  subscriptionId: string,
  filter: { state?: DeliveryState | undefined; limit?: number | undefined; before?: string | undefined },
): Promise<DeliveryPage> {
  await requireSubscription(context.database, subscriptionId);
  if (filter.before !== undefined && !/^\d{1,19}$/.test(filter.before)) {
    throw new BatonError('invalid_request', `Not a page cursor: ${filter.before}`, { before: filter.before });
  }
  const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const params: unknown[] = [subscriptionId];
  const where = ['subscription_id = $1'];
  if (filter.state !== undefined) {
    params.push(filter.state);
    where.push(`state = $${params.length}`);
  }
  if (filter.before !== undefined) {
    params.push(filter.before);
    where.push(`event_id < $${params.length}::bigint`);
  }
  params.push(limit + 1);
  const rows = await context.database.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where.join(' AND ')}
     ORDER BY webhook_deliveries.event_id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  return {
    deliveries: await withAttempts(context, page),
    nextBefore: rows.length > limit ? (page.at(-1)?.event_id ?? null) : null,
  };
}

/** One delivery of a subscription, with its attempts. */
export async function getDelivery(
  context: WebhookContext,
  subscriptionId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const rows = await context.database.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2`,
    [deliveryId, subscriptionId],
  );
  if (rows.length === 0) {
    throw new BatonError(
      'webhook_delivery_not_found',
      `No delivery ${deliveryId} for webhook ${subscriptionId}.`,
    );
  }
  return (await withAttempts(context, rows))[0]!;
}

/**
 * Replays a `failed` or `dead` delivery: due now, with a fresh retry schedule and the same
 * `webhook-id` (a receiver that did process it can tell). Its attempt log keeps growing.
 */
export async function replayDelivery(
  context: WebhookContext,
  subscriptionId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  await context.database.transaction(async (tx) => {
    const subscription = await requireSubscription(tx, subscriptionId, true);
    const current = (
      await tx.query<{ state: DeliveryState }>(
        'SELECT state FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2 FOR UPDATE',
        [deliveryId, subscriptionId],
      )
    )[0];
    if (!current) {
      throw new BatonError(
        'webhook_delivery_not_found',
        `No delivery ${deliveryId} for webhook ${subscriptionId}.`,
      );
    }
    if (subscription.status !== 'active') {
      throw new BatonError(
        'webhook_disabled',
        `The webhook subscription ${subscriptionId} is disabled; its deliveries cannot be replayed.`,
      );
    }
    if (current.state !== 'failed' && current.state !== 'dead') {
      throw new BatonError(
        'delivery_not_replayable',
        `Only a failed or dead delivery can be replayed; this one is ${current.state}.`,
        { state: current.state },
      );
    }
    await tx.query(
      `UPDATE webhook_deliveries
       SET state = 'pending', next_attempt_at = $2, round_start = attempt, replays = replays + 1
       WHERE id = $1`,
      [deliveryId, context.now().toISOString()],
    );
  });
  context.kick();
  return getDelivery(context, subscriptionId, deliveryId);
}
