/** Read use cases: a whole conversation, a handoff, the handoffs list (urgency aged by waiting time). */
import { currentQueueConfig } from './queue-config.ts';
import { agedOrderSql } from './routing-order.ts';
import { BatonError } from '../errors.ts';
import { loadConversation, loadHandoff } from './access.ts';
import type { ServiceContext } from './context.ts';
import {
  toConversation,
  toHandoff,
  toNote,
  toTurn,
  type HandoffRow,
  type NoteRow,
  type TurnRow,
} from './rows.ts';
import type { ConversationView, Handoff, HandoffStatus, Principal } from './types.ts';

const HANDOFF_STATUSES: readonly HandoffStatus[] = [
  'queued',
  'claimed',
  'resolved',
  'returned',
  'transferred',
  'abandoned',
  'expired',
];

/** The whole thread: turns in order, handoffs, notes (an agent key sees no internal notes). */
export async function getConversation(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
): Promise<ConversationView> {
  const database = context.database;
  const conversation = await loadConversation(database, principal, conversationId, false);
  const [turns, handoffs, notes] = await Promise.all([
    database.query<TurnRow>('SELECT * FROM turns WHERE conversation_id = $1 ORDER BY seq', [conversationId]),
    database.query<HandoffRow>(
      'SELECT * FROM handoffs WHERE conversation_id = $1 ORDER BY requested_at, queued_at',
      [conversationId],
    ),
    database.query<NoteRow>(
      `SELECT * FROM notes WHERE conversation_id = $1 AND ($2::boolean OR kind <> 'internal') ORDER BY position`,
      [conversationId, principal.scope !== 'agent'],
    ),
  ]);
  return {
    ...toConversation(conversation),
    turns: turns.map(toTurn),
    handoffs: handoffs.map(toHandoff),
    notes: notes.map(toNote),
  };
}

/** One handoff. */
export async function getHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
): Promise<Handoff> {
  return toHandoff(await loadHandoff(context.database, principal, handoffId, false));
}

/** Handoffs by urgency then waiting time; an agent key sees only its conversations' handoffs. */
export async function listHandoffs(
  context: ServiceContext,
  principal: Principal,
  filter: { status?: HandoffStatus; queue?: string; limit?: number },
): Promise<Handoff[]> {
  if (filter.status !== undefined && !HANDOFF_STATUSES.includes(filter.status)) {
    throw new BatonError('invalid_request', `Unknown handoff status ${String(filter.status)}.`);
  }
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.status !== undefined) {
    params.push(filter.status);
    where.push(`h.status = $${params.length}`);
  }
  if (filter.queue !== undefined) {
    params.push(filter.queue);
    // A handoff the acceptance ladder widened to this queue shows here too.
    where.push(`(h.queue = $${params.length} OR $${params.length} = ANY(h.widened_to))`);
  }
  if (principal.scope === 'agent') {
    params.push(principal.keyId);
    where.push(`c.created_by_key = $${params.length}`);
  }
  params.push(Math.min(Math.max(1, filter.limit ?? 100), 500));
  // Urgency, then waiting time: aged by the queue configuration (routing-order.ts).
  const config = await currentQueueConfig(context.database);
  const rows = await context.database.query<HandoffRow>(
    `SELECT h.* FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${agedOrderSql('h', config.agingSecondsPerRank)} LIMIT $${params.length}`,
    params,
  );
  return rows.map(toHandoff);
}
