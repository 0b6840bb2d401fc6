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
 * Asks an operator through Baton (one handoff for every held call of the result) and returns the
 * answer and the tool message to append to the history, or null when nothing was held.
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
  const reason = answer.approved
    ? (answer.note ?? 'approved by an operator')
    : `An operator did not approve this action${answer.note ? `: ${answer.note}` : ` (${answer.reason})`}. Do not try it again; tell the customer a person will follow up.`;
  return {
    answer,
    message: {
      role: 'tool',
      content: requests.map((request) => ({
        type: 'tool-approval-response' as const,
        approvalId: request.approvalId,
        approved: answer.approved,
        reason,
      })),
    },
  };
}
