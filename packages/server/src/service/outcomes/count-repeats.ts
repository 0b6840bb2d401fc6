/**
 * "The customer had to repeat": after an operator claimed a handoff, each customer turn and operator
 * reply is checked against the handoff's brief (the engine's `findRepeats`), and what it finds is
 * added to the handoff's `repeats`, keyed by the turn's position so a retried request adds nothing.
 * Turns while the handoff waits are not counted: the brief is rebuilt with them, so the operator
 * sees them anyway.
 */
import { findRepeats, type Brief, type Turn } from '@baton/engine';
import type { Queryable } from '../../storage/database.ts';
import type { StoredTurn } from '../types.ts';

/** One repeat as stored on the handoff (values are the brief's, so masked). */
export interface StoredRepeat {
  seq: number;
  kind: 'operator_asked' | 'customer_restated';
  factType: string;
  value: string;
}

function isBrief(value: unknown): value is Brief {
  return typeof value === 'object' && value !== null && Array.isArray((value as Brief).facts);
}

/** The repeats a turn makes against the brief; none when there is no brief. */
export function repeatsOfTurn(brief: unknown, turn: StoredTurn): StoredRepeat[] {
  if (!isBrief(brief) || (turn.role !== 'customer' && turn.role !== 'operator')) return [];
  const { id: _id, conversationId: _conversation, seq, author: _author, ...fields } = turn;
  const engineTurn = fields as Turn;
  return findRepeats(brief, engineTurn, seq).map((repeat) => ({ seq, ...repeat }));
}

/** Adds the repeats of one turn to the handoff, once per turn. */
export async function addRepeats(tx: Queryable, handoffId: string, repeats: StoredRepeat[]): Promise<void> {
  if (repeats.length === 0) return;
  const seq = repeats[0]!.seq;
  await tx.query(
    `UPDATE handoffs SET repeats = repeats || $2::jsonb, repeat_count = repeat_count + $3
     WHERE id = $1 AND NOT repeats @> $4::jsonb`,
    [handoffId, JSON.stringify(repeats), repeats.length, JSON.stringify([{ seq }])],
  );
}

/** After a turn was posted: counts the customer's restatements while an operator owns the conversation. */
export async function countTurnRepeats(
  database: Queryable,
  result: { turn: StoredTurn; handoff: { id: string; status: string; brief: unknown } | null },
): Promise<void> {
  const { turn, handoff } = result;
  if (!handoff || handoff.status !== 'claimed' || turn.role !== 'customer') return;
  await addRepeats(database, handoff.id, repeatsOfTurn(handoff.brief, turn));
}

/** After an operator replied: counts questions for what the brief already held. */
export async function countReplyRepeats(
  database: Queryable,
  handoffId: string,
  turn: StoredTurn,
): Promise<void> {
  const rows = await database.query<{ brief: unknown }>('SELECT brief FROM handoffs WHERE id = $1', [
    handoffId,
  ]);
  await addRepeats(database, handoffId, repeatsOfTurn(rows[0]?.brief ?? null, turn));
}
