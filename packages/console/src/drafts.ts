/**
 * Half-written replies and notes, kept per conversation in localStorage: they survive switching
 * conversations, reloading and closing the tab, and are dropped once sent.
 */
export interface Draft {
  mode: 'reply' | 'note';
  text: string;
}

const PREFIX = 'baton.draft.';

const storageOrNull = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

export function loadDraft(conversationId: string, storage = storageOrNull()): Draft | null {
  try {
    const parsed = JSON.parse(storage?.getItem(PREFIX + conversationId) ?? 'null') as Partial<Draft> | null;
    if (parsed && typeof parsed.text === 'string' && parsed.text !== '') {
      return { mode: parsed.mode === 'note' ? 'note' : 'reply', text: parsed.text };
    }
  } catch {
    // A damaged draft is the same as none.
  }
  return null;
}

/** Saves the draft, or forgets it when the text is empty. */
export function saveDraft(conversationId: string, draft: Draft, storage = storageOrNull()): void {
  try {
    if (draft.text.trim() === '') storage?.removeItem(PREFIX + conversationId);
    else storage?.setItem(PREFIX + conversationId, JSON.stringify(draft));
  } catch {
    // A full or disabled storage: the draft lives as long as the page.
  }
}

/**
 * The text with `insert` put at the cursor (replacing only what the operator selected), with a space
 * either side where words would otherwise run together; and where the cursor goes after it.
 */
export function insertAtCursor(
  text: string,
  insert: string,
  selectionStart: number,
  selectionEnd: number = selectionStart,
): { text: string; caret: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before !== '' && !/\s$/.test(before) ? ' ' : '';
  const trail = after !== '' && !/^\s/.test(after) && !/\s$/.test(insert) ? ' ' : '';
  const placed = `${before}${lead}${insert}${trail}`;
  return { text: `${placed}${after}`, caret: placed.length };
}
