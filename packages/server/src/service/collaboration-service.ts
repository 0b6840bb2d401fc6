/**
 * The operators' collaboration use cases as one slice of the `Service` port: typing indicators
 * (ephemeral, through the instance's `TypingHub`), assigning a handoff to a colleague, a lead's
 * take-over, and bulk moves.
 */
import type { Assignee } from './assign-handoff.ts';
import { assignHandoff, listAssignees, takeOverHandoff } from './assign-handoff.ts';
import type { BulkInput, BulkResult } from './bulk-handoffs.ts';
import type { ServiceContext } from './context.ts';
import type { TypingHub, TypingListener, TypingSignal } from './typing-hub.ts';
import { postCustomerTyping, postOperatorTyping, type CustomerTypingAccess } from './typing.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

export interface CollaborationService {
  /** The customer types (or stopped): with the agent's key or a customer token. */
  postCustomerTyping(
    access: CustomerTypingAccess,
    conversationId: string,
    typing: boolean,
  ): Promise<TypingSignal>;
  /** The operator holding the handoff types (or stopped). */
  postOperatorTyping(principal: Principal, handoffId: string, typing: boolean): Promise<TypingSignal>;
  /** Hears every typing indicator from any instance; returns the removal. */
  watchTyping(listener: TypingListener): () => void;
  /** The indicators live now, of one conversation or of all. */
  currentTyping(conversationId?: string): TypingSignal[];
  /** Colleagues present now, each with their load and whether they can take the handoff. */
  listAssignees(principal: Principal, handoffId: string): Promise<Assignee[]>;
  /** Gives the handoff to a present colleague (by key id). */
  assign(
    principal: Principal,
    handoffId: string,
    input: { operator: string; note?: string },
    options?: WriteOptions,
  ): Promise<Handoff>;
  /** A lead (admin key) takes over a handoff claimed by someone else. */
  takeOver(
    principal: Principal,
    handoffId: string,
    input: { note?: string },
    options?: WriteOptions,
  ): Promise<Handoff>;
  /** One move over several handoffs, with a result per handoff. */
  bulkHandoffs(principal: Principal, input: BulkInput, options?: WriteOptions): Promise<BulkResult>;
}

/** The collaboration use cases except `bulkHandoffs`, which createService composes over the finished service. */
export function collaborationUseCases(
  context: ServiceContext,
  hub: TypingHub,
  rerouted: <T>(value: T) => T,
): Omit<CollaborationService, 'bulkHandoffs'> {
  return {
    postCustomerTyping: (access, conversationId, typing) =>
      postCustomerTyping(context, hub, access, conversationId, typing),
    postOperatorTyping: (principal, handoffId, typing) =>
      postOperatorTyping(context, hub, principal, handoffId, typing),
    watchTyping: (listener) => hub.subscribe(listener),
    currentTyping: (conversationId) => hub.current(conversationId),
    listAssignees: (principal, handoffId) => listAssignees(context, principal, handoffId),
    assign: (principal, handoffId, input, options) =>
      assignHandoff(context, principal, handoffId, input, options).then(rerouted),
    takeOver: (principal, handoffId, input, options) =>
      takeOverHandoff(context, principal, handoffId, input, options).then(rerouted),
  };
}
