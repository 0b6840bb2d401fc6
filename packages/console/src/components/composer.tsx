/**
 * Reply to the customer in the same thread, or write an internal note. Templates fill the box with
 * a reply that acknowledges what the customer already said; the operator edits, then sends
 * (Ctrl/⌘+Enter or the button).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReplyTemplate } from '../templates.ts';

export type ComposerMode = 'reply' | 'note';

export function Composer(props: {
  templates: ReplyTemplate[];
  /** Changes (new nonce) when a shortcut asks to focus the box in a mode. */
  focusRequest: { mode: ComposerMode; nonce: number } | null;
  onSend: (mode: ComposerMode, text: string) => Promise<boolean>;
}) {
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!props.focusRequest) return;
    setMode(props.focusRequest.mode);
    box.current?.focus();
  }, [props.focusRequest]);

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (text.trim() === '' || busy) return;
    setBusy(true);
    try {
      if (await props.onSend(mode, text.trim())) setText('');
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
      {mode === 'reply' ? (
        <div className="templates" role="group" aria-label="Templates">
          {props.templates.map((template) => (
            <button
              type="button"
              key={template.id}
              className="template"
              title={template.text}
              onClick={() => {
                setText(template.text);
                box.current?.focus();
              }}
            >
              {template.label}
            </button>
          ))}
        </div>
      ) : null}
      <label htmlFor="composer-text" className="visually-hidden">
        {mode === 'reply' ? 'Your reply to the customer' : 'Your internal note (never shown to the customer)'}
      </label>
      <textarea
        id="composer-text"
        ref={box}
        rows={3}
        value={text}
        placeholder={
          mode === 'reply'
            ? 'Write to the customer…'
            : 'Write a note for colleagues (the customer never sees it)…'
        }
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div className="composer-actions">
        <span className="hint">Ctrl+Enter sends</span>
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          {mode === 'reply' ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
