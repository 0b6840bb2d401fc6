/**
 * Reply to the customer in the same thread, or write an internal note. Templates are inserted at
 * the cursor (never replacing what is written); the operator edits, then sends (Ctrl/⌘+Enter or
 * the button). The draft is kept per conversation across switches and reloads, and after a note
 * the composer goes back to replying, so the next message cannot go out as a note by mistake.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { searchTemplates, shortcutAt, unfilledPlaceholders, type PickerTemplate } from '../canned.ts';
import { insertAtCursor, loadDraft, saveDraft } from '../drafts.ts';

export type ComposerMode = 'reply' | 'note';

export function Composer(props: {
  /** The team's canned responses (filled) first, then the built-in templates. */
  templates: PickerTemplate[];
  /** Changes (new nonce) when a shortcut asks to focus the box in a mode. */
  focusRequest: { mode: ComposerMode; nonce: number } | null;
  onSend: (mode: ComposerMode, text: string) => Promise<boolean>;
  /** Where the draft is kept (the conversation's id); none keeps it only while mounted. */
  draftKey?: string;
  /** Told on each keystroke of a reply, and when the operator stops (blur, send): the typing indicator. */
  onTyping?: () => void;
  onTypingStop?: () => void;
}) {
  const [initial] = useState(() => (props.draftKey ? loadDraft(props.draftKey) : null));
  const [mode, setMode] = useState<ComposerMode>(initial?.mode ?? 'reply');
  const [text, setText] = useState(initial?.text ?? '');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(initial ? 'Your unsent draft is back.' : '');
  const [search, setSearch] = useState('');
  // Set when a send was refused for placeholders still in the reply; cleared once they are filled.
  const [blocked, setBlocked] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);
  const placeholders = mode === 'reply' ? unfilledPlaceholders(text) : [];
  const shown = searchTemplates(props.templates, search);

  useEffect(() => {
    if (props.draftKey) saveDraft(props.draftKey, { mode, text });
  }, [props.draftKey, mode, text]);

  // After a template is inserted, the cursor goes to its end.
  useLayoutEffect(() => {
    if (caret.current === null || !box.current) return;
    box.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [text]);

  function insertTemplate(template: PickerTemplate) {
    const element = box.current;
    const at = element ? element.selectionStart : text.length;
    const next = insertAtCursor(text, template.text, at, element ? element.selectionEnd : at);
    caret.current = next.caret;
    setText(next.text);
    const missing = template.unfilled?.length
      ? ` Fill in ${template.unfilled.map((name) => `{{${name}}}`).join(', ')} before sending.`
      : '';
    setStatus(
      (text.trim() === ''
        ? `Template “${template.label}” inserted.`
        : `Template “${template.label}” inserted at the cursor; your text is kept.`) + missing,
    );
    element?.focus();
  }

  /** A typed `/shortcut` followed by a space becomes its response, in place of those characters only. */
  function changeText(value: string, caretAt: number) {
    const found = mode === 'reply' ? shortcutAt(value, caretAt, props.templates) : null;
    if (!found) {
      setText(value);
      return;
    }
    const without = value.slice(0, found.start) + value.slice(found.end);
    const next = insertAtCursor(without, found.template.text, found.start);
    caret.current = next.caret;
    setText(next.text);
    setStatus(`Shortcut /${found.template.shortcut} expanded to “${found.template.label}”.`);
  }

  /** Selects the first placeholder left in the box, so typing replaces it. */
  function selectPlaceholder() {
    const element = box.current;
    const first = placeholders[0];
    if (!element || !first) return;
    const at = text.indexOf(first);
    element.focus();
    element.setSelectionRange(at, at + first.length);
  }

  useEffect(() => {
    if (!props.focusRequest) return;
    setMode(props.focusRequest.mode);
    box.current?.focus();
  }, [props.focusRequest]);

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (text.trim() === '' || busy) return;
    if (placeholders.length > 0) {
      // Never sends "{{…}}" to a customer: the operator fills each placeholder first.
      setBlocked(true);
      selectPlaceholder();
      return;
    }
    setBlocked(false);
    setBusy(true);
    props.onTypingStop?.();
    try {
      if (await props.onSend(mode, text.trim())) {
        setText('');
        if (mode === 'note') {
          setMode('reply');
          setStatus('Note added. The composer is back to replying to the customer.');
        } else setStatus('');
      }
    } finally {
      setBusy(false);
      box.current?.focus();
    }
  }

  return (
    <form className={`composer mode-${mode}`} onSubmit={send} aria-label="Write">
      <div className="tabs" role="radiogroup" aria-label="Write a">
        <label>
          <input
            type="radio"
            name="composer-mode"
            checked={mode === 'reply'}
            onChange={() => setMode('reply')}
          />{' '}
          Reply to the customer
        </label>
        <label>
          <input
            type="radio"
            name="composer-mode"
            checked={mode === 'note'}
            onChange={() => setMode('note')}
          />{' '}
          Internal note
        </label>
      </div>
      {mode === 'note' ? (
        <p className="mode-banner" data-testid="note-banner">
          Internal note: only colleagues see this, never the customer.
        </p>
      ) : null}
      {mode === 'reply' ? (
        <div className="templates" role="group" aria-label="Templates">
          <input
            type="search"
            className="template-search"
            aria-label="Search responses by title or /shortcut"
            placeholder="Search responses…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              // Enter picks the first match; it never submits (sends) the reply.
              if (event.key !== 'Enter') return;
              event.preventDefault();
              if (shown[0]) insertTemplate(shown[0]);
            }}
          />
          {shown.map((template) => (
            <button
              type="button"
              key={template.id}
              className={template.id.startsWith('canned:') ? 'template canned' : 'template'}
              title={template.text}
              data-scope={template.scope}
              onClick={() => insertTemplate(template)}
            >
              {template.label}
              {template.shortcut ? <span className="template-shortcut"> /{template.shortcut}</span> : null}
            </button>
          ))}
          {shown.length === 0 ? <span className="hint">No response matches “{search}”.</span> : null}
        </div>
      ) : null}
      <label htmlFor="composer-text" className="visually-hidden">
        {mode === 'reply' ? 'Your reply to the customer' : 'Your internal note (never shown to the customer)'}
      </label>
      <textarea
        id="composer-text"
        ref={box}
        dir="auto"
        rows={3}
        value={text}
        placeholder={
          mode === 'reply'
            ? 'Write to the customer…'
            : 'Write a note for colleagues (the customer never sees it)…'
        }
        aria-invalid={blocked && placeholders.length > 0 ? true : undefined}
        aria-describedby={placeholders.length > 0 ? 'composer-placeholders' : undefined}
        onChange={(event) => {
          changeText(event.target.value, event.target.selectionStart);
          // Only a reply shows as typing to the customer; a note is between colleagues.
          if (mode === 'reply') props.onTyping?.();
        }}
        onBlur={() => props.onTypingStop?.()}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      {placeholders.length > 0 ? (
        <p
          id="composer-placeholders"
          className={blocked ? 'placeholder-warning blocked' : 'placeholder-warning'}
          role={blocked ? 'alert' : undefined}
          data-testid="placeholder-warning"
        >
          {blocked ? 'Not sent: fill in ' : 'To fill in before sending: '}
          {placeholders.map((placeholder) => (
            <mark key={placeholder} dir="ltr">
              {placeholder}
            </mark>
          ))}{' '}
          <button type="button" className="link" onClick={selectPlaceholder}>
            Go to the first placeholder
          </button>
        </p>
      ) : null}
      <p className="composer-status" role="status">
        {status}
      </p>
      <div className="composer-actions">
        <span className="hint">Ctrl+Enter sends</span>
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          {mode === 'reply' ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
