/**
 * Outcomes of a whole conversation: the customer's 1–5 rating, and what the agent or an operator
 * records (resolved, abandoned, should have escalated). Both upsert one row per conversation and
 * merge with what is there, so sending the same request again changes nothing (idempotent).
 */
import type { Queryable } from '../../storage/database.ts';
import { loadConversation } from '../access.ts';
import type { ServiceContext } from '../context.ts';
import type { Principal } from '../types.ts';
import type { ConversationOutcome, ConversationOutcomeInput, RatingInput } from './outcome-types.ts';

type Timestamp = Date | string;

interface ConversationOutcomeRow {
  conversation_id: string;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  resolved: boolean | null;
  abandoned: boolean | null;
  should_have_escalated: boolean | null;
  notes: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp | null;
  updated_at: Timestamp;
}

const iso = (value: Timestamp | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function toConversationOutcome(row: ConversationOutcomeRow): ConversationOutcome {
  return {
    conversationId: row.conversation_id,
    rating: row.rating === null ? null : Number(row.rating),
    ratingComment: row.rating_comment,
    ratedAt: iso(row.rated_at),
    resolved: row.resolved,
    abandoned: row.abandoned,
    shouldHaveEscalated: row.should_have_escalated,
    notes: row.notes,
    recordedBy: row.recorded_by,
    recordedAt: iso(row.recorded_at),
    updatedAt: iso(row.updated_at)!,
  };
}

/** The conversation's outcome, or null when nothing was recorded. */
export async function readConversationOutcome(
  tx: Queryable,
  conversationId: string,
): Promise<ConversationOutcome | null> {
  const rows = await tx.query<ConversationOutcomeRow>(
    'SELECT * FROM conversation_outcomes WHERE conversation_id = $1',
    [conversationId],
  );
  return rows[0] ? toConversationOutcome(rows[0]) : null;
}

/** Stores the customer's rating (a second rating replaces the first); agent scope. */
export async function rateConversation(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
  input: RatingInput,
): Promise<ConversationOutcome> {
  const at = context.now().toISOString();
  return context.database.transaction(async (tx) => {
    await loadConversation(tx, principal, conversationId, false);
    // The time changes only when the rating does, so a retried request answers the same bytes.
    const rows = await tx.query<ConversationOutcomeRow>(
      `INSERT INTO conversation_outcomes (conversation_id, rating, rating_comment, rated_at, updated_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (conversation_id) DO UPDATE SET
         rating = excluded.rating,
         rating_comment = excluded.rating_comment,
         rated_at = CASE
           WHEN conversation_outcomes.rating IS NOT DISTINCT FROM excluded.rating
            AND conversation_outcomes.rating_comment IS NOT DISTINCT FROM excluded.rating_comment
           THEN coalesce(conversation_outcomes.rated_at, excluded.rated_at) ELSE excluded.rated_at END,
         updated_at = CASE
           WHEN conversation_outcomes.rating IS NOT DISTINCT FROM excluded.rating
            AND conversation_outcomes.rating_comment IS NOT DISTINCT FROM excluded.rating_comment
           THEN conversation_outcomes.updated_at ELSE excluded.updated_at END
       RETURNING *`,
      [conversationId, input.rating, input.comment ?? null, at],
    );
    return toConversationOutcome(rows[0]!);
  });
}

/** Merges what the agent or an operator says about the conversation; fields left out keep their value. */
export async function recordConversationOutcome(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
  input: ConversationOutcomeInput,
): Promise<ConversationOutcome> {
  const at = context.now().toISOString();
  return context.database.transaction(async (tx) => {
    await loadConversation(tx, principal, conversationId, false);
    const rows = await tx.query<ConversationOutcomeRow>(
      `INSERT INTO conversation_outcomes
         (conversation_id, resolved, abandoned, should_have_escalated, notes, recorded_by, recorded_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (conversation_id) DO UPDATE SET
         resolved = coalesce(excluded.resolved, conversation_outcomes.resolved),
         abandoned = coalesce(excluded.abandoned, conversation_outcomes.abandoned),
         should_have_escalated = coalesce(excluded.should_have_escalated, conversation_outcomes.should_have_escalated),
         notes = coalesce(excluded.notes, conversation_outcomes.notes),
         recorded_by = excluded.recorded_by,
         recorded_at = excluded.recorded_at,
         updated_at = excluded.updated_at
       RETURNING *`,
      [
        conversationId,
        input.resolved ?? null,
        input.abandoned ?? null,
        input.shouldHaveEscalated ?? null,
        input.notes ?? null,
        principal.name,
        at,
      ],
    );
    return toConversationOutcome(rows[0]!);
  });
}
