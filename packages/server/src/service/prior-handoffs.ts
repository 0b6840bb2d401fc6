/**
 * The one query for a customer's prior handoffs, used by every brief the server builds (and so by
 * the API, the console and the MCP tool, which read the stored brief): earlier escalations in this
 * conversation and in the customer's other conversations, a transfer not counted as a new one.
 */
import { priorHandoffCount, type CustomerAttributes } from '@baton/engine';
import type { Queryable } from '../storage/database.ts';

export interface PriorHandoffsInput {
  conversationId: string;
  customer: CustomerAttributes | undefined;
  /** Only handoffs requested before this time count (the current one's request time). */
  before: string;
}

/** Counts the handoffs this customer had before, merged with the count their attributes carry. */
export async function countPriorHandoffs(tx: Queryable, input: PriorHandoffsInput): Promise<number> {
  const customerId = typeof input.customer?.id === 'string' ? input.customer.id : null;
  const rows = await tx.query<{ count: string | number }>(
    `SELECT count(*) AS count FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
     WHERE (h.conversation_id = $1 OR ($2::text IS NOT NULL AND c.customer->>'id' = $2::text))
       AND h.transferred_from IS NULL
       AND h.requested_at < $3::timestamptz`,
    [input.conversationId, customerId, input.before],
  );
  return priorHandoffCount(Number(rows[0]?.count ?? 0), input.customer);
}
