/**
 * Metrics broken down by one dimension (`groupBy`): the handoff rate, time to a person (the first
 * claim), abandonment and outcome per customer language, customer segment, queue or trigger. This is
 * how a lead checks that Spanish speakers, or small-business customers, are not handed off more,
 * left waiting longer or abandoned more often than others.
 *
 * Where the keys live: a conversation's customer attributes (`conversations.customer`, merged from
 * every turn's `customer`). The language is its `language`, else the one detected from the customer's
 * turns (`conversations.detected_language`), reduced to the primary subtag and lower case (`es-MX` → `es`); the segment is its `segment`, else its `tier`. A conversation without one
 * is in the group `null`. Queue and trigger are the escalation's first request's.
 */
import type { Queryable } from '../../storage/database.ts';
import { CONVERSATIONS_IN_RANGE, ESCALATIONS_CTE } from './escalations-sql.ts';
import { ratio, type MetricsRange } from './metrics-range.ts';
import type { MetricGroup, MetricsGroupBy } from './outcome-types.ts';

export const METRICS_GROUP_BY = ['language', 'segment', 'queue', 'trigger'] as const;

/** The SQL of each key over a conversation `c`, and over an escalation `e` joined to its conversation `c`. */
const CUSTOMER_KEY: Record<'language' | 'segment', string> = {
  language:
    "nullif(split_part(lower(replace(coalesce(nullif(c.customer->>'language', ''), c.detected_language), '_', '-')), '-', 1), '')",
  segment: "nullif(coalesce(c.customer->>'segment', c.customer->>'tier'), '')",
};

const seconds = (later: string, earlier: string) => `extract(epoch FROM ${later} - ${earlier})::float8`;

function escalationsSql(key: string): string {
  return `
  WITH RECURSIVE ${ESCALATIONS_CTE}
  SELECT ${key} AS key,
    count(*)::int AS handoffs,
    count(e.first_claimed_at)::int AS claimed,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds('e.first_claimed_at', 'e.requested_at')}) AS to_claim_p50,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds('e.first_claimed_at', 'e.requested_at')}) AS to_claim_p90,
    count(*) FILTER (WHERE e.status = 'abandoned')::int AS abandoned,
    count(*) FILTER (WHERE e.status = 'expired')::int AS expired,
    count(*) FILTER (WHERE e.status = 'resolved' AND e.outcome IS NOT NULL)::int AS with_outcome,
    count(*) FILTER (WHERE e.status = 'resolved' AND e.outcome->>'warranted' = 'true')::int AS warranted,
    count(*) FILTER (WHERE e.status = 'resolved' AND e.outcome->>'resolved' = 'true')::int AS resolved
  FROM escalations e JOIN conversations c ON c.id = e.conversation_id
  GROUP BY 1`;
}

/** Conversations started in the range per customer key, and those with an escalation (in the queue). */
function customerConversationsSql(key: string): string {
  return `
  SELECT ${key} AS key, count(*)::int AS conversations,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id
      AND h.transferred_from IS NULL AND ($3::text IS NULL OR h.queue = $3)))::int AS with_handoff
  FROM conversations c
  WHERE ${CONVERSATIONS_IN_RANGE}
  GROUP BY 1`;
}

/** Conversations started in the range with an escalation in each queue or by each trigger. */
function handoffConversationsSql(column: 'queue' | 'trigger'): string {
  return `
  SELECT h.${column} AS key, count(DISTINCT c.id)::int AS with_handoff
  FROM conversations c JOIN handoffs h ON h.conversation_id = c.id AND h.transferred_from IS NULL
  WHERE ${CONVERSATIONS_IN_RANGE} AND ($3::text IS NULL OR h.queue = $3)
  GROUP BY 1`;
}

interface EscalationGroupRow {
  key: string | null;
  handoffs: number;
  claimed: number;
  to_claim_p50: number | null;
  to_claim_p90: number | null;
  abandoned: number;
  expired: number;
  with_outcome: number;
  warranted: number;
  resolved: number;
}

const round = (value: number | null) => (value === null ? null : Math.round(Number(value) * 1000) / 1000);

/** The groups of one dimension; `conversations` is every conversation started in the range. */
export async function queryMetricGroups(
  tx: Queryable,
  range: MetricsRange,
  groupBy: MetricsGroupBy,
  conversations: number,
): Promise<MetricGroup[]> {
  const customer = groupBy === 'language' || groupBy === 'segment';
  const escalationKey = customer ? CUSTOMER_KEY[groupBy] : `e.${groupBy}`;
  const escalations = await tx.query<EscalationGroupRow>(escalationsSql(escalationKey), range.params);
  const conversationRows = customer
    ? await tx.query<{ key: string | null; conversations: number; with_handoff: number }>(
        customerConversationsSql(CUSTOMER_KEY[groupBy]),
        range.params,
      )
    : (
        await tx.query<{ key: string | null; with_handoff: number }>(
          handoffConversationsSql(groupBy),
          range.params,
        )
      ).map((row) => ({ ...row, conversations }));
  const keys = new Map<string | null, MetricGroup>();
  const group = (key: string | null): MetricGroup => {
    let found = keys.get(key);
    if (!found) {
      found = {
        key,
        conversations: customer ? 0 : conversations,
        conversationsWithHandoff: 0,
        handoffRate: null,
        handoffs: 0,
        toClaim: { count: 0, p50: null, p90: null },
        abandonment: { abandoned: 0, expired: 0, rate: null },
        outcomes: { withOutcome: 0, warranted: 0, warrantedRate: null, resolved: 0, resolvedRate: null },
      };
      keys.set(key, found);
    }
    return found;
  };
  for (const row of conversationRows) {
    const found = group(row.key);
    found.conversations = row.conversations;
    found.conversationsWithHandoff = row.with_handoff;
  }
  for (const row of escalations) {
    const found = group(row.key);
    found.handoffs = row.handoffs;
    found.toClaim = { count: row.claimed, p50: round(row.to_claim_p50), p90: round(row.to_claim_p90) };
    found.abandonment = {
      abandoned: row.abandoned,
      expired: row.expired,
      rate: ratio(row.abandoned + row.expired, row.handoffs),
    };
    found.outcomes = {
      withOutcome: row.with_outcome,
      warranted: row.warranted,
      warrantedRate: ratio(row.warranted, row.with_outcome),
      resolved: row.resolved,
      resolvedRate: ratio(row.resolved, row.with_outcome),
    };
  }
  const groups = [...keys.values()];
  for (const found of groups) found.handoffRate = ratio(found.conversationsWithHandoff, found.conversations);
  // Largest first; the group without a key last.
  groups.sort(
    (a, b) =>
      Number(a.key === null) - Number(b.key === null) ||
      b.conversations - a.conversations ||
      b.handoffs - a.handoffs ||
      String(a.key).localeCompare(String(b.key)),
  );
  return groups;
}
