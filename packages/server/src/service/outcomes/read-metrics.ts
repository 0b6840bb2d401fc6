/**
 * `GET /v1/metrics`: what the support lead reads. A few aggregate queries, computed in SQL
 * (percentiles with `percentile_cont`) in one repeatable-read transaction, so the figures agree with
 * each other. See escalations-sql.ts for what one escalation is.
 */
import type { Queryable } from '../../storage/database.ts';
import type { ServiceContext } from '../context.ts';
import {
  BAD_OUTCOME,
  CONVERSATIONS_IN_RANGE,
  DIRECT_REQUEST,
  ESCALATIONS_CTE,
  TURNS_WITH_FIRINGS,
  WITHOUT_HANDOFF,
} from './escalations-sql.ts';
import { metricsRange, ratio, type MetricsRange } from './metrics-range.ts';
import type {
  Metrics,
  MetricsFilter,
  MetricsGroupBy,
  OutcomeAnswer,
  OutcomeAnswers,
  Percentiles,
  TriggerMetrics,
} from './outcome-types.ts';
import { queryMetricGroups } from './read-metric-groups.ts';

/** Seconds between two columns, for percentiles (epoch of an interval is numeric in PostgreSQL 14+). */
const seconds = (later: string, earlier: string) => `extract(epoch FROM ${later} - ${earlier})::float8`;

interface EscalationRow {
  trigger: string | null;
  total: number;
  handoffs: number;
  with_outcome: number;
  warranted: number;
  late: number;
  abandoned: number;
  abandoned_waiting: number;
  expired: number;
  claimed: number;
  with_repeats: number;
  repeat_total: number;
  resolved: number;
  came_back: number;
  returned: number;
  asked_again: number;
  resolved_answered: number;
  resolved_yes: number;
  right_reason_answered: number;
  right_reason_yes: number;
  agent_could_answered: number;
  agent_could_yes: number;
  repeated_answered: number;
  repeated_yes: number;
  to_claim_count: number;
  to_claim_p50: number | null;
  to_claim_p90: number | null;
  to_reply_count: number;
  to_reply_p50: number | null;
  to_reply_p90: number | null;
  to_resolve_count: number;
  to_resolve_p50: number | null;
  to_resolve_p90: number | null;
}

/** How many outcomes answered a yes/no question of the form, and how many said yes. */
const answerColumns = (field: string, alias: string) =>
  `count(*) FILTER (WHERE has_outcome AND jsonb_typeof(outcome->'${field}') = 'boolean')::int AS ${alias}_answered,
    count(*) FILTER (WHERE has_outcome AND outcome->>'${field}' = 'true')::int AS ${alias}_yes`;

