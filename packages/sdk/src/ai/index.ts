/**
 * `@baton/sdk/ai`: Baton as a tool for the Vercel AI SDK (`ai` 6). The model calls `request_person`
 * when it should not go on alone; the tool asks Baton for a person and returns what to tell the
 * customer. The tool call's id is the idempotency key, so a retried step opens one handoff.
 * `batonApproval` and `resolveApprovalRequests` wire Baton's `approval` decision to the SDK's tool
 * approval (see approval.ts).
 */
import { tool } from 'ai';
import { z } from 'zod';
import { BatonApiError } from '../errors.ts';
import { PrioritySchema, type Handoff, type RequestHandoffResponse } from '../schemas.ts';

export { batonApproval, resolveApprovalRequests, type ResultWithApprovals } from './approval.ts';
export { readApproval, type ApprovalAnswer, type ApprovalClient, type AskOptions } from '../approval.ts';

/** What the tool needs of a client (the real one, or the test double). */
export interface HandoffRequester {
  requestHandoff(
    conversationId: string,
    request: { reason: string; priority?: Handoff['priority']; queue?: string },
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<RequestHandoffResponse>;
}

export interface HandoffToolOptions {
  /** The queue to ask in; the policy's default when absent. */
  queue?: string;
  /** Replaces the description the model reads. */
  description?: string;
}

/** What the model gets back from the tool. */
export interface HandoffToolResult {
  requested: boolean;
  handoffId: string | null;
  status: Handoff['status'] | null;
  /** Say this to the customer, word for word. */
  customerMessage: string;
}

export const HANDOFF_TOOL_DESCRIPTION =
  'Ask for a person (a human operator) to take over this conversation. Use it when the customer asks ' +
  'for a person, when you cannot help safely, or when the stakes are high. Afterwards, tell the ' +
  'customer the returned customerMessage and stop answering: the person will continue.';

export const handoffToolInput = z.object({
  reason: z
    .string()
    .min(1)
    .max(2_000)
    .describe('Why a person is needed, in one or two sentences the operator reads first.'),
  priority: PrioritySchema.optional().describe('How urgent: low, normal, high or urgent. Default normal.'),
});

/** The AI SDK tool that lets the model ask Baton for a person in this conversation. */
export function batonHandoffTool(
  client: HandoffRequester,
  conversationId: string,
  options: HandoffToolOptions = {},
) {
  return tool({
    description: options.description ?? HANDOFF_TOOL_DESCRIPTION,
    inputSchema: handoffToolInput,
    execute: async ({ reason, priority }, { toolCallId, abortSignal }): Promise<HandoffToolResult> => {
      try {
        const { handoff, customerMessage } = await client.requestHandoff(
          conversationId,
          { reason, ...(priority ? { priority } : {}), ...(options.queue ? { queue: options.queue } : {}) },
          {
            idempotencyKey: `ai-tool:${conversationId}:${toolCallId}`,
            ...(abortSignal ? { signal: abortSignal } : {}),
          },
        );
        return { requested: true, handoffId: handoff.id, status: handoff.status, customerMessage };
      } catch (error) {
        // A person is already on the way: that is an answer for the model, not a failure.
        if (error instanceof BatonApiError && error.code === 'handoff_open') {
          return {
            requested: false,
            handoffId: null,
            status: null,
            customerMessage: 'A person has already been asked to join; they will continue here.',
          };
        }
        throw error;
      }
    },
  });
}
