/**
 * Readiness means "can take a write now", not "answers SELECT 1": a database whose write path is
 * stuck (a lock held by a paused instance, a full pool, a hung session) answers reads while every
 * turn waits. The probe appends an event the way every use case does, inside a transaction it
 * always rolls back, under a short lock and statement timeout, and gives up after `timeoutMs`.
 */
import type { ServiceContext } from './context.ts';
import { appendEvents } from './events.ts';
import type { PendingEvent } from './handoff-transitions.ts';

/** How long /readyz waits for the probe's write by default. */
export const DEFAULT_READY_TIMEOUT_MS = 1_000;

/** Thrown inside the probe's transaction so it never commits. */
class ProbeRollback extends Error {}

/** Whether the database took a (rolled-back) write through the event-append path within `timeoutMs`. */
export async function probeWrite(context: ServiceContext, timeoutMs: number): Promise<boolean> {
  const ms = Math.max(1, Math.floor(timeoutMs));
  const probe = context.database
    .transaction(
      async (tx) => {
        // Server-side limits too, so a probe stuck on a lock frees its connection at once.
        if (context.database.kind === 'postgres') {
          await tx.exec(`SET LOCAL lock_timeout = ${ms}; SET LOCAL statement_timeout = ${ms}`);
        }
        // Never committed, so never read: the type only has to be one the table accepts.
        const event = {
          type: 'readiness-probe',
          conversationId: null,
          handoffId: null,
          queue: null,
          at: context.now().toISOString(),
          data: {},
        } as unknown as PendingEvent;
        await appendEvents(context, tx, [event]);
        throw new ProbeRollback();
      },
      { attempts: 1 },
    )
    .then(
      () => false,
      (error: unknown) => error instanceof ProbeRollback,
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}
