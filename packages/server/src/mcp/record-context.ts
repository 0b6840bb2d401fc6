/**
 * The context an agent gives when it asks for a person in a conversation Baton has not seen: its
 * recent turns and a summary, recorded as the conversation's first turns so the operator reads them
 * in the thread and the brief, and the customer never repeats themselves. Each context turn carries
 * an idempotency key made from its place and content, so a retried tool call records nothing twice.
 */
import { createHash } from 'node:crypto';
import { BatonApiError, type Handoff, type PostTurnRequest, type TurnResult } from '@baton/sdk';
import { BatonError } from '../errors.ts';
import type { McpBackend } from './mcp-backend.ts';

export interface ContextTurn {
  role: 'customer' | 'agent';
  text: string;
  at?: string;
}

export interface RecordedContext {
  /** Whether this call created the conversation. */
  created: boolean;
  /** How many turns it recorded (0 for a conversation Baton already had). */
  recorded: number;
  /** The answer to the last recorded turn: the policy may already have handed off on the context. */
  last: TurnResult | null;
}

function codeOf(error: unknown): string | undefined {
  return error instanceof BatonError || error instanceof BatonApiError ? error.code : undefined;
}

function contextKey(conversationId: string, index: number, role: string, text: string): string {
  const digest = createHash('sha256').update(`${conversationId}\n${index}\n${role}\n${text}`).digest('hex');
  return `mcp-context-${digest.slice(0, 48)}`;
}

/**
 * Records `context` as the first turns of `conversationId` when Baton has no such conversation for
 * this key; leaves an existing conversation alone. With no turns and no summary, the reason alone
 * is recorded, as a system turn, so the handoff has a conversation to belong to.
 */
export async function recordContext(
  backend: McpBackend,
  conversationId: string,
  context: { turns: ContextTurn[]; summary?: string; customer?: PostTurnRequest['customer']; reason: string },
): Promise<RecordedContext> {
  try {
    await backend.getConversation(conversationId);
    return { created: false, recorded: 0, last: null };
  } catch (error) {
    if (codeOf(error) !== 'conversation_not_found') throw error;
  }
  const turns: { role: 'customer' | 'agent' | 'system'; text: string; at?: string }[] = [...context.turns];
  const note = context.summary ?? (turns.length === 0 ? context.reason : undefined);
  if (note) turns.push({ role: 'system', text: `Summary from the agent: ${note}` });
  let last: TurnResult | null = null;
  for (const [index, turn] of turns.entries()) {
    last = await backend.postTurn(
      conversationId,
      { ...turn, ...(index === 0 && context.customer ? { customer: context.customer } : {}) },
      { idempotencyKey: contextKey(conversationId, index, turn.role, turn.text) },
    );
  }
  return { created: true, recorded: turns.length, last };
}

/** A request for a person from an agent or platform that may bring the conversation with it. */
export interface PersonRequest {
  reason: string;
  priority?: Handoff['priority'];
  queue?: string;
  summary?: string;
  turns: ContextTurn[];
  customer?: PostTurnRequest['customer'];
}

/**
 * Records the context of a new conversation, then asks for a person. When the context itself made
 * the policy hand off (the customer had asked for a person), that handoff is the one returned.
 */
export async function requestPersonWithContext(
  backend: McpBackend,
  conversationId: string,
  request: PersonRequest,
  /** Runs once the conversation exists and before the handoff is asked for. */
  beforeRequest?: () => Promise<void>,
): Promise<{ handoff: Handoff; customerMessage: string; contextTurnsRecorded: number }> {
  const context = await recordContext(backend, conversationId, {
    turns: request.turns,
    reason: request.reason,
    ...(request.summary ? { summary: request.summary } : {}),
    ...(request.customer ? { customer: request.customer } : {}),
  });
  await beforeRequest?.();
  try {
    const { handoff, customerMessage } = await backend.requestHandoff(conversationId, {
      reason: request.reason,
      ...(request.priority ? { priority: request.priority } : {}),
      ...(request.queue ? { queue: request.queue } : {}),
    });
    return { handoff, customerMessage, contextTurnsRecorded: context.recorded };
  } catch (error) {
    if (codeOf(error) !== 'handoff_open' || !context.created || !context.last?.handoff) throw error;
    return {
      handoff: context.last.handoff,
      customerMessage: context.last.customerMessage ?? context.last.decision.message ?? '',
      contextTurnsRecorded: context.recorded,
    };
  }
}
