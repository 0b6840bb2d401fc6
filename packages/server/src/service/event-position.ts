/**
 * A place in the global event stream: the writing transaction's id (xid8) and the event id, compared
 * in that order. Events become readable in this order (see events.ts), so a reader that resumes
 * after a position never finds a new event before it.
 */

export interface EventPosition {
  /** The writing transaction's id as decimal text (xid8; '0' for events older than this ordering). */
  tx: string;
  /** The event id as decimal text. */
  id: string;
}

/** The position before every event. */
export const START_POSITION: EventPosition = { tx: '0', id: '0' };

/** True for decimal text without sign or leading zeros (what PostgreSQL prints for xid8 and bigint). */
const CANONICAL = /^(0|[1-9][0-9]*)$/;

/** Compares two non-negative integers written in decimal, without parsing them when it can. */
function compareDecimal(a: string, b: string): number {
  if (CANONICAL.test(a) && CANONICAL.test(b)) {
    // Canonical decimals: the longer is the larger; of equal length, text order is number order.
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/**
 * Negative, zero or positive as `a` is before, at or after `b`. Called per event per open stream,
 * so it compares the decimal text rather than parsing BigInts.
 */
export function comparePositions(a: EventPosition, b: EventPosition): number {
  return compareDecimal(a.tx, b.tx) || compareDecimal(a.id, b.id);
}
