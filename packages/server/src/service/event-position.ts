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

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePositions(a: EventPosition, b: EventPosition): number {
  const tx = BigInt(a.tx) - BigInt(b.tx);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const id = BigInt(a.id) - BigInt(b.id);
  return id === 0n ? 0 : id < 0n ? -1 : 1;
}
