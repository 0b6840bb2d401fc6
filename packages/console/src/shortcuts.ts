/**
 * Keyboard shortcuts for the frequent moves. Single keys act only when focus is not in a text
 * field (so typing never triggers them); Ctrl/⌘+Enter sends from the composer, Escape closes.
 */
export type Command =
  | 'next'
  | 'previous'
  | 'claim'
  | 'reply'
  | 'note'
  | 'transfer'
  | 'return'
  | 'resolve'
  | 'presence'
  | 'queue'
  | 'dashboard'
  | 'help'
  | 'accept-offer'
  | 'decline-offer'
  | 'send'
  | 'close';

/** Key, command and what it does, for the help dialog and the key lookup alike. */
export const SHORTCUTS: readonly { key: string; command: Command; label: string }[] = [
  { key: 'j', command: 'next', label: 'Next handoff in the queue' },
  { key: 'k', command: 'previous', label: 'Previous handoff in the queue' },
  { key: 'c', command: 'claim', label: 'Claim the selected handoff' },
  { key: 'r', command: 'reply', label: 'Write a reply' },
  { key: 'n', command: 'note', label: 'Write an internal note' },
  { key: 't', command: 'transfer', label: 'Transfer to another queue' },
  { key: 'b', command: 'return', label: 'Return to the agent (back)' },
  { key: 'e', command: 'resolve', label: 'Resolve with an outcome (end)' },
  { key: 'p', command: 'presence', label: 'Switch between online and away' },
  { key: 'q', command: 'queue', label: 'Go to the queue' },
  { key: 'd', command: 'dashboard', label: 'Go to the dashboard' },
  { key: 'a', command: 'accept-offer', label: 'Accept the handoff offered to you' },
  { key: 'D', command: 'decline-offer', label: 'Decline the handoff offered to you (Shift+D)' },
  { key: '?', command: 'help', label: 'Show these shortcuts' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** What has focus: typing there must never trigger a single-key shortcut. */
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

function isTextField(target: KeyLike['target']): boolean {
  if (!target) return false;
  const tag = (target.tagName ?? '').toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable === true;
}

/** The command a key press means here, or null. */
export function commandFor(event: KeyLike): Command | null {
  if (event.key === 'Escape') return 'close';
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) return 'send';
  if (event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return null;
  return SHORTCUTS.find((shortcut) => shortcut.key === event.key)?.command ?? null;
}
