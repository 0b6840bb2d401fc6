/**
 * Runs one use case that changes state: one transaction, the events it derived appended last (so
 * the event lock is held only for the insert and the commit), then local waiters woken.
 */
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import { appendEvents } from './events.ts';
import type { PendingEvent } from './handoff-transitions.ts';

/** Runs `fn` in a transaction; events pushed onto its second argument are appended before commit. */
export async function mutate<T>(
  context: ServiceContext,
  fn: (tx: Queryable, events: PendingEvent[]) => Promise<T>,
): Promise<T> {
  let appended = false;
  const result = await context.database.transaction(async (tx) => {
    const events: PendingEvent[] = [];
    const value = await fn(tx, events);
    appended = (await appendEvents(context, tx, events)).length > 0;
    return value;
  });
  if (appended) context.notifier.wake();
  return result;
}