const ESCALATION_SQL = `
  WITH RECURSIVE ${ESCALATIONS_CTE},
  enriched AS (
    SELECT e.*,
      (e.status = 'resolved' AND e.outcome IS NOT NULL) AS has_outcome,
      (SELECT min(t.at) FROM turns t WHERE t.conversation_id = e.conversation_id AND t.role = 'operator'
         AND t.at >= e.requested_at AND (e.ended_at IS NULL OR t.at <= e.ended_at)) AS first_reply_at,
      -- Came back: the same customer opened another conversation within 24 hours of the resolution.
      (e.status = 'resolved' AND EXISTS (
         SELECT 1 FROM conversations mine JOIN conversations later
           ON later.customer->>'id' = mine.customer->>'id' AND later.id <> mine.id
         WHERE mine.id = e.conversation_id AND later.created_at > e.ended_at
           AND later.created_at <= e.ended_at + interval '24 hours')) AS came_back,
      -- Asked again: a new escalation in the same conversation after this one was returned.
      (e.status = 'returned' AND EXISTS (
         SELECT 1 FROM handoffs again WHERE again.conversation_id = e.conversation_id
           AND again.transferred_from IS NULL AND again.id <> e.id AND again.requested_at >= e.ended_at)) AS asked_again
    FROM escalations e
  )
  SELECT CASE WHEN GROUPING(trigger) = 1 THEN NULL ELSE trigger END AS trigger,
    GROUPING(trigger)::int AS total,
    count(*)::int AS handoffs,
    count(*) FILTER (WHERE has_outcome)::int AS with_outcome,
    count(*) FILTER (WHERE has_outcome AND outcome->>'warranted' = 'true')::int AS warranted,
    count(*) FILTER (WHERE outcome->>'late' = 'true')::int AS late,
    count(*) FILTER (WHERE status = 'abandoned')::int AS abandoned,
    count(*) FILTER (WHERE status = 'abandoned' AND first_claimed_at IS NULL)::int AS abandoned_waiting,
    count(*) FILTER (WHERE status = 'expired')::int AS expired,
    count(*) FILTER (WHERE first_claimed_at IS NOT NULL)::int AS claimed,
    count(*) FILTER (WHERE first_claimed_at IS NOT NULL
      AND (repeat_count > 0 OR outcome->>'customerRepeated' = 'true'))::int AS with_repeats,
    coalesce(sum(repeat_count), 0)::int AS repeat_total,
    count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
    count(*) FILTER (WHERE came_back)::int AS came_back,
    count(*) FILTER (WHERE status = 'returned')::int AS returned,
    count(*) FILTER (WHERE asked_again)::int AS asked_again,
    ${answerColumns('resolved', 'resolved')},
    ${answerColumns('rightReason', 'right_reason')},
    ${answerColumns('agentCouldHaveHandled', 'agent_could')},
    ${answerColumns('customerRepeated', 'repeated')},
    count(first_claimed_at)::int AS to_claim_count,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds('first_claimed_at', 'requested_at')}) AS to_claim_p50,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds('first_claimed_at', 'requested_at')}) AS to_claim_p90,
    count(first_reply_at)::int AS to_reply_count,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds('first_reply_at', 'requested_at')}) AS to_reply_p50,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds('first_reply_at', 'requested_at')}) AS to_reply_p90,
    count(*) FILTER (WHERE status = 'resolved')::int AS to_resolve_count,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN status = 'resolved' THEN ${seconds('ended_at', 'requested_at')} END) AS to_resolve_p50,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY CASE WHEN status = 'resolved' THEN ${seconds('ended_at', 'requested_at')} END) AS to_resolve_p90
  FROM enriched
  GROUP BY GROUPING SETS ((trigger), ())`;

const CONVERSATION_SQL = `
  SELECT count(*)::int AS conversations,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id
      AND h.transferred_from IS NULL AND ($3::text IS NULL OR h.queue = $3)))::int AS with_handoff,
    count(*) FILTER (WHERE ${WITHOUT_HANDOFF} AND ${BAD_OUTCOME})::int AS misses
  FROM conversations c LEFT JOIN conversation_outcomes o ON o.conversation_id = c.id
  WHERE ${CONVERSATIONS_IN_RANGE}`;

const RATE_BY_TRIGGER_SQL = `
  SELECT h.trigger, count(DISTINCT c.id)::int AS conversations
  FROM conversations c JOIN handoffs h ON h.conversation_id = c.id AND h.transferred_from IS NULL
  WHERE ${CONVERSATIONS_IN_RANGE} AND ($3::text IS NULL OR h.queue = $3)
  GROUP BY h.trigger`;

/**
 * Firings per trigger: the rules that matched turns, plus each handoff asked for directly (the agent's
 * `POST .../handoff`, an operator's), whose request is its own firing. Without the second part a
 * trigger such as `agent_requested` would show handoffs it never fired.
 */
const FIRINGS_SQL = `
  SELECT trigger, sum(firings)::int AS firings, sum(shadow_firings)::int AS shadow_firings FROM (
    SELECT f->>'trigger' AS trigger,
      count(*) FILTER (WHERE f->>'shadow' IS DISTINCT FROM 'true')::int AS firings,
      count(*) FILTER (WHERE f->>'shadow' = 'true')::int AS shadow_firings
    FROM turns t CROSS JOIN LATERAL jsonb_array_elements(t.decision->'firings') f
    WHERE ${TURNS_WITH_FIRINGS} AND t.at >= $1 AND t.at < $2 AND ($3::text IS NULL OR f->>'queue' = $3)
    GROUP BY 1
    UNION ALL
    SELECT h.trigger, count(*)::int, 0
    FROM handoffs h
    WHERE ${DIRECT_REQUEST} AND h.requested_at >= $1 AND h.requested_at < $2
      AND ($3::text IS NULL OR h.queue = $3)
    GROUP BY 1
  ) firing GROUP BY 1`;

