/** Creating a request on a conversation: a consult or an approval row, or (kind `handoff`) a handoff. */
import { BatonError } from '../errors.ts';
import { loadConversation } from '../service/access.ts';
import { checkQueue, defaultQueue, type ServiceContext } from '../service/context.ts';
import { newId } from '../service/ids.ts';
import { mutate } from '../service/mutate.ts';
import { requestHandoff } from '../service/request-handoff.ts';
import type { Principal, WriteOptions } from '../service/types.ts';
import { requestFromHandoff, toRequest, type RequestRow } from './request-rows.ts';
import type { CreateRequestInput, CreatedRequest, PendingAction, RequestOptions } from './request-types.ts';
import { checkAnswer, deadlineOf, defaultDeadlineAction } from './validate-request.ts';

/** The question an operator reads for an approval that brings none: the actions with their arguments. */
export function describeActions(actions: readonly PendingAction[]): string {
  return `Approve before the agent runs: ${actions.map((action) => `${action.toolName}(${JSON.stringify(action.args)})`).join('; ')}`;
}

/**
 * Creates the request. Consults and approvals leave the agent talking (`agentShouldReply` stays true
 * on its turns); a handoff silences it once claimed, as every handoff does.
 */
export async function createRequest(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
  input: CreateRequestInput,
  options: WriteOptions = {},
): Promise<CreatedRequest> {
  if (input.kind === 'handoff') {
    const created = await requestHandoff(context, principal, {
      conversationId,
      reason: input.summary,
      ...(input.priority ? { priority: input.priority } : {}),
      ...(input.queue ? { queue: input.queue } : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
    const row = (
      await context.database.query<Parameters<typeof requestFromHandoff>[0]>(
        'SELECT * FROM handoffs WHERE id = $1',
        [created.handoff.id],
      )
    )[0]!;
    return { request: requestFromHandoff(row), customerMessage: created.customerMessage };
  }
  const queue = input.queue ?? defaultQueue(context);
  checkQueue(context, queue);
  const now = context.now();
  const at = now.toISOString();
  const deadline = deadlineOf(input, now);
  if (input.onDeadline && deadline === null) {
    throw new BatonError('invalid_request', 'onDeadline needs a deadline (or timeoutSeconds).');
  }
  const requestOptions: RequestOptions =
    input.kind === 'approval'
      ? { actions: input.actions, allowEdit: input.allowEdit ?? true }
      : {
          ...(input.choices ? { choices: input.choices } : {}),
          freeText: input.freeText ?? true,
        };
  if (input.kind === 'consult' && requestOptions.freeText === false && !requestOptions.choices?.length) {
    throw new BatonError('invalid_request', 'A consult without free text needs choices.');
  }
  const onDeadline = deadline === null ? null : (input.onDeadline ?? defaultDeadlineAction(input.kind));
  if (onDeadline?.action === 'default') {
    try {
      checkAnswer(input.kind, requestOptions, onDeadline.answer);
    } catch (error) {
      if (error instanceof BatonError) {
        throw new BatonError('invalid_request', `onDeadline.answer: ${error.message}`);
      }
      throw error;
    }
  }
  if (onDeadline?.action === 'escalate' && onDeadline.queue) checkQueue(context, onDeadline.queue);
  const question =
    input.kind === 'approval' ? (input.question ?? describeActions(input.actions)) : input.question;
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'request', conversationId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const conversation = await loadConversation(tx, principal, conversationId, true);
    const rows = await tx.query<RequestRow>(
      `INSERT INTO requests (id, conversation_id, kind, status, question, options, queue, priority, created_by,
         created_by_key, created_at, deadline_at, on_deadline)
       VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        newId('rq'),
        conversation.id,
        input.kind,
        question,
        JSON.stringify(requestOptions),
        queue,
        input.priority ?? (input.kind === 'approval' ? 'high' : 'normal'),
        principal.name,
        principal.keyId,
        at,
        deadline,
        onDeadline === null ? null : JSON.stringify(onDeadline),
      ],
    );
    const row = rows[0]!;
    events.push({
      type: 'request-created',
      conversationId: row.conversation_id,
      handoffId: null,
      queue: row.queue,
      at,
      data: {
        requestId: row.id,
        kind: row.kind,
        status: row.status,
        priority: row.priority,
        question: row.question,
        deadline,
      },
    });
    return { request: toRequest(row), customerMessage: null };
  });
}
