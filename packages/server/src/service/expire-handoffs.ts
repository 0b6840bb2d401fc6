/**
 * Expiry: handoffs left queued longer than a limit end as `expired` and the conversation goes back
 * to the agent. Called by a periodic sweep (the caller gives the limit; the clock is the service's).
 */
import type { ServiceContext } from './context.ts';
import { secondsBetween, setConversationOwner } from './handoff-moves.ts';
import { transitionHandoff } from './handoff-transitions.ts';
import { mutate } from './mutate.ts';
import { toHandoff } from './rows.ts';
import type { Handoff } from './types.ts';

/** Expires every handoff queued for longer than `maxWaitMs`; returns them. */
export async function expireHandoffs(
  context: ServiceContext,
  input: { maxWaitMs: number },
): Promise<Handoff[]> {
  const now = context.now();
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - input.maxWaitMs).toISOString();
  return mutate(context, async (tx, events) => {
    // SKIP LOCKED: a handoff being claimed right now is left to its claimer.
    const stale = await tx.query<{ id: string }>(
      `SELECT id FROM handoffs WHERE status = 'queued' AND queued_at < $1 ORDER BY queued_at LIMIT 500
       FOR UPDATE SKIP LOCKED`,
      [cutoff],
    );
    const expired: Handoff[] = [];
    for (const { id } of stale) {
      const { row, event } = await transitionHandoff(tx, id, 'expire', { ended_at: at }, at);
      await setConversationOwner(
        tx,
        row.conversation_id,
        { status: 'active', name: 'agent', keyId: null },
        at,
      );
      events.push({ ...event, data: { ...event.data, waitedSeconds: secondsBetween(row.queued_at, at) } });
      expired.push(toHandoff(row));
    }
    return expired;
  });
}
