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

/** What the customer is told when nobody took the conversation in time. */
export const EXPIRED_MESSAGE =
  'We are sorry: nobody from our team could take your conversation in time. You can leave a phone number ' +
  'for a callback or a message for a ticket, and a person will get back to you; you can also keep talking to me.';

/** Expires every handoff queued for longer than `maxWaitMs`; returns them. */
export async function expireHandoffs(
  context: ServiceContext,
  input: { maxWaitMs: number },
): Promise<Handoff[]> {
  const now = context.now();
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - input.maxWaitMs).toISOString();
  return mutate(context, async (tx, events) => {
    // Both rows of each stale handoff, conversation and handoff (the lock order of lock-order.ts),
    // with SKIP LOCKED: this sweep never waits, so it cannot close a cycle with anyone, and a
    // handoff being claimed (or a conversation taking a turn) right now is left for the next sweep.
    const stale = await tx.query<{ id: string }>(
      `SELECT h.id FROM conversations c JOIN handoffs h ON h.conversation_id = c.id
       WHERE h.status = 'queued' AND h.queued_at < $1 ORDER BY h.queued_at LIMIT 500
       FOR NO KEY UPDATE OF c, h SKIP LOCKED`,
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
      // Expiry always tells the customer (the agent relays it; the customer's stream carries it).
      events.push({
        ...event,
        data: {
          ...event.data,
          waitedSeconds: secondsBetween(row.queued_at, at),
          customerMessage: EXPIRED_MESSAGE,
        },
      });
      expired.push(toHandoff(row));
    }
    return expired;
  });
}
