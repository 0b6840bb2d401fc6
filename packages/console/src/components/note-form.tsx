/** A note with an optional queue picker: used to transfer (to a queue) and to return (to the agent). */
import { useState, type FormEvent } from 'react';

export function NoteForm(props: {
  submitLabel: string;
  noteLabel: string;
  noteRequired: boolean;
  /** When given, the form asks which queue (transfer). */
  queues?: string[];
  onSubmit: (input: { note: string; queue: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const [queue, setQueue] = useState(props.queues?.[0] ?? '');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await props.onSubmit({ note: note.trim(), queue: queue.trim() });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit}>
      {props.queues ? (
        <>
          <label htmlFor="note-form-queue">Queue</label>
          {props.queues.length > 0 ? (
            <select
              id="note-form-queue"
              value={queue}
              required
              onChange={(event) => setQueue(event.target.value)}
            >
              {props.queues.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="note-form-queue"
              value={queue}
              required
              onChange={(event) => setQueue(event.target.value)}
            />
          )}
        </>
      ) : null}
      <label htmlFor="note-form-note">{props.noteLabel}</label>
      <textarea
        id="note-form-note"
        rows={4}
        value={note}
        required={props.noteRequired}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
