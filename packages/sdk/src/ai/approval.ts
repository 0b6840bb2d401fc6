/**
 * Baton's `approval` decision wired to the AI SDK's tool approval (`needsApproval`, ai 6). As a
 * tool's `needsApproval`, `batonApproval` reports the pending call to Baton and holds it when the
 * policy reserves the tool for an operator; `resolveApprovalRequests` asks an operator about every
 * held call of a result and returns the tool message with the answers, to append before the next
 * `generateText` (which then runs the approved calls and tells the model about the refused ones).
 */
import type { ToolModelMessage } from 'ai';
import {
  askForApproval,
  needsApproval,
  refusalMessage,
  reportPendingAction,
  type ApprovalAnswer,
  type ApprovalClient,
  type AskOptions,
  type PendingAction,
} from '../approval.ts';

/** A `needsApproval` for the tool `toolName`: true when Baton's decision on the call is `approval`. */
export function batonApproval(
  client: Pick<ApprovalClient, 'postTurn'>,
  conversationId: string,
  toolName: string,
) {
  return async (input: unknown, options: { toolCallId: string }): Promise<boolean> => {
    const args = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : { input };
    const decision = await reportPendingAction(client, conversationId, {
      toolName,
      args,
      callId: options.toolCallId,
    });
    return needsApproval(decision, toolName);
  };
}

/** The parts of a `generateText` result this needs: its content, with any approval requests. */
export interface ResultWithApprovals {
  content: ReadonlyArray<{ type: string }>;
}

interface ApprovalRequestPart {
  type: 'tool-approval-request';
  approvalId: string;
  toolCall: { toolName: string; toolCallId: string; input: unknown };
}

function isApprovalRequest(part: { type: string }): part is ApprovalRequestPart {
  return part.type === 'tool-approval-request';
}

/**
 * Asks an operator through Baton (one approval request for every held call of the result) and
 * returns the answer and the tool message to append to the history, or null when nothing was held.
 * An `edit` answer is sent to the model as "run this instead" (the AI SDK cannot change the
 * arguments of an approved call).
 */
export async function resolveApprovalRequests(
  result: ResultWithApprovals,
  client: ApprovalClient,
  conversationId: string,
  options: AskOptions = {},
): Promise<{ answer: ApprovalAnswer; message: ToolModelMessage } | null> {
  const requests = result.content.filter(isApprovalRequest);
  if (requests.length === 0) return null;
  const actions: PendingAction[] = requests.map(({ toolCall }) => ({
    toolName: toolCall.toolName,
    args:
      toolCall.input !== null && typeof toolCall.input === 'object'
        ? (toolCall.input as Record<string, unknown>)
        : { input: toolCall.input },
    callId: toolCall.toolCallId,
  }));
  const answer = await askForApproval(client, conversationId, actions, options);
  // The AI SDK runs an approved call with the model's own arguments; edited arguments go back to the
  // model as a refusal that names the call to make instead.
  const runs = answer.reason === 'approved';
  const reason = runs ? (answer.note ?? 'approved by an operator') : refusalMessage(answer, actions);
  return {
    answer,
    message: {
      role: 'tool',
      content: requests.map((request) => ({
        type: 'tool-approval-response' as const,
        approvalId: request.approvalId,
        approved: runs,
        reason,
      })),
    },
  };
}
