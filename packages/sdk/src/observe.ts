/**
 * `observe()`: the few lines an agent loop needs around Baton. Report each turn as it happens and
 * get back what to do: whether the agent speaks (`shouldReply`), what Baton wants the customer told
 * (`say`), and the operator's note after a conversation comes back. While an operator owns the
 * conversation, `shouldReply` is false: the agent never talks over a person.
 */
import type { CustomerAttributesSchema, Decision, Handoff, PostTurnRequest, TurnResult } from './schemas.ts';
import type { z } from 'zod';

/** What `observe` needs of a client (the real one, or the test double). */
export interface TurnPoster {
  postTurn(
    conversationId: string,
    turn: PostTurnRequest,
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<TurnResult>;
}

export interface ObserveOptions {
  /** What is known about the customer; sent with the first turn. */
  customer?: z.input<typeof CustomerAttributesSchema>;
}

/** The turn's optional fields, plus the call's own options. */
export type TurnDetails = Omit<PostTurnRequest, 'role' | 'text'> & {
  idempotencyKey?: string;
  signal?: AbortSignal;
};

/** What to do after a turn. */
export interface ObservedTurn {
  /**
   * For a customer turn: the agent should answer it. For an agent turn: the drafted text may be
   * sent. False while an operator owns the conversation, while a handoff waits, and when the
   * decision is `offer`, `handoff` or `approval` (then `say` says what to send instead).
   */
  shouldReply: boolean;
  /** What to tell the customer now, in Baton's words (a person is coming, the wait, an offer), or null. */
  say: string | null;
  decision: Decision;
  /** The conversation's open handoff, if any. */
  handoff: Handoff | null;
  /** The operator's note, once, when the conversation was just handed back to the agent. */
  returnNote: string | null;
  /** The operator's structured hand-back (actions, promises, must and must not), once, with the note. */
  handBack: TurnResult['handBack'];
  /** Promises made to the customer and not yet kept: keep them in the model's instructions. */
  openPromises: TurnResult['openPromises'];
  /** The whole answer of the API. */
  result: TurnResult;
}

/** Reports the turns of one conversation. */
export interface Observer {
  readonly conversationId: string;
  /** Reports what the customer wrote. */
  customer(text: string, details?: TurnDetails): Promise<ObservedTurn>;
  /** Reports what the agent is about to send (with its confidence and tool calls, when known). */
  agent(text: string, details?: TurnDetails): Promise<ObservedTurn>;
}

/** Reads a turn's answer as what the agent should do. */
export function interpretTurn(result: TurnResult): ObservedTurn {
  const { decision, handoff } = result;
  const waiting = handoff !== null && (handoff.status === 'queued' || handoff.status === 'claimed');
  const quietDecision = decision.action !== 'continue';
  return {
    shouldReply: result.agentShouldReply && !waiting && !quietDecision,
    // While an operator owns the conversation the operator speaks; Baton adds nothing.
    say: result.agentShouldReply ? result.customerMessage : null,
    decision,
    handoff,
    returnNote: result.returnNote,
    handBack: result.handBack,
    openPromises: result.openPromises,
    result,
  };
}

/** Wraps an agent loop for one conversation. */
export function observe(client: TurnPoster, conversationId: string, options: ObserveOptions = {}): Observer {
  let customerSent = options.customer === undefined;
  const post = async (role: 'customer' | 'agent', text: string, details: TurnDetails = {}) => {
    const { idempotencyKey, signal, ...fields } = details;
    const turn: PostTurnRequest = { role, text, ...fields };
    if (!customerSent && turn.customer === undefined) turn.customer = options.customer;
    const result = await client.postTurn(conversationId, turn, {
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    customerSent = true;
    return interpretTurn(result);
  };
  return {
    conversationId,
    customer: (text, details) => post('customer', text, details),
    agent: (text, details) => post('agent', text, details),
  };
}