const MISSES_BY_TRIGGER_SQL = `
  SELECT f->>'trigger' AS trigger, count(DISTINCT c.id)::int AS misses
  FROM conversations c
    JOIN conversation_outcomes o ON o.conversation_id = c.id
    JOIN turns t ON t.conversation_id = c.id AND ${TURNS_WITH_FIRINGS}
    CROSS JOIN LATERAL jsonb_array_elements(t.decision->'firings') f
  WHERE ${CONVERSATIONS_IN_RANGE} AND ${WITHOUT_HANDOFF} AND ${BAD_OUTCOME}
    AND ($3::text IS NULL OR f->>'queue' = $3)
  GROUP BY 1`;

const RATINGS_SQL = `
  SELECT o.rating::int AS rating, count(*)::int AS count
  FROM conversations c JOIN conversation_outcomes o ON o.conversation_id = c.id
  WHERE ${CONVERSATIONS_IN_RANGE} AND o.rating IS NOT NULL
    AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id AND h.queue = $3))
  GROUP BY 1`;

const round = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 1000) / 1000;

function percentiles(count: number, p50: number | null, p90: number | null): Percentiles {
  return {
    count,
    p50: round(p50 === null ? null : Number(p50)),
    p90: round(p90 === null ? null : Number(p90)),
  };
}

const EMPTY_ESCALATIONS: Omit<EscalationRow, 'trigger' | 'total'> = {
  handoffs: 0,
  with_outcome: 0,
  warranted: 0,
  late: 0,
  abandoned: 0,
  abandoned_waiting: 0,
  expired: 0,
  claimed: 0,
  with_repeats: 0,
  repeat_total: 0,
  resolved: 0,
  came_back: 0,
  returned: 0,
  asked_again: 0,
  resolved_answered: 0,
  resolved_yes: 0,
  right_reason_answered: 0,
  right_reason_yes: 0,
  agent_could_answered: 0,
  agent_could_yes: 0,
  repeated_answered: 0,
  repeated_yes: 0,
  to_claim_count: 0,
  to_claim_p50: null,
  to_claim_p90: null,
  to_reply_count: 0,
  to_reply_p50: null,
  to_reply_p90: null,
  to_resolve_count: 0,
  to_resolve_p50: null,
  to_resolve_p90: null,
};

type Counts = Omit<EscalationRow, 'trigger' | 'total'>;

const answer = (answered: number, yes: number): OutcomeAnswer => ({
  answered,
  yes,
  rate: ratio(yes, answered),
});

/** Each yes/no answer of the operators' outcome form, as a rate over the outcomes that answered it. */
function outcomeAnswers(row: Counts): OutcomeAnswers {
  return {
    resolved: answer(row.resolved_answered, row.resolved_yes),
    warranted: answer(row.with_outcome, row.warranted),
    rightReason: answer(row.right_reason_answered, row.right_reason_yes),
    agentCouldHaveHandled: answer(row.agent_could_answered, row.agent_could_yes),
    customerRepeated: answer(row.repeated_answered, row.repeated_yes),
  };
}

const cameBack = (row: Counts) => ({
  resolved: row.resolved,
  within24h: row.came_back,
  rate: ratio(row.came_back, row.resolved),
});

const askedAgain = (row: Counts) => ({
  returned: row.returned,
  afterReturn: row.asked_again,
  rate: ratio(row.asked_again, row.returned),
});

