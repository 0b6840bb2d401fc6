/**
 * The live queue's bookkeeping, kept pure so it can be tested without a browser: which handoffs are
 * open, in what order, and which ones an incoming batch of events says must be re-read. Events say
 * only that a handoff changed (and its new status); the handoff itself is then read from the API,
 * so the queue never shows a half-known row.
 */
import type { BatonEvent, Handoff } from '@baton/sdk';

/** The statuses that keep a handoff in the queue view. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['queued', 'claimed']);

const PRIORITY_RANK: Record<Handoff['priority'], number> = { urgent: 3, high: 2, normal: 1, low: 0 };

/** Urgency first, then the longest wait: the order the API uses. */
export function compareHandoffs(a: Handoff, b: Handoff): number {
  return (
    PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
    Date.parse(a.requestedAt) - Date.parse(b.requestedAt) ||
    a.id.localeCompare(b.id)
  );
}

export type QueueState = ReadonlyMap<string, Handoff>;

/** A queue from handoffs read from the API (closed ones left out). */
export function queueFrom(handoffs: Iterable<Handoff>): QueueState {
  const queue = new Map<string, Handoff>();
  for (const handoff of handoffs) if (OPEN_STATUSES.has(handoff.status)) queue.set(handoff.id, handoff);
  return queue;
}

/** The queue in display order. */
export function sortedQueue(queue: QueueState): Handoff[] {
  return [...queue.values()].sort(compareHandoffs);
}

/**
 * Folds a batch of events into the queue: a handoff whose last event closes it leaves at once;
 * one that is (or may now be) open is listed in `reread`, to be fetched and then `upsert`ed.
 * Historical events replayed on connect only cost a read for handoffs still open.
 */
export function applyEvents(
  queue: QueueState,
  events: readonly BatonEvent[],
): { queue: QueueState; reread: string[] } {
  const lastStatus = new Map<string, string | undefined>();
  for (const event of events) {
    if (!event.handoffId || !event.type.startsWith('handoff-')) continue;
    const status = typeof event.data['status'] === 'string' ? event.data['status'] : undefined;
    lastStatus.set(event.handoffId, status);
  }
  const next = new Map(queue);
  const reread: string[] = [];
  for (const [handoffId, status] of lastStatus) {
    if (status !== undefined && !OPEN_STATUSES.has(status)) next.delete(handoffId);
    else reread.push(handoffId);
  }
  return { queue: next, reread };
}

/** Puts a freshly read handoff in its place (or takes it out when it has closed meanwhile). */
export function upsert(queue: QueueState, handoff: Handoff): QueueState {
  const next = new Map(queue);
  if (OPEN_STATUSES.has(handoff.status)) next.set(handoff.id, handoff);
  else next.delete(handoff.id);
  return next;
}

/**
 * Merges a fresh listing of the open handoffs into the queue: the listing is the truth (a handoff
 * missing from it has closed, one only in it was missed), except for handoffs read one by one while
 * the listing was in flight, whose copies are newer.
 */
export function reconcile(
  listed: Iterable<Handoff>,
  readSince: ReadonlyMap<string, Handoff> = new Map(),
): QueueState {
  let next = queueFrom(listed);
  for (const handoff of readSince.values()) next = upsert(next, handoff);
  return next;
}
