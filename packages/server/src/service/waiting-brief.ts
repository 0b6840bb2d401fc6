/**
 * The brief of a handoff waiting in its queue follows what the customer adds. It is rebuilt inside
 * the turn's transaction (under the conversation's lock, which orders the turns), but written after
 * that transaction commits, in one statement of its own: a turn never holds a handoff's lock, so a
 * claim (conversation first, then handoff) never waits on a turn that waits on it. The write keeps
 * only a brief built from a later turn than the stored one, and only while the handoff still waits.
 */
import type { Brief } from '@baton/engine';
import type { Queryable } from '../storage/database.ts';

/** A rebuilt brief waiting to be stored: for which handoff, built through which turn. */
export interface WaitingBriefUpdate {
  handoffId: string;
  brief: Brief;
  /** The seq of the newest turn the brief includes. */
  seq: number;
}

/**
 * Stores a rebuilt brief unless the handoff was claimed (or ended) meanwhile or holds a newer one.
 * A failure is swallowed: the turn is stored, and the next turn's rebuild includes it anyway.
 */
export async function storeWaitingBrief(database: Queryable, update: WaitingBriefUpdate): Promise<void> {
  await database
    .query(
      `UPDATE handoffs SET brief = $2, brief_seq = $3
       WHERE id = $1 AND status = 'queued' AND (brief_seq IS NULL OR brief_seq < $3)`,
      [update.handoffId, JSON.stringify(update.brief), update.seq],
    )
    .catch(() => undefined);
}
