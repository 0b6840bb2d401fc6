/**
 * `@baton/sdk/openai-agents`: Baton for the OpenAI Agents SDK. `batonHandoffTool` lets the model ask
 * for a person. `batonApproval` wires Baton's `approval` decision to the SDK's tool approval: as
 * the tool's `needsApproval`, it reports the pending call to Baton, and the run stops with an
 * interruption when the policy reserves that tool for an operator; `resolveApprovals` then asks an
 * operator and approves or rejects each interruption on the run state, ready to resume.
 */
import { tool, type FunctionTool, type RunToolApprovalItem } from '@openai/agents';
import { z } from 'zod';
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
import { BatonApiError } from '../errors.ts';
import { PrioritySchema, type Handoff, type RequestHandoffResponse } from '../schemas.ts';

export {
  readApproval,
  type ApprovalAnswer,
  type ApprovalClient,
  type AskOptions,
  type PendingAction,
} from '../approval.ts';

/** What the handoff tool needs of a client. */
export interface HandoffRequester {
  requestHandoff(
    conversationId: string,
    request: { reason: string; priority?: Handoff['priority']; queue?: string },
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<RequestHandoffResponse>;
}

const handoffParameters = z.object({
  reason: z.string().min(1).max(2_000).describe('Why a person is needed, for the operator to read first.'),
  // The Agents SDK's strict schemas need every field present: null means "the default".
  priority: PrioritySchema.nullable().describe('low, normal, high or urgent; null for normal.'),
});

/** An Agents SDK tool (`request_person`) that asks Baton for a person in this conversation. */
export function batonHandoffTool(
  client: HandoffRequester,
  conversationId: string,
  options: { queue?: string } = {},
): FunctionTool<unknown, typeof handoffParameters, string> {
  return tool({
    name: 'request_person',
    description:
      'Ask for a person (a human operator) to take over this conversation. Afterwards tell the customer ' +
      'the returned customerMessage and stop answering.',
    parameters: handoffParameters,
    execute: async ({ reason, priority }, _context, details) => {
      const callId = details?.toolCall?.callId;
      try {
        const { handoff, customerMessage } = await client.requestHandoff(
          conversationId,
          { reason, ...(priority ? { priority } : {}), ...(options.queue ? { queue: options.queue } : {}) },
          callId ? { idempotencyKey: `agents-tool:${conversationId}:${callId}` } : {},
        );
        return JSON.stringify({
          requested: true,
          handoffId: handoff.id,
          status: handoff.status,
          customerMessage,
        });
      } catch (error) {
        if (error instanceof BatonApiError && error.code === 'handoff_open') {
          return JSON.stringify({
            requested: false,
            customerMessage: 'A person has already been asked to join.',
          });
        }
        throw error;
      }
    },
  });
}

/**
 * A `needsApproval` for a tool: reports the pending call to Baton and answers true when the decision
 * is `approval` for this tool. Baton sees every call of the tool this way, approved or not.
 */
export function batonApproval(
  client: Pick<ApprovalClient, 'postTurn'>,
  conversationId: string,
  toolName: string,
) {
  return async (_runContext: unknown, input: unknown, callId?: string): Promise<boolean> => {
    const args = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : { input };
    const decision = await reportPendingAction(client, conversationId, {
      toolName,
      args,
      ...(callId ? { callId } : {}),
    });
    return needsApproval(decision, toolName);
  };
}

/** The pending action an interruption stands for. */
export function pendingActionOf(item: RunToolApprovalItem): PendingAction {
  const raw = item.rawItem as { callId?: string; arguments?: string };
  let args: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw.arguments ? JSON.parse(raw.arguments) : {};
    args =
      parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { input: parsed };
  } catch {
    args = { input: raw.arguments };
  }
  return { toolName: item.name ?? 'unknown tool', args, ...(raw.callId ? { callId: raw.callId } : {}) };
}

/** A run that stopped for approvals: its interruptions and its state. */
export interface InterruptedRun {
  interruptions: RunToolApprovalItem[];
  /** The run's state (a `RunState`): only its approve and reject are used. */
  state: {
    approve(item: RunToolApprovalItem): void;
    reject(item: RunToolApprovalItem, options?: { message?: string }): void;
  };
}

/**
 * Asks an operator through Baton (one approval request for every interruption of the run), then
 * approves or rejects each interruption on the run's state. Resume with `run(agent, result.state)`.
 */
export async function resolveApprovals(
  result: InterruptedRun,
  client: ApprovalClient,
  conversationId: string,
  options: AskOptions = {},
): Promise<ApprovalAnswer | undefined> {
  if (result.interruptions.length === 0) return undefined;
  const actions = result.interruptions.map(pendingActionOf);
  const answer = await askForApproval(client, conversationId, actions, options);
  // The Agents SDK runs an approved call with the model's own arguments; edited arguments go back to
  // the model as a rejection that names the call to make instead.
  for (const item of result.interruptions) {
    if (answer.reason === 'approved') result.state.approve(item);
    else result.state.reject(item, { message: refusalMessage(answer, actions) });
  }
  return answer;
}
