/**
 * Search over conversations for the console: the words anyone said (customer, agent, operator) and
 * the customer's name, case-insensitive (ILIKE, the same on PostgreSQL and PGlite), open and closed
 * alike, one hit per conversation with its newest handoff (and so its outcome).
 */
import { toHandoff, type HandoffRow } from './rows.ts';
import type { ServiceContext } from './context.ts';
import type { Handoff, Principal } from './types.ts';

export interface ConversationHit {
  conversationId: string;
  customerName: string | null;
  conversationStatus: string;
  snippet: string;
  at: string;
  latestHandoff: Handoff | null;
}

/** `%`, `_` and `\` match themselves. */
const likePattern = (words: string) => `%${words.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** Words around the first match, so the hit shows why it matched. */
export function snippetAround(text: string, words: string, width = 140): string {
  const at = text.toLowerCase().indexOf(words.toLowerCase());
  if (text.length <= width || at < 0) return text.length <= width ? text : `${text.slice(0, width)}…`;
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), text.length - width));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + width)}${start + width < text.length ? '…' : ''}`;
}

export async function searchConversations(
  context: ServiceContext,
  _principal: Principal,
  query: { q: string; limit?: number },
): Promise<ConversationHit[]> {
  const words = query.q.trim();
  const limit = Math.min(Math.max(1, query.limit ?? 20), 100);
  const pattern = likePattern(words);
  const rows = await context.database.query<{
    conversation_id: string;
    customer_name: string | null;
    status: string;
    text: string;
    at: Date | string;
  }>(
    `SELECT conversation_id, customer_name, status, text, at FROM (
       SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.customer_name, m.status, m.text, m.at
       FROM (
         SELECT t.conversation_id, c.customer->>'name' AS customer_name, c.status, t.text, t.at
         FROM turns t JOIN conversations c ON c.id = t.conversation_id
         WHERE t.role <> 'system' AND t.text ILIKE $1 ESCAPE '\\'
         UNION ALL
         SELECT c.id, c.customer->>'name', c.status, c.customer->>'name', c.updated_at
         FROM conversations c
         WHERE c.customer->>'name' ILIKE $1 ESCAPE '\\'
       ) m
       ORDER BY m.conversation_id, m.at DESC
     ) hits
     ORDER BY at DESC, conversation_id LIMIT $2`,
    [pattern, limit],
  );
  if (rows.length === 0) return [];
  const handoffs = await context.database.query<HandoffRow>(
    `SELECT DISTINCT ON (conversation_id) * FROM handoffs
     WHERE conversation_id = ANY($1::text[])
     ORDER BY conversation_id, requested_at DESC, queued_at DESC`,
    [rows.map((row) => row.conversation_id)],
  );
  const latest = new Map(handoffs.map((row) => [row.conversation_id, toHandoff(row)]));
  return rows.map((row) => ({
    conversationId: row.conversation_id,
    customerName: row.customer_name,
    conversationStatus: row.status,
    snippet: snippetAround(row.text, words),
    at: iso(row.at),
    latestHandoff: latest.get(row.conversation_id) ?? null,
  }));
}
