/** Object-level authorisation: an agent key sees only the conversations it created. */
import type { Principal } from './types.ts';

/** Whether `principal` may see a conversation created by `createdByKey`. */
export function canSeeConversation(principal: Principal, createdByKey: string): boolean {
  return principal.scope !== 'agent' || principal.keyId === createdByKey;
}
