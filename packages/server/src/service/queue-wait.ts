/**
 * What the customer is told while a handoff waits: their position in the queue and an honest wait
 * estimate, taken from how long recent handoffs in that queue waited before a claim. With too few
 * recent claims there is no estimate, and the message says so instead of inventing one.
 */
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import { describeEta, type Eta } from './eta.ts';
import { operatorsOnline } from './presence.ts';
import { handoffEta } from './routing.ts';
import type { HandoffRow } from './rows.ts';

/** Recent claims the estimate looks at, at most, within `RECENT_WINDOW_MS`. */
const RECENT_CLAIMS = 20;
const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Below this many recent claims, no estimate is given. */
const MIN_CLAIMS_FOR_ESTIMATE = 3;

export interface WaitingInfo {
  /** 1 is next. */
  position: number;
  /** Median wait before a claim of recent handoffs in the queue, or null without enough data. */
  estimatedWaitSeconds: number | null;
  operatorsOnline: number;
  /** The ETA from position, recent handle times and free operator places (eta.ts). */
  eta?: Eta;
}

/** The handoff's position, wait estimate and the operators online for its queue. */
export async function waitingInfo(
  context: ServiceContext,
  tx: Queryable,
  handoff: HandoffRow,
): Promise<WaitingInfo> {
  const since = new Date(context.now().getTime() - RECENT_WINDOW_MS).toISOString();
  const [eta, waitRows, online] = [
    await handoffEta(context, tx, handoff),
    await tx.query<{ wait: number }>(
      `SELECT extract(epoch FROM claimed_at - queued_at)::float8 AS wait FROM handoffs
       WHERE queue = $1 AND claimed_at IS NOT NULL AND claimed_at >= $2
       ORDER BY claimed_at DESC LIMIT ${RECENT_CLAIMS}`,
      [handoff.queue, since],
    ),
    await operatorsOnline(context, tx, handoff.queue),
  ];
  const waits = waitRows.map((row) => Math.max(0, Number(row.wait))).sort((a, b) => a - b);
  return {
    position: eta.position,
    estimatedWaitSeconds: waits.length >= MIN_CLAIMS_FOR_ESTIMATE ? median(waits) : null,
    operatorsOnline: online,
    eta,
  };
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "about 4 minutes", "less than a minute". */
function describeWait(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `about ${Math.round(minutes / 60)} hour${Math.round(minutes / 60) === 1 ? '' : 's'}`;
}

/** The sentence for the customer: nobody online, or position and estimate. */
export function waitingMessage(info: WaitingInfo, lead: string | null = null): string {
  if (info.operatorsOnline === 0) {
    return (
      'Nobody from our team is available right now. You can leave a message or a phone number for a ' +
      "callback, and a person will get back to you; you won't need to repeat anything."
    );
  }
  const place =
    info.position === 1 ? 'You are next in the queue' : `You are number ${info.position} in the queue`;
  // The ETA from handle times when it has them; else how long recent claims took, or no promise.
  const wait =
    info.eta?.basis === 'handle_time'
      ? `our estimate is ${describeEta(info.eta)}${info.eta.confidence === 'low' ? ' (a rough one)' : ''}`
      : info.estimatedWaitSeconds === null
        ? 'a person will join as soon as one is free'
        : `recently a person has joined in ${describeWait(info.estimatedWaitSeconds)}`;
  const core = `${place}; ${wait}.`;
  return lead ? `${lead} ${core}` : `${core} You won't need to repeat anything.`;
}
