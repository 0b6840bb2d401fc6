/**
 * Conversations with their outcomes in the replay format (replay/replay-format.ts), one object per
 * conversation, read page by page in (created_at, id) order (keyset pagination), so any number of
 * conversations streams in bounded memory: one page and its turns at a time.
 */
import type { Queryable } from '../../storage/database.ts';
import type { HandoffRow, TurnRow } from '../rows.ts';
import type { HandoffOutcome } from '../types.ts';

/** Conversations per page (with all their turns, at most 5,000 each by default). */
export const EXPORT_PAGE_SIZE = 100;

export interface ExportedHandoff {
  id: string;
  trigger: string;
  queue: string;
  status: string;
  requestedAt: string;
  claimedAt: string | null;
  endedAt: string | null;
  outcome: HandoffOutcome | null;
  repeatCount: number;
  transferredFrom: string | null;
}

/** One line of the export: a replay conversation whose `outcome` carries what Baton recorded. */
export interface ExportedConversation {
  id: string;
  customer: Record<string, unknown>;
  turns: Record<string, unknown>[];
  outcome: {
    /** The label replay measures on; absent when nothing recorded says either way. */
    shouldEscalate?: boolean;
    handoffs: ExportedHandoff[];
    rating: number | null;
    resolved: boolean | null;
    abandoned: boolean | null;
    shouldHaveEscalated: boolean | null;
  };
}

interface ExportConversationRow {
  id: string;
  customer: Record<string, unknown>;
  /** `created_at` as PostgreSQL prints it, microseconds kept, for the next page's key. */
  created_key: string;
  rating: number | null;
  resolved: boolean | null;
  abandoned: boolean | null;
  should_have_escalated: boolean | null;
}

type ExportHandoffRow = HandoffRow & { repeat_count: number };

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** Whether a conversation outcome says it ended badly (the same rule as the metrics' misses). */
export function isBadOutcome(
  outcome: Pick<ExportConversationRow, 'rating' | 'resolved' | 'abandoned' | 'should_have_escalated'>,
): boolean {
  return (
    outcome.should_have_escalated === true ||
    outcome.abandoned === true ||
    (outcome.rating !== null && outcome.rating <= 2) ||
    outcome.resolved === false
  );
}

/**
 * The label: true when a handoff was warranted or late, or the conversation should have escalated
 * (recorded, or a bad ending without a handoff: a miss); false when the handoffs were judged not
 * warranted, or the conversation ended well without one; absent otherwise.
 */
export function deriveShouldEscalate(
  handoffs: readonly { outcome: HandoffOutcome | null }[],
  conversation: ExportConversationRow,
): boolean | undefined {
  const judged = handoffs.filter((handoff) => handoff.outcome !== null).map((handoff) => handoff.outcome!);
  if (judged.some((outcome) => outcome.warranted || outcome.late === true)) return true;
  if (conversation.should_have_escalated === true) return true;
  const recorded =
    conversation.rating !== null ||
    conversation.resolved !== null ||
    conversation.abandoned !== null ||
    conversation.should_have_escalated !== null;
  if (handoffs.length === 0) return recorded ? isBadOutcome(conversation) : undefined;
  if (judged.length > 0) return false;
  return undefined;
}

function toReplayTurn(row: TurnRow): Record<string, unknown> {
  return { role: row.role, text: row.text, at: iso(row.at), ...row.details };
}

function toExportedHandoff(row: ExportHandoffRow): ExportedHandoff {
  return {
    id: row.id,
    trigger: row.trigger,
    queue: row.queue,
    status: row.status,
    requestedAt: iso(row.requested_at)!,
    claimedAt: iso(row.claimed_at),
    endedAt: iso(row.ended_at),
    outcome: row.outcome,
    repeatCount: Number(row.repeat_count),
    transferredFrom: row.transferred_from,
  };
}

/** Every conversation started at or after `since` (all when absent), oldest first. */
export async function* exportConversations(
  database: Queryable,
  options: { since?: string; pageSize?: number } = {},
): AsyncGenerator<ExportedConversation> {
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const page: ExportConversationRow[] = await database.query<ExportConversationRow>(
      `SELECT c.id, c.customer, c.created_at::text AS created_key, o.rating, o.resolved, o.abandoned, o.should_have_escalated
       FROM conversations c LEFT JOIN conversation_outcomes o ON o.conversation_id = c.id
       WHERE ($1::timestamptz IS NULL OR c.created_at >= $1)
         AND ($2::timestamptz IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::text))
       ORDER BY c.created_at, c.id
       LIMIT $4`,
      [options.since ?? null, after?.createdAt ?? null, after?.id ?? '', pageSize],
    );
    if (page.length === 0) return;
    const ids = page.map((row) => row.id);
    const [turns, handoffs] = await Promise.all([
      database.query<TurnRow>(
        'SELECT * FROM turns WHERE conversation_id = ANY($1::text[]) ORDER BY conversation_id, seq',
        [ids],
      ),
      database.query<ExportHandoffRow>(
        'SELECT * FROM handoffs WHERE conversation_id = ANY($1::text[]) ORDER BY requested_at, queued_at',
        [ids],
      ),
    ]);
    const turnsOf = groupBy(turns, (row) => row.conversation_id);
    const handoffsOf = groupBy(handoffs, (row) => row.conversation_id);
    for (const row of page) {
      const rowsOfHandoffs = handoffsOf.get(row.id) ?? [];
      const shouldEscalate = deriveShouldEscalate(rowsOfHandoffs, row);
      yield {
        id: row.id,
        customer: row.customer ?? {},
        turns: (turnsOf.get(row.id) ?? []).map(toReplayTurn),
        outcome: {
          ...(shouldEscalate === undefined ? {} : { shouldEscalate }),
          handoffs: rowsOfHandoffs.map(toExportedHandoff),
          rating: row.rating === null ? null : Number(row.rating),
          resolved: row.resolved,
          abandoned: row.abandoned,
          shouldHaveEscalated: row.should_have_escalated,
        },
      };
    }
    const last = page.at(-1)!;
    after = { createdAt: last.created_key, id: last.id };
    if (page.length < pageSize) return;
  }
}

function groupBy<Row>(rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
