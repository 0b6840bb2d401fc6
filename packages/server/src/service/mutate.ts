/**
 * Runs one use case that changes state: one transaction, the events it derived appended last (so
 * the event lock is held only for the insert and the commit), then local waiters woken. With an
 * idempotency key, a retry of the same request returns the first answer and changes nothing.
 */
import type { Queryable } from '../storage/database.ts';
import { hashJson } from './canonical-json.ts';
import type { ServiceContext } from './context.ts';
import { appendEvents } from './events.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { beginIdempotent, finishIdempotent } from './idempotency.ts';
import type { Principal } from './types.ts';

/** The work of one mutation. */
type MutateBody<T> = (tx: Queryable, events: PendingEvent[]) => Promise<T>;

/** A write made idempotent: who asks, their key, and the request (hashed to tell a retry from a reuse). */
export interface IdempotentWrite {
  principal: Principal;
  idempotencyKey: string | undefined;
  /** The operation's name and its whole input (ids included), so one key cannot serve two requests. */
  request: Record<string, unknown>;
}

/** Runs `fn` in a transaction; events pushed onto its second argument are appended before commit. */
export async function mutate<T>(context: ServiceContext, fn: MutateBody<T>): Promise<T>;
/**
 * The same, made idempotent when `idempotent` carries a key: the first answer is stored in the same
 * transaction and returned as it was to a retry (which appends no event); the same key with another
 * request is `idempotency_conflict`.
 */
export async function mutate<T>(
  context: ServiceContext,
  idempotent: IdempotentWrite,
  fn: MutateBody<T>,
): Promise<T>;
export async function mutate<T>(
  context: ServiceContext,
  first: IdempotentWrite | MutateBody<T>,
  second?: MutateBody<T>,
): Promise<T> {
  const idempotent = typeof first === 'function' ? undefined : first;
  const fn = typeof first === 'function' ? first : second!;
  const key = idempotent?.idempotencyKey;
  const requestHash = key ? hashJson(idempotent.request) : '';
  let appended = false;
  const result = await context.database.transaction(async (tx) => {
    if (key) {
      const at = context.now().toISOString();
      const stored = await beginIdempotent<T>(tx, idempotent.principal, key, requestHash, at);
      if (stored) return stored.replay;
    }
    const events: PendingEvent[] = [];
    const value = await fn(tx, events);
    appended = (await appendEvents(context, tx, events)).length > 0;
    if (key) await finishIdempotent(tx, idempotent.principal, key, value);
    return value;
  });
  if (appended) context.notifier.wake();
  return result;
}
