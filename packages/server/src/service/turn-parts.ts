/** Pieces both ways of posting a turn share: input checks, the stored turn, its event. */
import type { CustomerAttributes, Decision } from '@baton/engine';
import { BatonError } from '../errors.ts';
import { hashJson } from './canonical-json.ts';
import type { ServiceContext } from './context.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { newId } from './ids.ts';
import type { HandoffRow } from './rows.ts';
import type { Principal, StoredTurn, TurnInput } from './types.ts';

export interface PostTurnInput {
  conversationId: string;
  turn: TurnInput;
  customer?: CustomerAttributes;
  idempotencyKey?: string;
}

/** What is computed once per request, before any database work. */
export interface PreparedTurn {
  nowIso: string;
  /** The turn's time (given, or now). */
  at: string;
  /** The turn's optional fields as stored in `turns.details` (undefined members dropped). */
  details: Omit<TurnInput, 'role' | 'text' | 'at'>;
  /** sha256 of the request, when it carries an idempotency key. */
  requestHash: string;
}

/** Checks the input and computes what every attempt reuses. */
export function prepareTurn(context: ServiceContext, input: PostTurnInput): PreparedTurn {
  if (input.turn.role === 'operator') {
    throw new BatonError('invalid_request', 'Operator turns are posted as replies to their handoff.');
  }
  const now = context.now();
  let at = now.toISOString();
  if (input.turn.at !== undefined) {
    const parsed = new Date(input.turn.at);
    if (Number.isNaN(parsed.getTime())) {
      throw new BatonError('invalid_request', `turn.at is not a time: ${input.turn.at}`);
    }
    at = parsed.toISOString();
  }
  const { role: _role, text: _text, at: _at, ...rest } = input.turn;
  const details = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  const requestHash = input.idempotencyKey
    ? hashJson({
        use: 'turn',
        conversationId: input.conversationId,
        turn: input.turn,
        customer: input.customer,
      })
    : '';
  return { nowIso: now.toISOString(), at, details, requestHash };
}

/** `too_many_turns` when the conversation is full. */
export function checkTurnLimit(context: ServiceContext, conversationId: string, seq: number): void {
  const limit = context.limits.maxTurnsPerConversation;
  if (seq >= limit) {
    throw new BatonError(
      'too_many_turns',
      `Conversation ${conversationId} reached its limit of ${limit} turns.`,
      {
        limit,
      },
    );
  }
}

/** The turn as stored and answered. */
export function newTurn(
  principal: Principal,
  input: PostTurnInput,
  prepared: PreparedTurn,
  seq: number,
): StoredTurn {
  return {
    id: newId('tu'),
    conversationId: input.conversationId,
    seq,
    role: input.turn.role,
    text: input.turn.text,
    at: prepared.at,
    author: input.turn.role === 'customer' ? null : principal.name,
    ...prepared.details,
  };
}

/** The `turn-created` event; it carries the open handoff's queue, so that queue's stream sees it. */
export function turnCreatedEvent(
  turn: StoredTurn,
  decision: Decision,
  handoff: HandoffRow | null,
  agentShouldReply: boolean,
  at: string,
): PendingEvent {
  return {
    type: 'turn-created',
    conversationId: turn.conversationId,
    handoffId: handoff?.id ?? null,
    queue: handoff?.queue ?? null,
    at,
    data: { turn, decision: { action: decision.action, trigger: decision.trigger }, agentShouldReply },
  };
}
