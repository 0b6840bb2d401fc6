/**
 * The structured hand-back, filled in when an operator returns the conversation to the agent: a
 * note (required), what the operator did (action and result rows), what they promised the
 * customer and by when, and what the agent must and must not do next (one per line). The agent's
 * next answer carries all of it; open promises ride on its answers until kept, and a later
 * handoff's brief shows them.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { StructuredReturn } from '../api.ts';

interface ActionRow {
  key: number;
  action: string;
  result: string;
}

interface PromiseRow {
  key: number;
  text: string;
  /** A `datetime-local` value (the operator's own time), or empty. */
  due: string;
}

/** One item per non-empty line. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The form's values as the return route takes them (empty parts left out). */
export function structuredReturn(input: {
  note: string;
  actions: readonly { action: string; result: string }[];
  promises: readonly { text: string; due: string }[];
  must: string;
  mustNot: string;
}): StructuredReturn {
  const actions = input.actions
    .filter((row) => row.action.trim())
    .map((row) => ({ action: row.action.trim(), result: row.result.trim() }));
  const promises = input.promises
    .filter((row) => row.text.trim())
    .map((row) => ({
      text: row.text.trim(),
      ...(row.due ? { dueAt: new Date(row.due).toISOString() } : {}),
    }));
  const must = lines(input.must);
  const mustNot = lines(input.mustNot);
  return {
    note: input.note.trim(),
    ...(actions.length > 0 ? { actions } : {}),
    ...(promises.length > 0 ? { promises } : {}),
    ...(must.length > 0 ? { must } : {}),
    ...(mustNot.length > 0 ? { mustNot } : {}),
  };
}

export function ReturnForm(props: {
  onSubmit: (handBack: StructuredReturn) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [note, setNote] = useState('');
  const [actions, setActions] = useState<ActionRow[]>([]);
  const [promises, setPromises] = useState<PromiseRow[]>([]);
  const [must, setMust] = useState('');
  const [mustNot, setMustNot] = useState('');
  const [busy, setBusy] = useState(false);
  const nextKey = useRef(1);
  const [problem, setProblem] = useState<string | null>(null);

  const newKey = () => (nextKey.current += 1);
  // A new row's first field takes the focus, so the keyboard goes on where the row appeared.
  const focusLater = (elementId: string) =>
    requestAnimationFrame(() => document.getElementById(elementId)?.focus());

  function addAction() {
    const key = newKey();
    setActions((rows) => [...rows, { key, action: '', result: '' }]);
    focusLater(`${id}-action-${key}`);
  }
  function addPromise() {
    const key = newKey();
    setPromises((rows) => [...rows, { key, text: '', due: '' }]);
    focusLater(`${id}-promise-${key}`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const undated = promises.find((row) => row.due && Number.isNaN(new Date(row.due).getTime()));
    if (undated) {
      setProblem(`The due time of “${undated.text}” is not a time.`);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await props.onSubmit(structuredReturn({ note, actions, promises, must, mustNot }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="return-form">
      <label htmlFor={`${id}-note`}>Note for the agent (it gets it with its next answer)</label>
      <textarea
        id={`${id}-note`}
        rows={3}
        dir="auto"
        value={note}
        required
        onChange={(event) => setNote(event.target.value)}
      />

      <fieldset>
        <legend>What I did</legend>
        {actions.length === 0 ? <p className="hint">Nothing listed yet.</p> : null}
        {actions.map((row, index) => (
          <div className="hand-back-row" key={row.key} data-testid="hand-back-action">
            <label htmlFor={`${id}-action-${row.key}`}>Action {index + 1}</label>
            <input
              id={`${id}-action-${row.key}`}
              dir="auto"
              value={row.action}
              required
              onChange={(event) =>
                setActions((rows) =>
                  rows.map((item) => (item.key === row.key ? { ...item, action: event.target.value } : item)),
                )
              }
            />
            <label htmlFor={`${id}-result-${row.key}`}>Result {index + 1}</label>
            <input
              id={`${id}-result-${row.key}`}
              dir="auto"
              value={row.result}
              onChange={(event) =>
                setActions((rows) =>
                  rows.map((item) => (item.key === row.key ? { ...item, result: event.target.value } : item)),
                )
              }
            />
            <button
              type="button"
              onClick={() => setActions((rows) => rows.filter((item) => item.key !== row.key))}
            >
              Remove<span className="visually-hidden"> action {index + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" onClick={addAction}>
          Add what I did
        </button>
      </fieldset>

      <fieldset>
        <legend>Promises to the customer</legend>
        {promises.length === 0 ? <p className="hint">No promises.</p> : null}
        {promises.map((row, index) => (
          <div className="hand-back-row" key={row.key} data-testid="hand-back-promise">
            <label htmlFor={`${id}-promise-${row.key}`}>Promise {index + 1}</label>
            <input
              id={`${id}-promise-${row.key}`}
              dir="auto"
              value={row.text}
              required
              onChange={(event) =>
                setPromises((rows) =>
                  rows.map((item) => (item.key === row.key ? { ...item, text: event.target.value } : item)),
                )
              }
            />
            <label htmlFor={`${id}-due-${row.key}`}>Due by (optional)</label>
            <input
              id={`${id}-due-${row.key}`}
              type="datetime-local"
              value={row.due}
              onChange={(event) =>
                setPromises((rows) =>
                  rows.map((item) => (item.key === row.key ? { ...item, due: event.target.value } : item)),
                )
              }
            />
            <button
              type="button"
              onClick={() => setPromises((rows) => rows.filter((item) => item.key !== row.key))}
            >
              Remove<span className="visually-hidden"> promise {index + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" onClick={addPromise}>
          Add a promise
        </button>
      </fieldset>

      <label htmlFor={`${id}-must`}>The agent must (one per line)</label>
      <textarea
        id={`${id}-must`}
        rows={2}
        dir="auto"
        value={must}
        onChange={(event) => setMust(event.target.value)}
      />
      <label htmlFor={`${id}-must-not`}>The agent must not (one per line)</label>
      <textarea
        id={`${id}-must-not`}
        rows={2}
        dir="auto"
        value={mustNot}
        onChange={(event) => setMustNot(event.target.value)}
      />
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Return to agent
        </button>
      </div>
    </form>
  );
}
