/**
 * Baton's MCP server: four tools over an `McpBackend`, enough for an agent that speaks only MCP.
 * `record_turn` records one message and answers with Baton's decision (carry on, offer a person, or
 * hand off) and whether the agent may speak; `request_person` asks for a person (reason, priority),
 * creating the conversation from the context the agent gives when Baton has not seen it yet;
 * `handoff_status` says where the conversation's handoff stands; `read_brief` returns the brief the
 * operator reads. Every failure is an MCP tool error (`isError`) carrying Baton's stable code, never a
 * crash of the server.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  BatonApiError,
  ConversationIdSchema,
  CustomerAttributesSchema,
  PrioritySchema,
  type Handoff,
  type TurnResult,
} from '@baton/sdk';
import { z } from 'zod';
import { BatonError } from '../errors.ts';
import type { McpBackend } from './mcp-backend.ts';
import { registerAskTools } from './ask-tools.ts';
import { requestPersonWithContext, type ContextTurn } from './record-context.ts';

export interface McpServerOptions {
  /** Where unexpected errors go (their detail never reaches the client). */
  logError?: (error: unknown) => void;
  version?: string;
  /** How often a waiting consult or approval is read again (ms). */
  pollMs?: number;
}

const conversationId = ConversationIdSchema.describe(
  "The conversation's id, as the agent posts turns to it.",
);

