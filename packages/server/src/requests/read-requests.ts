/** Reading requests: one by id (a handoff id reads as a `handoff`/`transfer` request), a conversation's, and the open ones of a queue. */
import { BatonError } from '../errors.ts';
import { loadConversation, loadHandoff } from '../service/access.ts';
import type { ServiceContext } from '../service/context.ts';
import { mutate } from '../service/mutate.ts';
import type { HandoffRow } from '../service/rows.ts';
import type { Principal } from '../service/types.ts';
import { canSeeConversation } from '../service/visibility.ts';
import { lockRequest } from './answer-request.ts';
import { applyDeadline, isPastDeadline } from './apply-deadline.ts';
import { requestFromHandoff, toRequest, type RequestRow } from './request-rows.ts';
import type { AskStatus, BatonRequest } from './request-types.ts';

/** Applies a passed deadline now (so no reader sees an open request whose time is up). */
async function settleDeadline(
  context: ServiceContext,
  principal: Principal,
  row: RequestRow,
): Promise<BatonRequest> {
  const now = context.now();
  if (!isPastDeadline(row, now)) return toRequest(row);
  return mutate(context, async (tx, events) => {
    const locked = await lockRequest(tx, principal, row.id);
    if (!isPastDeadline(locked, now)) return toRequest(locked);
    return toRequest(await applyDeadline(context, tx, locked, events, now.toISOString()));
  });
}

/** One request; `request_not_found` when absent or hidden from the caller. */
export async function getRequest(
  context: ServiceContext,
  principal: Principal,
  requestId: string,
): Promise<BatonRequest> {
  if (requestId.startsWith('ho_')) {
    try {
      return requestFromHandoff(await loadHandoff(context.database, principal, requestId, false));
    } catch (error) {
      if (error instanceof BatonError && error.code === 'handoff_not_found') {
        throw new BatonError('request_not_found', `No request ${requestId}.`);
      }
      throw error;
    }
  }
  const row = (
    await context.database.query<RequestRow & { created_by_key_of_conversation: string }>(
      `SELECT r.*, c.created_by_key AS created_by_key_of_conversation
       FROM requests r JOIN conversations c ON c.id = r.conversation_id WHERE r.id = $1`,
      [requestId],
    )
  )[0];
  if (!row || !canSeeConversation(principal, row.created_by_key_of_conversation)) {
    throw new BatonError('request_not_found', `No request ${requestId}.`);
  }
  const { created_by_key_of_conversation: _hidden, ...request } = row;
  return settleDeadline(context, principal, request);
}

/** Every request of a conversation (consults, approvals, handoffs, transfers), oldest first. */
export async function listConversationRequests(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
): Promise<BatonRequest[]> {
  await loadConversation(context.database, principal, conversationId, false);
  const [asks, handoffs] = await Promise.all([
    context.database.query<RequestRow>(
      'SELECT * FROM requests WHERE conversation_id = $1 ORDER BY created_at',
      [conversationId],
    ),
    context.database.query<HandoffRow>(
      'SELECT * FROM handoffs WHERE conversation_id = $1 ORDER BY requested_at, queued_at',
      [conversationId],
    ),
  ]);
  const settled = await Promise.all(asks.map((row) => settleDeadline(context, principal, row)));
  return [...settled, ...handoffs.map(requestFromHandoff)].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
}

/** Consults and approvals for operators: by status (default `open`) and queue, most urgent and oldest first. */
export async function listRequests(
  context: ServiceContext,
  filter: { status?: AskStatus; queue?: string; kind?: 'consult' | 'approval'; limit?: number },
): Promise<BatonRequest[]> {
  const params: unknown[] = [filter.status ?? 'open'];
  const where = ['status = $1'];
  if (filter.queue !== undefined) {
    params.push(filter.queue);
    where.push(`queue = $${params.length}`);
  }
  if (filter.kind !== undefined) {
    params.push(filter.kind);
    where.push(`kind = $${params.length}`);
  }
  params.push(Math.min(Math.max(filter.limit ?? 100, 1), 500));
  const rows = await context.database.query<RequestRow>(
    `SELECT * FROM requests WHERE ${where.join(' AND ')}
     ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, created_at
     LIMIT $${params.length}`,
    params,
  );
  return rows.map(toRequest);
}
