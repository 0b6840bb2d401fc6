/**
 * SQL shared by the metric queries. Parameters: `$1` from (inclusive), `$2` to (exclusive), `$3`
 * queue or null. An escalation is a chain of handoff rows linked by `transferred_from`: the first
 * row gives its trigger, queue and request time; the last its status, end and outcome.
 */

/**
 * `chain` (every row of each escalation requested in the range, with its depth) and `escalations`
 * (one row per escalation). Put after `WITH RECURSIVE`.
 */
export const ESCALATIONS_CTE = `
  chain AS (
    SELECT h.id AS origin_id, h.id, 0 AS depth FROM handoffs h
    WHERE h.transferred_from IS NULL AND h.requested_at >= $1 AND h.requested_at < $2
      AND ($3::text IS NULL OR h.queue = $3)
    UNION ALL
    SELECT chain.origin_id, h.id, chain.depth + 1 FROM chain JOIN handoffs h ON h.transferred_from = chain.id
  ),
  escalations AS (
    SELECT c.origin_id AS id,
      min(h.conversation_id) AS conversation_id,
      min(h.requested_at) AS requested_at,
      (array_agg(h.trigger ORDER BY c.depth))[1] AS trigger,
      (array_agg(h.queue ORDER BY c.depth))[1] AS queue,
      min(h.claimed_at) AS first_claimed_at,
      (array_agg(h.status ORDER BY c.depth DESC))[1] AS status,
      (array_agg(h.ended_at ORDER BY c.depth DESC))[1] AS ended_at,
      (array_agg(h.outcome ORDER BY c.depth DESC))[1] AS outcome,
      sum(h.repeat_count)::int AS repeat_count
    FROM chain c JOIN handoffs h ON h.id = c.id
    GROUP BY c.origin_id
  )`;

/** True when a `conversation_outcomes` row (alias `o`) says the conversation ended badly. */
export const BAD_OUTCOME = `(o.should_have_escalated IS TRUE OR o.abandoned IS TRUE OR o.rating <= 2
  OR o.resolved IS FALSE)`;

/** Conversations started in the range (alias `c`). */
export const CONVERSATIONS_IN_RANGE = 'c.created_at >= $1 AND c.created_at < $2';

/** No handoff at all in the conversation (alias `c`): the condition of a miss. */
export const WITHOUT_HANDOFF = 'NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id)';

/**
 * Turns whose decision has firings. The same predicate as the partial index `turns_with_firings`,
 * so the planner reads only those.
 */
export const TURNS_WITH_FIRINGS = "jsonb_array_length(t.decision->'firings') > 0";

/**
 * A handoff asked for directly, with no rule firing on a turn (alias `h`): the agent's
 * `POST /v1/conversations/{id}/handoff`, or an operator's. Its first row only (a transfer is not a request).
 */
export const DIRECT_REQUEST = 'h.transferred_from IS NULL AND jsonb_array_length(h.firings) = 0';
