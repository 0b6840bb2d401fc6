/**
 * What this instance knows of the conversations it wrote last: the row as its last turn left it,
 * the row version (`xmin`, which every update of the row changes) and the policy version it was
 * decided under. With them, the next turn of a conversation skips the read and goes to the write,
 * which applies only if the row is still that version and that policy still the current one;
 * otherwise nothing is written and the turn reads the row as usual. So a stale entry (another
 * instance's turn, a handoff, a close, a new policy) costs one statement that changes nothing,
 * never a wrong answer. Bounded: the least recently used entries go first.
 */
import type { ConversationRow } from './rows.ts';

export interface KnownConversation {
  row: Pick<
    ConversationRow,
    | 'created_by_key'
    | 'customer'
    | 'engine_state'
    | 'last_seq'
    | 'created_at'
    | 'detected_language'
    | 'language_sample'
  >;
  /** The row's `xmin` as text, as the write that stored this state returned it. */
  version: string;
  /** The policy version that was current when it was read. */
  policyVersion: string;
}

/** Entries kept by default: an engine state is under 2 KB, so a few MB at most. */
export const KNOWN_CONVERSATIONS_MAX = 2_000;

/**
 * How long a conversation found changed by someone else is not remembered: its turns go to several
 * instances (no session affinity), so an entry would mostly be stale, and a stale entry costs a
 * statement that writes nothing on top of the usual two.
 */
export const SHARED_CONVERSATION_MS = 10 * 60_000;

export class KnownConversations {
  /** A conversation's last known state, or the time until which it is not remembered. */
  readonly #entries = new Map<string, KnownConversation | { sharedUntil: number }>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { max?: number; now?: () => number } = {}) {
    this.#max = options.max ?? KNOWN_CONVERSATIONS_MAX;
    this.#now = options.now ?? Date.now;
  }

  /** The entry of a conversation, taken out: a turn that uses it puts back the state it wrote. */
  take(conversationId: string): KnownConversation | undefined {
    const entry = this.#entries.get(conversationId);
    if (!entry || 'sharedUntil' in entry) return undefined;
    this.#entries.delete(conversationId);
    return entry;
  }

  /** The entry taken was stale: another writer changed the row, so stop remembering it for a while. */
  changedElsewhere(conversationId: string): void {
    this.#set(conversationId, { sharedUntil: this.#now() + SHARED_CONVERSATION_MS });
  }

  /** Remembers the state a turn just committed (unless the conversation is written elsewhere too). */
  remember(conversationId: string, entry: KnownConversation): void {
    const current = this.#entries.get(conversationId);
    if (current && 'sharedUntil' in current && current.sharedUntil > this.#now()) return;
    this.#set(conversationId, entry);
  }

  #set(conversationId: string, entry: KnownConversation | { sharedUntil: number }): void {
    this.#entries.delete(conversationId);
    this.#entries.set(conversationId, entry);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}
