/**
 * Baton's MCP server: three tools over an `McpBackend`. `request_person` asks for a person (reason,
 * priority); `handoff_status` says where the conversation's handoff stands and whether the agent may
 * speak; `read_brief` returns the brief the operator reads. Every failure is an MCP tool error
 * (`isError`) carrying Baton's stable code, never a crash of the server.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BatonApiError, ConversationIdSchema, PrioritySchema, type Handoff } from '@baton/sdk';
import { z } from 'zod';
import { BatonError } from '../errors.ts';
import type { McpBackend } from './mcp-backend.ts';

export interface McpServerOptions {
  /** Where unexpected errors go (their detail never reaches the client). */
  logError?: (error: unknown) => void;
  version?: string;
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

/** Builds an MCP server whose tools act through `backend`. */
export function createBatonMcpServer(backend: McpBackend, options: McpServerOptions = {}): McpServer {
  const logError =
    options.logError ?? ((error: unknown) => console.error('baton mcp: unexpected error', error));
  const server = new McpServer({ name: 'baton', version: options.version ?? '1.0.0' });
  const guarded =
    <Input>(run: (input: Input) => Promise<Record<string, unknown>>) =>
    async (input: Input): Promise<CallToolResult> => {
      try {
        return success(await run(input));
      } catch (error) {
        return failure(error, logError);
      }
    };

  server.registerTool(
    'request_person',
    {
      title: 'Ask for a person',
      description:
        'Ask for a person (a human operator) to take over the conversation: when the customer asks for one, ' +
        'when you cannot help safely, or when the stakes are high. Tell the customer the returned ' +
        'customerMessage, then stop answering until handoff_status says the conversation is back with you.',
      inputSchema: {
        conversationId,
        reason: z.string().min(1).max(2_000).describe('Why a person is needed; the operator reads it first.'),
        priority: PrioritySchema.optional().describe('low, normal (default), high or urgent.'),
        queue: z.string().min(1).max(200).optional().describe('A queue name; the default queue when absent.'),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    guarded(async ({ conversationId: id, reason, priority, queue }) => {
      const { handoff, customerMessage } = await backend.requestHandoff(id, {
        reason,
        ...(priority ? { priority } : {}),
        ...(queue ? { queue } : {}),
      });
      return { ...summary(handoff), customerMessage };
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

  return server;
}
