/**
 * Applies a move of a handoff or a transfer, read from the one transition table
 * (requests/transitions.ts). Every status change goes through `transitionHandoff`, one conditional
 * UPDATE whose `from` and `to` are the row's kind's line of the table; events come from these
 * transitions, never from scattered writes.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import {
  TRANSITIONS,
  canMove as canMoveKind,
  caseByKind,
  handoffKind,
  kindsStoredIn,
  lifecycleOf,
  openStatuses,
  type HandoffKind,
  type HandoffMove,
} from '../requests/transitions.ts';
import type { BatonEvent, HandoffStatus } from './types.ts';
import type { HandoffRow } from './rows.ts';

export type { HandoffMove, Transition } from '../requests/transitions.ts';

/** The moves of a plain handoff, as the table has them (a transfer's are the same line by line). */
export const HANDOFF_TRANSITIONS = TRANSITIONS.handoff.moves;

/** The kinds stored in `handoffs`. */
const HANDOFF_KINDS = kindsStoredIn('handoffs') as HandoffKind[];

/** The row's kind in SQL: `transfer` when a transfer queued it. */
const KIND_SQL = `(CASE WHEN transferred_from IS NULL THEN 'handoff' ELSE 'transfer' END)`;

/** Statuses a handoff can still leave: at most one per conversation. */
export const OPEN_STATUSES = openStatuses('handoff') as HandoffStatus[];

/** Whether `move` is allowed from `status` for a handoff of `kind` (a plain handoff by default). */
export function canMove(status: HandoffStatus, move: HandoffMove, kind: HandoffKind = 'handoff'): boolean {
  return canMoveKind(kind, status, move);
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
  const params: unknown[] = [handoffId];
  const line = (kind: HandoffKind) => lifecycleOf(kind).moves[move]!;
  const from = caseByKind(KIND_SQL, HANDOFF_KINDS, (kind) => line(kind).from, params, 'text[]');
  const sets = [`status = ${caseByKind(KIND_SQL, HANDOFF_KINDS, (kind) => line(kind).to, params, 'text')}`];
  for (const column of PATCHABLE) {
    if (patch[column] === undefined) continue;
    params.push(column === 'outcome' ? JSON.stringify(patch[column]) : patch[column]);
    sets.push(`${column} = $${params.length}`);
  }
  const rows = await tx.query<HandoffRow>(
    `UPDATE handoffs SET ${sets.join(', ')} WHERE id = $1 AND status = ANY(${from}) RETURNING *`,
    params,
  );
  const row = rows[0];
  if (row) {
    return {
      row,
      event: {
        type: line(handoffKind(row)).event,
        conversationId: row.conversation_id,
        handoffId: row.id,
        queue: row.queue,
        at,
        data: { status: row.status },
      },
    };
  }
  const current = (
    await tx.query<{ status: HandoffStatus; claimed_by: string | null; transferred_from: string | null }>(
      'SELECT status, claimed_by, transferred_from FROM handoffs WHERE id = $1',
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
    allowedFrom: line(handoffKind(current)).from,
  });
}

/** An event waiting to be appended at the end of its transaction (ids are assigned there). */
export type PendingEvent = Omit<BatonEvent, 'id'>;
