/**
 * The lead's numbers, computed in the console from the handoffs the API lists (`GET /v1/handoffs`)
 * and, for the first operator reply, from each claimed handoff's thread. The API has no metrics
 * endpoint yet; when it gets one, the dashboard reads that instead and this file goes away.
 * Pure: the time range and "now" come in as arguments.
 */
import type { Handoff } from '@baton/sdk';

export interface MetricsFilter {
  /** Only this queue; all queues when empty. */
  queue: string;
  /** Epoch milliseconds, inclusive start and exclusive end, on `requestedAt`. */
  from: number;
  to: number;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  count: number;
}

export interface TriggerRow {
  trigger: string;
  count: number;
  /** Handoffs of this trigger with an outcome. */
  judged: number;
  warranted: number;
  /** warranted / judged, or null before any outcome. */
  warrantedRate: number | null;
}

export interface Metrics {
  total: number;
  byStatus: Record<Handoff['status'], number>;
  /** Bucket starts in epoch seconds (uPlot's x), and handoffs requested in each. */
  overTime: { starts: number[]; counts: number[]; claimP50: (number | null)[]; claimP90: (number | null)[] };
  bucketSeconds: number;
  byTrigger: TriggerRow[];
  timeToClaim: Percentiles;
  timeToFirstReply: Percentiles;
  /** The customer left while waiting (abandoned) or nobody claimed in time (expired). */
  abandonment: { abandoned: number; expired: number; rate: number | null };
  outcomes: {
    judged: number;
    resolved: number;
    warranted: number;
    rightReason: number;
    customerRepeated: number;
    agentCouldHaveHandled: number;
  };
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Nearest-rank percentile of numbers (unsorted is fine); null for none. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}

function percentiles(values: readonly number[]): Percentiles {
  return { p50: percentile(values, 0.5), p90: percentile(values, 0.9), count: values.length };
}

/** Hourly buckets up to two days, daily beyond. */
export function bucketSecondsFor(from: number, to: number): number {
  return to - from <= 2 * DAY * 1000 ? HOUR : DAY;
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * The dashboard's numbers. `firstReplies` maps a handoff id to the time of the first operator turn
 * after its claim (absent: not read; null: no reply yet).
 */
export function computeMetrics(
  handoffs: readonly Handoff[],
  firstReplies: ReadonlyMap<string, string | null>,
  filter: MetricsFilter,
): Metrics {
  const inRange = handoffs.filter((handoff) => {
    const at = Date.parse(handoff.requestedAt);
    return at >= filter.from && at < filter.to && (filter.queue === '' || handoff.queue === filter.queue);
  });
  const byStatus: Metrics['byStatus'] = {
    queued: 0,
    claimed: 0,
    resolved: 0,
    returned: 0,
    transferred: 0,
    abandoned: 0,
    expired: 0,
  };
  const bucketSeconds = bucketSecondsFor(filter.from, filter.to);
  const firstBucket = Math.floor(filter.from / 1000 / bucketSeconds) * bucketSeconds;
  const bucketCount = Math.max(1, Math.ceil((filter.to / 1000 - firstBucket) / bucketSeconds));
  const starts = Array.from({ length: bucketCount }, (_, index) => firstBucket + index * bucketSeconds);
  const counts = starts.map(() => 0);
  const claimsPerBucket: number[][] = starts.map(() => []);
  const triggers = new Map<string, TriggerRow>();
  const claimWaits: number[] = [];
  const replyWaits: number[] = [];
  const outcomes = {
    judged: 0,
    resolved: 0,
    warranted: 0,
    rightReason: 0,
    customerRepeated: 0,
    agentCouldHaveHandled: 0,
  };

  for (const handoff of inRange) {
    byStatus[handoff.status] += 1;
    const bucket = Math.min(
      bucketCount - 1,
      Math.floor((Date.parse(handoff.requestedAt) / 1000 - firstBucket) / bucketSeconds),
    );
    counts[bucket]! += 1;
    const row = triggers.get(handoff.trigger) ?? {
      trigger: handoff.trigger,
      count: 0,
      judged: 0,
      warranted: 0,
      warrantedRate: null,
    };
    row.count += 1;
    if (handoff.claimedAt) {
      const wait = seconds(handoff.requestedAt, handoff.claimedAt);
      claimWaits.push(wait);
      claimsPerBucket[bucket]!.push(wait);
      const reply = firstReplies.get(handoff.id);
      if (reply) replyWaits.push(seconds(handoff.claimedAt, reply));
    }
    if (handoff.outcome) {
      const outcome = handoff.outcome;
      outcomes.judged += 1;
      if (outcome.resolved) outcomes.resolved += 1;
      if (outcome.warranted) outcomes.warranted += 1;
      if (outcome.rightReason) outcomes.rightReason += 1;
      if (outcome.customerRepeated) outcomes.customerRepeated += 1;
      if (outcome.agentCouldHaveHandled) outcomes.agentCouldHaveHandled += 1;
      row.judged += 1;
      if (outcome.warranted) row.warranted += 1;
    }
    triggers.set(handoff.trigger, row);
  }
  for (const row of triggers.values()) row.warrantedRate = row.judged > 0 ? row.warranted / row.judged : null;

  const left = byStatus.abandoned + byStatus.expired;
  return {
    total: inRange.length,
    byStatus,
    overTime: {
      starts,
      counts,
      claimP50: claimsPerBucket.map((waits) => percentile(waits, 0.5)),
      claimP90: claimsPerBucket.map((waits) => percentile(waits, 0.9)),
    },
    bucketSeconds,
    byTrigger: [...triggers.values()].sort((a, b) => b.count - a.count || a.trigger.localeCompare(b.trigger)),
    timeToClaim: percentiles(claimWaits),
    timeToFirstReply: percentiles(replyWaits),
    abandonment: {
      abandoned: byStatus.abandoned,
      expired: byStatus.expired,
      rate: inRange.length > 0 ? left / inRange.length : null,
    },
    outcomes,
  };
}

/** The first operator turn between the claim and the handoff's end, from a thread's turns. */
export function firstOperatorReply(
  handoff: Pick<Handoff, 'claimedAt' | 'endedAt'>,
  turns: readonly { role: string; at: string }[],
): string | null {
  if (!handoff.claimedAt) return null;
  const claimedAt = Date.parse(handoff.claimedAt);
  const endedAt = handoff.endedAt ? Date.parse(handoff.endedAt) : Infinity;
  const reply = turns.find((turn) => {
    const at = Date.parse(turn.at);
    return turn.role === 'operator' && at >= claimedAt && at <= endedAt;
  });
  return reply?.at ?? null;
}