/** Runs the metric queries over one range. */
async function queryMetrics(tx: Queryable, range: MetricsRange, groupBy?: MetricsGroupBy): Promise<Metrics> {
  // One snapshot for every query below (PGlite is one session, so this is what it has anyway).
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { params } = range;
  const escalationRows = await tx.query<EscalationRow>(ESCALATION_SQL, params);
  const [conversationRow] = await tx.query<{ conversations: number; with_handoff: number; misses: number }>(
    CONVERSATION_SQL,
    params,
  );
  const rateRows = await tx.query<{ trigger: string; conversations: number }>(RATE_BY_TRIGGER_SQL, params);
  const firingRows = await tx.query<{ trigger: string; firings: number; shadow_firings: number }>(
    FIRINGS_SQL,
    params,
  );
  const missRows = await tx.query<{ trigger: string; misses: number }>(MISSES_BY_TRIGGER_SQL, params);
  const ratingRows = await tx.query<{ rating: number; count: number }>(RATINGS_SQL, params);

  const conversations = conversationRow?.conversations ?? 0;
  const total = { ...EMPTY_ESCALATIONS, ...escalationRows.find((row) => row.total === 1) };
  const names = new Set<string>();
  for (const rows of [escalationRows, rateRows, firingRows, missRows] as { trigger: string | null }[][]) {
    for (const row of rows) if (row.trigger !== null) names.add(row.trigger);
  }
  const byTrigger: TriggerMetrics[] = [...names].map((trigger) => {
    const escalation = {
      ...EMPTY_ESCALATIONS,
      ...escalationRows.find((row) => row.total === 0 && row.trigger === trigger),
    };
    const firing = firingRows.find((row) => row.trigger === trigger);
    return {
      trigger,
      firings: firing?.firings ?? 0,
      shadowFirings: firing?.shadow_firings ?? 0,
      handoffs: escalation.handoffs,
      handoffRate: ratio(rateRows.find((row) => row.trigger === trigger)?.conversations ?? 0, conversations),
      withOutcome: escalation.with_outcome,
      warranted: escalation.warranted,
      warrantedRate: ratio(escalation.warranted, escalation.with_outcome),
      late: escalation.late,
      abandoned: escalation.abandoned,
      misses: missRows.find((row) => row.trigger === trigger)?.misses ?? 0,
      answers: outcomeAnswers(escalation),
      cameBack: cameBack(escalation),
      askedAgain: askedAgain(escalation),
    };
  });
  byTrigger.sort(
    (a, b) => b.handoffs - a.handoffs || b.firings - a.firings || a.trigger.localeCompare(b.trigger),
  );

  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let ratingCount = 0;
  let ratingSum = 0;
  for (const row of ratingRows) {
    distribution[String(row.rating) as keyof typeof distribution] = row.count;
    ratingCount += row.count;
    ratingSum += row.rating * row.count;
  }
  const withHandoff = conversationRow?.with_handoff ?? 0;
  const grouped =
    groupBy === undefined
      ? {}
      : { groupBy, groups: await queryMetricGroups(tx, range, groupBy, conversations) };
  return {
    range: { from: range.from, to: range.to, queue: range.queue },
    conversations,
    conversationsWithHandoff: withHandoff,
    handoffRate: ratio(withHandoff, conversations),
    handoffs: total.handoffs,
    byTrigger,
    times: {
      toClaim: percentiles(total.to_claim_count, total.to_claim_p50, total.to_claim_p90),
      toFirstReply: percentiles(total.to_reply_count, total.to_reply_p50, total.to_reply_p90),
      toResolve: percentiles(total.to_resolve_count, total.to_resolve_p50, total.to_resolve_p90),
    },
    outcomes: {
      withOutcome: total.with_outcome,
      warranted: total.warranted,
      warrantedRate: ratio(total.warranted, total.with_outcome),
      late: total.late,
      answers: outcomeAnswers(total),
    },
    abandonment: {
      abandoned: total.abandoned,
      whileWaiting: total.abandoned_waiting,
      expired: total.expired,
      // An expired handoff is a customer nobody took: counted as abandonment.
      rate: ratio(total.abandoned + total.expired, total.handoffs),
    },
    repeats: {
      claimed: total.claimed,
      withRepeats: total.with_repeats,
      rate: ratio(total.with_repeats, total.claimed),
      total: total.repeat_total,
    },
    cameBack: cameBack(total),
    askedAgain: askedAgain(total),
    misses: conversationRow?.misses ?? 0,
    ratings: {
      count: ratingCount,
      mean: ratingCount === 0 ? null : Math.round((ratingSum / ratingCount) * 1000) / 1000,
      distribution,
    },
    ...grouped,
  };
}

/** The metrics for a queue (or all) over a time range (default: the last 30 days). */
export async function readMetrics(context: ServiceContext, filter: MetricsFilter): Promise<Metrics> {
  const range = metricsRange(filter, context.now());
  return context.database.transaction((tx) => queryMetrics(tx, range, filter.groupBy));
}
