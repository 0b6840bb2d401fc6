/**
 * Bulk moves over the queue: rows are selected with their checkboxes (shift-click selects the range
 * from the last one clicked; "Select all in view" takes what the current view shows), then resolved
 * with one outcome or transferred to one queue. Each handoff succeeds or fails on its own; the
 * results list says which and why, failed ones stay selected to try again, and the others go on.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { BulkItemResult, Handoff } from '@baton/sdk';
import { describeFailure } from '../api.ts';
import type { CollaborationApi } from '../collaboration-api.ts';

export interface BulkSelection {
  selected: ReadonlySet<string>;
  /** Toggles one row; with `range`, sets every row from the last one toggled to this one. */
  toggle(handoffId: string, range: boolean): void;
  setAll(selected: boolean): void;
  keepOnly(handoffIds: Iterable<string>): void;
}

/** The selection over the rows shown now (rows that leave the view leave the selection). */
export function useBulkSelection(shown: readonly Handoff[]): BulkSelection {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const ids = useMemo(() => shown.map((handoff) => handoff.id), [shown]);
  const selected = useMemo(() => new Set(ids.filter((id) => picked.has(id))), [ids, picked]);
  const toggle = useCallback(
    (handoffId: string, range: boolean) => {
      setPicked((previous) => {
        const next = new Set([...previous].filter((id) => ids.includes(id)));
        const from = anchor.current === null ? -1 : ids.indexOf(anchor.current);
        const to = ids.indexOf(handoffId);
        if (range && from >= 0 && to >= 0) {
          const on = !previous.has(handoffId);
          for (const id of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) {
            if (on) next.add(id);
            else next.delete(id);
          }
        } else if (next.has(handoffId)) next.delete(handoffId);
        else next.add(handoffId);
        return next;
      });
      anchor.current = handoffId;
    },
    [ids],
  );
  const setAll = useCallback((on: boolean) => setPicked(on ? new Set(ids) : new Set()), [ids]);
  const keepOnly = useCallback((handoffIds: Iterable<string>) => setPicked(new Set(handoffIds)), []);
  return { selected, toggle, setAll, keepOnly };
}

/** One handoff's result, named as the operator sees it. */
interface ShownResult extends BulkItemResult {
  label: string;
}

export function BulkBar(props: {
  api: CollaborationApi | undefined;
  selection: BulkSelection;
  shown: readonly Handoff[];
  queues: string[];
  labelOf: (handoff: Handoff) => string;
  onChanged: (handoff: Handoff) => void;
}) {
  const { selection } = props;
  const [resolved, setResolved] = useState(true);
  const [warranted, setWarranted] = useState(true);
  const [queue, setQueue] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ShownResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!props.api) return null;
  const api = props.api;
  const count = selection.selected.size;
  const all = props.shown.length > 0 && count === props.shown.length;
  const labels = new Map(props.shown.map((handoff) => [handoff.id, props.labelOf(handoff)]));

  async function run(request: Parameters<CollaborationApi['bulk']>[0]) {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.bulk(request);
      for (const item of answer.results) if (item.handoff) props.onChanged(item.handoff);
      setResults(
        answer.results.map((item) => ({ ...item, label: labels.get(item.handoffId) ?? item.handoffId })),
      );
      selection.keepOnly(answer.results.filter((item) => !item.ok).map((item) => item.handoffId));
    } catch (failure) {
      setError(`Nothing was changed: ${describeFailure(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  const ids = [...selection.selected];
  const targets = props.queues;
  return (
    <section className="bulk-bar" aria-label="Bulk actions" data-testid="bulk-bar">
      <label className="bulk-all">
        <input type="checkbox" checked={all} onChange={(event) => selection.setAll(event.target.checked)} />{' '}
        Select all {props.shown.length} in view
      </label>
      {count > 0 ? (
        <div className="bulk-actions">
          <p className="bulk-count" aria-live="polite">
            {count} selected
          </p>
          <form
            className="bulk-resolve"
            onSubmit={(event) => {
              event.preventDefault();
              void run({ action: 'resolve', handoffIds: ids, outcome: { resolved, warranted } });
            }}
          >
            <label>
              <input
                type="checkbox"
                checked={resolved}
                onChange={(event) => setResolved(event.target.checked)}
              />{' '}
              Problem solved
            </label>
            <label>
              <input
                type="checkbox"
                checked={warranted}
                onChange={(event) => setWarranted(event.target.checked)}
              />{' '}
              A person was needed
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Resolve {count}
            </button>
          </form>
          <form
            className="bulk-transfer"
            onSubmit={(event) => {
              event.preventDefault();
              if (queue) void run({ action: 'transfer', handoffIds: ids, queue });
            }}
          >
            <label htmlFor="bulk-queue">Transfer to</label>{' '}
            <select id="bulk-queue" value={queue} onChange={(event) => setQueue(event.target.value)}>
              <option value="">choose a queue</option>
              {targets.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>{' '}
            <button type="submit" disabled={busy || !queue}>
              Transfer {count}
            </button>
          </form>
          <button type="button" onClick={() => selection.setAll(false)}>
            Clear selection
          </button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {results ? (
        <div className="bulk-results" role="status" data-testid="bulk-results">
          <p>
            {results.filter((item) => item.ok).length} done, {results.filter((item) => !item.ok).length} not
            done.
          </p>
          <ul>
            {results.map((item) => (
              <li key={item.handoffId} className={item.ok ? 'ok' : 'failed'} data-handoff-id={item.handoffId}>
                <span dir="auto">{item.label}</span>: {item.ok ? 'done' : (item.error?.detail ?? 'failed')}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setResults(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </section>
  );
}
