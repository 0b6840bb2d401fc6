/**
 * The handoff's life as one explicit table: each move names the statuses it may start from, the
 * status it leads to, and the event it emits. Every status change goes through `transitionHandoff`,
 * one conditional UPDATE; events come from these transitions, never from scattered writes.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import type { BatonEvent, HandoffStatus } from './types.ts';
import type { HandoffRow } from './rows.ts';

export type HandoffMove =
  'claim' | 'resolve' | 'return' | 'transfer' | 'abandon' | 'expire' | 'assign' | 'take-over';

export interface Transition {
  from: readonly HandoffStatus[];
  to: HandoffStatus;
  event: BatonEvent['type'];
}

/** The whole lifecycle. A transfer ends this handoff and queues a new one in the target queue. */
export const HANDOFF_TRANSITIONS: Readonly<Record<HandoffMove, Transition>> = {
  claim: { from: ['queued'], to: 'claimed', event: 'handoff-claimed' },
  resolve: { from: ['claimed'], to: 'resolved', event: 'handoff-resolved' },
  return: { from: ['claimed'], to: 'returned', event: 'handoff-returned' },
  transfer: { from: ['claimed'], to: 'transferred', event: 'handoff-transferred' },
  abandon: { from: ['queued', 'claimed'], to: 'abandoned', event: 'handoff-abandoned' },
  expire: { from: ['queued'], to: 'expired', event: 'handoff-expired' },
  // Collaboration (assign-handoff.ts): the claim goes to a named colleague, or a lead takes it.
  assign: { from: ['queued', 'claimed'], to: 'claimed', event: 'handoff-assigned' },
  'take-over': { from: ['claimed'], to: 'claimed', event: 'handoff-taken-over' },
};

/** Statuses a handoff can still leave: at most one per conversation. */
export const OPEN_STATUSES: readonly HandoffStatus[] = ['queued', 'claimed'];

/** Whether `move` is allowed from `status`. */
export function canMove(status: HandoffStatus, move: HandoffMove): boolean {
  return HANDOFF_TRANSITIONS[move].from.includes(status);
}

/** Columns a move may set besides `status`, as SQL parameters. */
export interface TransitionPatch {
  claimed_at?: string;
  claimed_by?: string;
  claimed_by_key?: string;
  ended_at?: string;
  outcome?: unknown;
}

const PATCHABLE = ['claimed_at', 'claimed_by', 'claimed_by_key', 'ended_at', 'outcome'] as const;

/**
 * Applies `move` to the handoff in one conditional UPDATE (the row is changed only if its status is
 * still one the move starts from), and returns the new row with the event to append. When no row
 * changes, explains why: not found, claimed by someone else, or an invalid move.
 */
export async function transitionHandoff(
  tx: Queryable,
  handoffId: string,
  move: HandoffMove,
  patch: TransitionPatch,
  at: string,
): Promise<{ row: HandoffRow; event: PendingEvent }> {
  const transition = HANDOFF_TRANSITIONS[move];
  const sets = ['status = $3'];
  const params: unknown[] = [handoffId, transition.from, transition.to];
  for (const column of PATCHABLE) {
    if (patch[column] === undefined) continue;
    params.push(column === 'outcome' ? JSON.stringify(patch[column]) : patch[column]);
    sets.push(`${column} = $${params.length}`);
  }
  const rows = await tx.query<HandoffRow>(
    `UPDATE handoffs SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`,
    params,
  );
  const row = rows[0];
  if (row) {
    return {
      row,
      event: {
        type: transition.event,
        conversationId: row.conversation_id,
        handoffId: row.id,
        queue: row.queue,
        at,
        data: { status: row.status },
      },
    };
  }
  const current = (
    await tx.query<{ status: HandoffStatus; claimed_by: string | null }>(
      'SELECT status, claimed_by FROM handoffs WHERE id = $1',
      [handoffId],
    )
  )[0];
  if (!current) throw new BatonError('handoff_not_found', `No handoff ${handoffId}.`);
  if (move === 'claim' && current.status === 'claimed') {
    throw new BatonError(
      'already_claimed',
      `Handoff ${handoffId} was already claimed by ${current.claimed_by}.`,
      {
        claimedBy: current.claimed_by,
      },
    );
  }
  throw new BatonError('invalid_transition', `A handoff that is ${current.status} cannot ${move}.`, {
    status: current.status,
    move,
    allowedFrom: transition.from,
  });
}

/** An event waiting to be appended at the end of its transaction (ids are assigned there). */
export type PendingEvent = Omit<BatonEvent, 'id'>;