/** The tool result of a value: JSON text for any client, and the same as structured content. */
function success(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/** A failure as an MCP tool error with Baton's code; unknown throws are logged and hidden. */
function failure(error: unknown, logError: (error: unknown) => void): CallToolResult {
  let code = 'internal';
  let message = 'Something went wrong on our side; the error was logged.';
  if (error instanceof BatonError || error instanceof BatonApiError) {
    code = error.code;
    message = error instanceof BatonApiError ? (error.detail ?? error.title) : error.message;
  } else if (error instanceof Error && error.name === 'BatonConnectionError') {
    code = 'unavailable';
    message = `Baton could not be reached: ${error.message}`;
  } else {
    logError(error);
  }
  return {
    isError: true,
    content: [{ type: 'text', text: `${code}: ${message}` }],
    structuredContent: { code, message },
  };
}

/** The handoff fields an agent acts on. */
function summary(handoff: Handoff) {
  return {
    handoffId: handoff.id,
    status: handoff.status,
    queue: handoff.queue,
    priority: handoff.priority,
    reason: handoff.reason,
    requestedAt: handoff.requestedAt,
    claimedBy: handoff.claimedBy,
    claimedAt: handoff.claimedAt,
    endedAt: handoff.endedAt,
  };
}

/** What the agent acts on after a turn: the decision, whether it may speak, what to say. */
function turnOutcome(result: TurnResult) {
  return {
    turnId: result.turn.id,
    seq: result.turn.seq,
    action: result.decision.action,
    trigger: result.decision.trigger,
    priority: result.decision.priority,
    firings: result.decision.firings.map((firing) => ({
      trigger: firing.trigger,
      action: firing.action,
      shadow: firing.shadow,
      evidence: firing.evidence,
    })),
    approvalTools: result.decision.approvalTools,
    agentShouldReply: result.agentShouldReply,
    customerMessage: result.customerMessage ?? result.decision.message,
    conversationStatus: result.conversation.status,
    handoff: result.handoff ? summary(result.handoff) : null,
    returnNote: result.returnNote,
  };
}

const turnText = z.string().min(1).max(16_000);

/** Builds an MCP server whose tools act through `backend`. */
export function createBatonMcpServer(backend: McpBackend, options: McpServerOptions = {}): McpServer {
  const logError =
    options.logError ?? ((error: unknown) => console.error('baton mcp: unexpected error', error));
  const server = new McpServer({ name: 'baton', version: options.version ?? '1.0.0' });
  const guarded =
    <Input, Extra = unknown>(run: (input: Input, extra: Extra) => Promise<Record<string, unknown>>) =>
    async (input: Input, extra: Extra): Promise<CallToolResult> => {
      try {
        return success(await run(input, extra));
      } catch (error) {
        return failure(error, logError);
      }
    };

  server.registerTool(
    'record_turn',
    {
      title: 'Record a turn and get the decision',
      description:
        "Record one message of the conversation (the customer's, or your own reply) and get Baton's " +
        'decision: `continue`, `offer` (offer the customer a person; say customerMessage), `handoff` ' +
        '(a person takes over: say customerMessage, then stop answering), or `approval` (a tool in ' +
        'approvalTools needs a person first). Never answer the customer when agentShouldReply is false. ' +
        'The first turn creates the conversation.',
      inputSchema: {
        conversationId,
        role: z
          .enum(['customer', 'agent', 'system'])
          .describe('Who wrote it: customer, agent (you) or system.'),
        text: turnText.describe('The message, as written.'),
        confidence: z.number().min(0).max(1).optional().describe('Your confidence in your reply, 0..1.'),
        intent: z.string().min(1).max(200).optional().describe('The intent you recognised, if any.'),
        customer: CustomerAttributesSchema.optional().describe(
          'What you know about the customer (id, name, email, language, tier...).',
        ),
        idempotencyKey: z
          .string()
          .min(1)
          .max(255)
          .optional()
          .describe('The same key on a retry records the turn once and returns the first answer.'),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    guarded(async ({ conversationId: id, idempotencyKey, ...turn }) => {
      const result = await backend.postTurn(id, turn, idempotencyKey ? { idempotencyKey } : {});
      return turnOutcome(result);
    }),
  );

  server.registerTool(
    'request_person',
    {
      title: 'Ask for a person',
      description:
        'Ask for a person (a human operator) to take over the conversation: when the customer asks for one, ' +
        'when you cannot help safely, or when the stakes are high. Tell the customer the returned ' +
        'customerMessage, then stop answering until handoff_status says the conversation is back with you. ' +
        'If Baton has not seen this conversation yet, give recentTurns (and a summary) so the person ' +
        'who takes over has the context and the customer does not repeat themselves.',
      inputSchema: {
        conversationId,
        reason: z.string().min(1).max(2_000).describe('Why a person is needed; the operator reads it first.'),
        priority: PrioritySchema.optional().describe('low, normal (default), high or urgent.'),
        queue: z.string().min(1).max(200).optional().describe('A queue name; the default queue when absent.'),
        summary: z
          .string()
          .min(1)
          .max(4_000)
          .optional()
          .describe('What happened so far, in a few sentences (recorded when the conversation is new).'),
        recentTurns: z
          .array(
            z.object({
              role: z.enum(['customer', 'agent']),
              text: turnText,
              at: z.iso.datetime({ offset: true }).optional(),
            }),
          )
          .max(100)
          .optional()
          .describe('The conversation so far, oldest first (recorded when the conversation is new).'),
        customer: CustomerAttributesSchema.optional().describe('What you know about the customer.'),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    guarded(async ({ conversationId: id, reason, priority, queue, summary: told, recentTurns, customer }) => {
      const { handoff, customerMessage, contextTurnsRecorded } = await requestPersonWithContext(backend, id, {
        reason,
        turns: (recentTurns ?? []) as ContextTurn[],
        ...(priority ? { priority } : {}),
        ...(queue ? { queue } : {}),
        ...(told ? { summary: told } : {}),
        ...(customer ? { customer } : {}),
      });
      return { ...summary(handoff), customerMessage, contextTurnsRecorded };
    }),
  );

  server.registerTool(
    'handoff_status',
    {
      title: "Where the conversation's handoff stands",
      description:
        "The conversation's status and owner, its latest handoff, and whether the agent may speak now " +
        '(false while an operator owns the conversation).',
      inputSchema: { conversationId },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async ({ conversationId: id }) => {
      const view = await backend.getConversation(id);
      const latest = view.handoffs.at(-1);
      return {
        conversationId: view.id,
        conversationStatus: view.status,
        owner: view.owner,
        agentMayReply: view.status !== 'with_operator',
        handoff: latest ? summary(latest) : null,
      };
    }),
  );

  server.registerTool(
    'read_brief',
    {
      title: 'Read the brief',
      description:
        'The brief of a handoff in the conversation (the latest one unless handoffId is given): who the ' +
        'customer is, what they want, what was tried, and why a person was asked for.',
      inputSchema: {
        conversationId,
        handoffId: z.string().min(1).max(128).optional().describe('A handoff of this conversation.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async ({ conversationId: id, handoffId }) => {
      const view = await backend.getConversation(id);
      const handoff = handoffId
        ? view.handoffs.find((candidate) => candidate.id === handoffId)
        : view.handoffs.at(-1);
      if (!handoff) {
        throw handoffId
          ? new BatonError('handoff_not_found', `No handoff ${handoffId} in conversation ${id}.`)
          : new BatonError('handoff_not_found', `Conversation ${id} has no handoff yet, so no brief.`);
      }
      return {
        ...summary(handoff),
        trigger: handoff.trigger,
        evidence: handoff.firings.flatMap((firing) => firing.evidence),
        brief: handoff.brief ?? null,
      };
    }),
  );

  registerAskTools(server, backend, guarded, options.pollMs ?? 1_000);

  return server;
}
