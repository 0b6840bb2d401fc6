/**
 * Staffing history: what happened to handoffs per queue and UTC hour, tallied the same way from the
 * database (history-sql.ts) or from a file (history-file.ts). An *escalation* is one handoff as the
 * customer lived it, across transfers: its queue and request time are the first row's, its claim
 * the first claim, its end the last row's. A handle time is one row's claim → resolve, return or
 * transfer: how long one operator held the conversation.
 */

/** Sums for one queue in one UTC hour (sums, so hours add up into hours of the week). */
export interface HourTally {
  /** Escalations requested in the hour. */
  arrivals: number;
  /** Of those, claimed by an operator at all. */
  claimed: number;
  /** Seconds from request to first claim, summed over the claimed. */
  claimSeconds: number;
  /** Claimed within the answer-time target. */
  claimedWithinTarget: number;
  /** Left (abandoned) or expired before anyone claimed them. */
  abandoned: number;
  /**
   * Seconds spent waiting by those who waited until claimed or until they left: the exposure of the
   * patience estimate (mean patience ≈ exposure ÷ abandoned, the censored exponential estimate).
   */
  waitSeconds: number;
  /** Handle times whose claim fell in this hour: how many, and their sum in seconds. */
  handled: number;
  handleSeconds: number;
}

export const emptyTally = (): HourTally => ({
  arrivals: 0,
  claimed: 0,
  claimSeconds: 0,
  claimedWithinTarget: 0,
  abandoned: 0,
  waitSeconds: 0,
  handled: 0,
  handleSeconds: 0,
});

/** Adds `part` into `total`. */
export function addTally(total: HourTally, part: HourTally): void {
  for (const key of Object.keys(total) as (keyof HourTally)[]) total[key] += part[key];
}

/** One queue's tallies by UTC epoch hour (`Math.floor(ms / 3_600_000)`). */
export type QueueHistory = Map<number, HourTally>;

/** Every queue's history. */
export type StaffingHistory = Map<string, QueueHistory>;

/** The tally of `queue` at `epochHour`, created when missing. */
export function tallyAt(history: StaffingHistory, queue: string, epochHour: number): HourTally {
  let hours = history.get(queue);
  if (!hours) {
    hours = new Map();
    history.set(queue, hours);
  }
  let tally = hours.get(epochHour);
  if (!tally) {
    tally = emptyTally();
    hours.set(epochHour, tally);
  }
  return tally;
}

/** One escalation as the staffing model reads it (times in epoch milliseconds). */
export interface EscalationRecord {
  queue: string;
  requestedAt: number;
  /** The first claim, or null. */
  claimedAt: number | null;
  /** The last row's status: `abandoned` or `expired` without a claim is abandonment. */
  status: string;
  /** The last row's end, or null while open. */
  endedAt: number | null;
}

/** One operator's hold of a conversation: claim → resolve, return or transfer. */
export interface HoldRecord {
  queue: string;
  claimedAt: number;
  endedAt: number;
}

const HOUR_MS = 3_600_000;
const LEFT = new Set(['abandoned', 'expired']);

/** Tallies an escalation into its queue and hour (for file input; SQL does the same in the database). */
export function tallyEscalation(
  history: StaffingHistory,
  escalation: EscalationRecord,
  answerSeconds: number,
): void {
  const tally = tallyAt(history, escalation.queue, Math.floor(escalation.requestedAt / HOUR_MS));
  tally.arrivals += 1;
  if (escalation.claimedAt !== null) {
    const wait = Math.max(0, (escalation.claimedAt - escalation.requestedAt) / 1000);
    tally.claimed += 1;
    tally.claimSeconds += wait;
    tally.waitSeconds += wait;
    if (wait <= answerSeconds) tally.claimedWithinTarget += 1;
  } else if (LEFT.has(escalation.status) && escalation.endedAt !== null) {
    tally.abandoned += 1;
    tally.waitSeconds += Math.max(0, (escalation.endedAt - escalation.requestedAt) / 1000);
  }
}

/** Tallies one hold into the hour of its claim. */
export function tallyHold(history: StaffingHistory, hold: HoldRecord): void {
  const tally = tallyAt(history, hold.queue, Math.floor(hold.claimedAt / HOUR_MS));
  tally.handled += 1;
  tally.handleSeconds += Math.max(0, (hold.endedAt - hold.claimedAt) / 1000);
}
