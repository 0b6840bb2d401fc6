/**
 * The MCP tools that ask a person and wait: `ask_person` (a consult: a question, free text or
 * choices) and `request_approval` (actions held until a person approves, refuses or edits them).
 * Each creates a request with a deadline (the server applies it, so a request never waits forever)
 * and waits for its end, sending MCP progress notifications while it waits when the client asked
 * for them; the agent keeps the conversation meanwhile (consults and approvals do not silence it).
 * `check_request` reads a request again, for a client that gave up waiting.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  BatonApiError,
  ConversationIdSchema,
  type BatonRequest,
  type CreateRequestRequest,
} from '@baton/sdk';
import { z } from 'zod';
import { BatonError } from '../errors.ts';
import type { McpBackend } from './mcp-backend.ts';
import { recordContext } from './record-context.ts';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
type Guard = <Input>(
  run: (input: Input, extra: Extra) => Promise<Record<string, unknown>>,
) => (input: Input, extra: Extra) => Promise<CallToolResult>;

/** The longest a tool call waits for a person (the request's deadline is capped to it). */
export const MAX_WAIT_SECONDS = 600;

const timeoutSeconds = z
  .number()
  .int()
  .min(5)
  .max(MAX_WAIT_SECONDS)
  .optional()
  .describe('How long a person has to answer (default 120 s); the call waits that long at most.');

/** What the agent reads of a request's end. */
function outcome(request: BatonRequest) {
  return {
    requestId: request.id,
    kind: request.kind,
    status: request.status,
    stillWaiting: request.status === 'open',
    timedOut: request.timedOut,
    deadlineOutcome: request.deadlineOutcome,
    answer: request.answer,
    answeredBy: request.answeredBy,
    escalatedHandoffId: request.escalatedHandoffId,
  };
}

/** Creates the request, opening the conversation with the question when Baton has not seen it. */
async function create(
  backend: McpBackend,
  conversationId: string,
  request: CreateRequestRequest,
  question: string,
): Promise<BatonRequest> {
  try {
    return (await backend.createRequest(conversationId, request)).request;
  } catch (error) {
    const code = error instanceof BatonError || error instanceof BatonApiError ? error.code : '';
    if (code !== 'conversation_not_found') throw error;
    await recordContext(backend, conversationId, { turns: [], reason: question });
    return (await backend.createRequest(conversationId, request)).request;
  }
}

/** Reads the request until it ends or `waitMs` passes, with progress notifications when asked for. */
async function waitForEnd(
  backend: McpBackend,
  request: BatonRequest,
  waitMs: number,
  pollMs: number,
  extra: Extra,
): Promise<BatonRequest> {
  const started = Date.now();
  const token = extra._meta?.progressToken;
  let current = request;
  while (current.status === 'open' && !extra.signal.aborted) {
    const elapsed = Date.now() - started;
    if (elapsed >= waitMs) break;
    if (token !== undefined) {
      await extra
        .sendNotification({
          method: 'notifications/progress',
          params: {
            progressToken: token,
            progress: Math.round(elapsed / 1000),
            total: Math.round(waitMs / 1000),
            message: `Waiting for a person to answer (${Math.round(elapsed / 1000)} s)`,
          },
        })
        .catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, waitMs - elapsed)));
    current = await backend.getRequest(current.id);
  }
  return current;
}

export function registerAskTools(
  server: McpServer,
  backend: McpBackend,
  guarded: Guard,
  pollMs: number,
): void {
  const conversationId = ConversationIdSchema.describe("The conversation's id.");
  const annotations = {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  };
  // The server applies the deadline; the call waits a little past it to read the outcome.
  const waitMs = (seconds: number) => (seconds + 2) * 1000;

  server.registerTool(
    'ask_person',
    {
      title: 'Ask a person a question and wait for the answer',
      description:
        'Ask an operator a question (free text, or one of `choices`) while you keep talking with the customer. ' +
        'Waits for the answer up to timeoutSeconds; at the deadline the question is cancelled (or escalated, ' +
        'with onDeadline) and the result says timedOut.',
      inputSchema: {
        conversationId,
        question: z
          .string()
          .min(1)
          .max(10_000)
          .describe('The question, with what the operator needs to answer it.'),
        choices: z
          .array(z.string().min(1).max(200))
          .min(1)
          .max(20)
          .optional()
          .describe('Answers to pick from.'),
        queue: z.string().min(1).max(200).optional().describe('The queue of operators who answer.'),
        timeoutSeconds,
        escalateAtDeadline: z
          .boolean()
          .optional()
          .describe('At the deadline, hand the conversation to a person instead of cancelling.'),
      },
      annotations,
    },
    guarded(
      async (
        { conversationId: id, question, choices, queue, timeoutSeconds: timeout, escalateAtDeadline },
        extra: Extra,
      ) => {
        const seconds = timeout ?? 120;
        const request = await create(
          backend,
          id,
          {
            kind: 'consult',
            question,
            ...(choices ? { choices } : {}),
            ...(queue ? { queue } : {}),
            timeoutSeconds: seconds,
            onDeadline: escalateAtDeadline ? { action: 'escalate' } : { action: 'cancel' },
          },
          question,
        );
        return outcome(await waitForEnd(backend, request, waitMs(seconds), pollMs, extra));
      },
    ),
  );

  server.registerTool(
    'request_approval',
    {
      title: 'Hold actions until a person approves them',
      description:
        'Before a risky action (a refund, a cancellation, a change to an account), ask a person to approve, ' +
        'refuse or edit it. Waits for the decision up to timeoutSeconds; with no answer by then it is refused. ' +
        'Run the action only when answer.decision is "approve" (or "edit": run it with answer.editedArgs).',
      inputSchema: {
        conversationId,
        actions: z
          .array(
            z.object({
              toolName: z.string().min(1).max(200),
              args: z.record(z.string(), z.unknown()),
            }),
          )
          .min(1)
          .max(20)
          .describe('The actions held, with their arguments.'),
        question: z.string().min(1).max(10_000).optional().describe('Why, and what the person should check.'),
        allowEdit: z
          .boolean()
          .optional()
          .describe('Whether the person may change the arguments (default true).'),
        queue: z.string().min(1).max(200).optional(),
        timeoutSeconds,
      },
      annotations,
    },
    guarded(
      async (
        { conversationId: id, actions, question, allowEdit, queue, timeoutSeconds: timeout },
        extra: Extra,
      ) => {
        const seconds = timeout ?? 120;
        const request = await create(
          backend,
          id,
          {
            kind: 'approval',
            actions,
            ...(question ? { question } : {}),
            ...(allowEdit === undefined ? {} : { allowEdit }),
            ...(queue ? { queue } : {}),
            timeoutSeconds: seconds,
          },
          question ?? `Approval of ${actions.map((action) => action.toolName).join(', ')}`,
        );
        const ended = await waitForEnd(backend, request, waitMs(seconds), pollMs, extra);
        return {
          ...outcome(ended),
          decision: ended.answer?.decision ?? (ended.status === 'open' ? null : 'refuse'),
        };
      },
    ),
  );

  server.registerTool(
    'check_request',
    {
      title: 'Read a consult or approval again',
      description:
        'Where a request from ask_person or request_approval stands, and its answer once it has one.',
      inputSchema: { requestId: z.string().min(1).max(128) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async ({ requestId }) => outcome(await backend.getRequest(requestId))),
  );
}
