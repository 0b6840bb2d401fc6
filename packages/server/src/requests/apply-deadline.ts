/**
 * Deadlines: a request still open at its deadline ends `timed_out`, and its stored `onDeadline`
 * says how (a default answer, an escalation to a handoff, or a plain cancel). Deadlines are rows,
 * not timers: housekeeping applies every one that has passed, so a deadline that passed while no
 * server ran is applied on restart; reading or answering a request past its deadline applies it
 * first, so nobody sees an open request whose time is up.
 */
import { openHandoff } from '../service/access.ts';
import { buildHandoffBrief } from '../service/brief.ts';
import { defaultQueue, type ServiceContext } from '../service/context.ts';
import { insertHandoff } from '../service/create-handoff.ts';
import type { PendingEvent } from '../service/handoff-transitions.ts';
import { mutate } from '../service/mutate.ts';
import { waitingInfo } from '../service/queue-wait.ts';
import type { Queryable } from '../storage/database.ts';
import type { ConversationRow } from '../service/rows.ts';
import { toRequest, type RequestRow } from './request-rows.ts';
import { transitionRequest } from './request-transitions.ts';
import type { BatonRequest } from './request-types.ts';
import { defaultDeadlineAction } from './validate-request.ts';

/** The trigger recorded on handoffs a request's deadline escalated to. */
export const ESCALATED_TRIGGER = 'request_escalated';

/** Whether the open request's deadline has passed at `now`. */
export function isPastDeadline(row: RequestRow, now: Date): boolean {
  return (
    row.status === 'open' && row.deadline_at !== null && new Date(row.deadline_at).getTime() <= now.getTime()
  );
}

/**
 * Ends one open request at its deadline (the caller holds the conversation's lock, then the
 * request's). Escalation opens a handoff for the question unless one is open already.
 */
export async function applyDeadline(
  context: ServiceContext,
  tx: Queryable,
  row: RequestRow,
  events: PendingEvent[],
  at: string,
): Promise<RequestRow> {
  const onDeadline = row.on_deadline ?? defaultDeadlineAction(row.kind);
  if (onDeadline.action === 'default') {
    const moved = await transitionRequest(
      tx,
      row.id,
      'time-out',
      { answer: onDeadline.answer, answeredBy: 'deadline', deadlineOutcome: 'default' },
      at,
    );
    events.push(moved.event);
    return moved.row;
  }
  if (onDeadline.action === 'cancel') {
    const moved = await transitionRequest(tx, row.id, 'time-out', { deadlineOutcome: 'cancel' }, at);
    events.push(moved.event);
    return moved.row;
  }
  let handoffId = (await openHandoff(tx, row.conversation_id))?.id;
  if (!handoffId) {
    const conversation = (
      await tx.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [row.conversation_id])
    )[0]!;
    const policy = await context.policies.current(tx);
    const reason = `No answer in time to: ${row.question}`;
    const brief = await buildHandoffBrief(tx, {
      conversation,
      trigger: ESCALATED_TRIGGER,
      reason,
      firings: [],
      at,
    });
    const queue = onDeadline.queue ?? row.queue;
    const created = await insertHandoff(tx, {
      conversationId: row.conversation_id,
      priority: row.priority,
      queue: context.queues.includes(queue) ? queue : defaultQueue(context),
      trigger: ESCALATED_TRIGGER,
      reason,
      signal: null,
      firings: [],
      requestedAt: at,
      queuedAt: at,
      policyVersion: policy.version,
      brief,
    });
    await tx.query(`UPDATE conversations SET status = 'waiting', updated_at = $2 WHERE id = $1`, [
      row.conversation_id,
      at,
    ]);
    const info = await waitingInfo(context, tx, created.row);
    Object.assign(created.event.data, {
      position: info.position,
      estimatedWaitSeconds: info.estimatedWaitSeconds,
      requestId: row.id,
    });
    events.push(created.event);
    handoffId = created.row.id;
  }
  const moved = await transitionRequest(
    tx,
    row.id,
    'time-out',
    { deadlineOutcome: 'escalate', escalatedHandoffId: handoffId },
    at,
  );
  events.push(moved.event);
  return moved.row;
}

/**
 * Applies every passed deadline (at most 500 a round). Conversation and request rows are locked in
 * the one lock order, with SKIP LOCKED: a request being answered right now is left to that answer
 * (which applies the deadline itself if it comes too late), and the sweep never waits on anyone.
 */
export async function applyRequestDeadlines(context: ServiceContext): Promise<BatonRequest[]> {
  const now = context.now();
  const at = now.toISOString();
  return mutate(context, async (tx, events) => {
    const due = await tx.query<RequestRow>(
      `SELECT r.* FROM conversations c JOIN requests r ON r.conversation_id = c.id
       WHERE r.status = 'open' AND r.deadline_at <= $1 ORDER BY r.deadline_at LIMIT 500
       FOR NO KEY UPDATE OF c, r SKIP LOCKED`,
      [at],
    );
    const ended: BatonRequest[] = [];
    for (const row of due) ended.push(toRequest(await applyDeadline(context, tx, row, events, at)));
    return ended;
  });
}
