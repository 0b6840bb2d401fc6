/**
 * Staffing history from the database: two grouped queries (escalations by queue and UTC hour of
 * their request; holds by queue and UTC hour of their claim), so the rows returned are bounded by
 * queues × hours, never by handoffs. Escalations follow transfers as the metrics do (escalations-sql.ts).
 */
import type { Queryable } from '../storage/database.ts';
import { ESCALATIONS_CTE } from '../service/outcomes/escalations-sql.ts';
import { tallyAt, type StaffingHistory } from './history.ts';

const seconds = (later: string, earlier: string) => `extract(epoch FROM ${later} - ${earlier})::float8`;
const epochHour = (column: string) => `floor(extract(epoch FROM ${column}) / 3600)::float8`;

const ESCALATIONS_SQL = `
  WITH RECURSIVE ${ESCALATIONS_CTE}
  SELECT queue, ${epochHour('requested_at')} AS hour,
    count(*)::int AS arrivals,
    count(first_claimed_at)::int AS claimed,
    coalesce(sum(${seconds('first_claimed_at', 'requested_at')}), 0)::float8 AS claim_seconds,
    count(*) FILTER (WHERE ${seconds('first_claimed_at', 'requested_at')} <= $4)::int AS claimed_within,
    count(*) FILTER (WHERE first_claimed_at IS NULL AND status IN ('abandoned', 'expired')
      AND ended_at IS NOT NULL)::int AS abandoned,
    coalesce(sum(CASE
      WHEN first_claimed_at IS NOT NULL THEN ${seconds('first_claimed_at', 'requested_at')}
      WHEN status IN ('abandoned', 'expired') AND ended_at IS NOT NULL THEN ${seconds('ended_at', 'requested_at')}
      ELSE 0 END), 0)::float8 AS wait_seconds
  FROM escalations
  GROUP BY 1, 2`;

const HOLDS_SQL = `
  SELECT queue, ${epochHour('claimed_at')} AS hour, count(*)::int AS handled,
    coalesce(sum(${seconds('ended_at', 'claimed_at')}), 0)::float8 AS handle_seconds
  FROM handoffs
  WHERE claimed_at >= $1 AND claimed_at < $2 AND ended_at IS NOT NULL
    AND status IN ('resolved', 'returned', 'transferred') AND ($3::text IS NULL OR queue = $3)
  GROUP BY 1, 2`;

interface EscalationHourRow {
  queue: string;
  hour: number;
  arrivals: number;
  claimed: number;
  claim_seconds: number;
  claimed_within: number;
  abandoned: number;
  wait_seconds: number;
}

/** The history of `[from, to)` for one queue (or all), with claims within `answerSeconds` counted. */
export async function readStaffingHistory(
  tx: Queryable,
  range: { from: string; to: string; queue: string | null },
  answerSeconds: number,
): Promise<StaffingHistory> {
  const params = [range.from, range.to, range.queue];
  const history: StaffingHistory = new Map();
  const escalations = await tx.query<EscalationHourRow>(ESCALATIONS_SQL, [...params, answerSeconds]);
  for (const row of escalations) {
    const tally = tallyAt(history, row.queue, Number(row.hour));
    tally.arrivals += row.arrivals;
    tally.claimed += row.claimed;
    tally.claimSeconds += Number(row.claim_seconds);
    tally.claimedWithinTarget += row.claimed_within;
    tally.abandoned += row.abandoned;
    tally.waitSeconds += Number(row.wait_seconds);
  }
  const holds = await tx.query<{ queue: string; hour: number; handled: number; handle_seconds: number }>(
    HOLDS_SQL,
    params,
  );
  for (const row of holds) {
    const tally = tallyAt(history, row.queue, Number(row.hour));
    tally.handled += row.handled;
    tally.handleSeconds += Number(row.handle_seconds);
  }
  return history;
}
