/**
 * The console's collaboration calls, through the sdk: typing indicators both ways, the colleagues
 * a handoff can be given to, assign, take over and bulk moves.
 */
import type { Assignee, BatonClient, BulkRequest, BulkResult, Handoff, TypingState } from '@baton/sdk';

export interface CollaborationApi {
  /** Hears typing indicators (all conversations) until the signal aborts. */
  typingEvents(onTyping: (state: TypingState) => void, options: { signal: AbortSignal }): Promise<void>;
  /** The operator types in (or stopped typing in) a handoff they hold. */
  operatorTyping(handoffId: string, typing: boolean): Promise<void>;
  listAssignees(handoffId: string): Promise<Assignee[]>;
  assign(handoffId: string, operator: string, note?: string): Promise<Handoff>;
  takeOver(handoffId: string): Promise<Handoff>;
  bulk(request: BulkRequest): Promise<BulkResult>;
}

/** The collaboration calls over one sdk client. */
export function collaborationApi(client: BatonClient): CollaborationApi {
  return {
    async typingEvents(onTyping, options) {
      try {
        for await (const state of client.typingEvents({ signal: options.signal })) onTyping(state);
      } catch {
        // Indicators are hints: a stream that cannot be kept simply shows none.
      }
    },
    operatorTyping: async (handoffId, typing) => {
      await client.operatorTyping(handoffId, typing);
    },
    listAssignees: (handoffId) => client.listAssignees(handoffId),
    assign: (handoffId, operator, note) => client.assign(handoffId, { operator, ...(note ? { note } : {}) }),
    takeOver: (handoffId) => client.takeOver(handoffId),
    bulk: (request) => client.bulkHandoffs(request),
  };
}
