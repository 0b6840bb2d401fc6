/**
 * The one place a handoff's brief is built: when the handoff is created, and again while it waits
 * in the queue (the customer may add facts). Extractive and deterministic (the engine's
 * `buildBrief`); masked before it is stored, so no derived copy holds a card number or a secret.
 */
import { buildBrief, measureFrustration, viewText, type Brief, type Firing, type Turn } from '@baton/engine';
import type { Queryable } from '../storage/database.ts';
import { countPriorHandoffs } from './prior-handoffs.ts';
import { briefHandBacks } from '../requests/hand-back-brief.ts';
import { withDetectedLanguage } from './language-detection.ts';
import type { ConversationRow, TurnRow } from './rows.ts';

export interface BriefInput {
  conversation: ConversationRow;
  trigger: string;
  reason: string;
  firings: Firing[];
  at: string;
  /** Turns not yet written (the turn being posted now), appended after the stored ones. */
  pendingTurns?: Turn[];
  /** When the handoff started waiting (defaults to `at`). */
  waitingSince?: string;
  /** When the handoff was requested, for a handoff that exists already (defaults to `at`). */
  requestedAt?: string;
}

function toEngineTurn(row: TurnRow): Turn {
  const at = row.at instanceof Date ? row.at.toISOString() : new Date(row.at).toISOString();
  return { ...row.details, role: row.role, text: row.text, at };
}

/** Frustration per turn (customer turns only), the way the engine measures it, for the brief's sentiment. */
function frustrationOf(turns: readonly Turn[]): (number | null)[] {
  const recent: number[] = [];
  return turns.map((turn) => {
    if (turn.role !== 'customer') return null;
    const score = measureFrustration(viewText(turn.text), recent).score;
    recent.push(score);
    if (recent.length > 5) recent.shift();
    return score;
  });
}

/** Builds the brief for a handoff from the stored thread plus any turn being posted now. */
export async function buildHandoffBrief(tx: Queryable, input: BriefInput): Promise<Brief> {
  const { conversation } = input;
  // The turn being posted may carry new customer attributes (an id, a count of prior handoffs).
  // The language given, else the one detected from the customer's turns (language-detection.ts).
  const customer = Object.assign(
    {},
    withDetectedLanguage(conversation.customer, conversation.detected_language),
    ...(input.pendingTurns ?? []).map((turn) => turn.customer ?? {}),
  );
  // One after the other: `tx` is often a transaction's single connection, which runs one query at a time.
  const rows = await tx.query<TurnRow>('SELECT * FROM turns WHERE conversation_id = $1 ORDER BY seq', [
    conversation.id,
  ]);
  const priorHandoffs = await countPriorHandoffs(tx, {
    conversationId: conversation.id,
    customer,
    before: input.requestedAt ?? input.at,
  });
  const handBacks = await briefHandBacks(tx, conversation.id);
  const turns = [...rows.map(toEngineTurn), ...(input.pendingTurns ?? [])];
  const reasons =
    input.firings.length > 0
      ? input.firings.filter((firing) => !firing.shadow)
      : [
          {
            trigger: input.trigger,
            signal: 'agent_requested' as const,
            action: 'handoff' as const,
            priority: 'normal' as const,
            queue: 'general',
            shadow: false,
            evidence: [input.reason],
          },
        ];
  const brief = buildBrief({
    conversationId: conversation.id,
    customer: { ...customer, priorHandoffs },
    turns,
    firings: reasons,
    frustration: frustrationOf(turns),
    priorHandoffs,
    waitingSince: input.waitingSince ?? input.at,
    now: input.at,
  });
  // What operators did and promised in earlier hand-backs of this conversation, so the next one
  // neither repeats nor contradicts it.
  return handBacks.length > 0 ? ({ ...brief, handBacks } as Brief) : brief;
}
