/**
 * The latest resolved handoffs with their outcome (solved or not, warranted or not), newest first;
 * each opens its conversation. Refreshed when a handoff is resolved.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Handoff } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { clockTime, triggerLabel } from '../format.ts';

/** The outcome's answers in words. */
export function outcomeWords(handoff: Handoff): string {
  const outcome = handoff.outcome;
  if (!outcome) return 'no outcome recorded';
  return [
    outcome.resolved ? 'problem solved' : 'problem not solved',
    outcome.warranted ? 'handoff warranted' : 'handoff not warranted',
    outcome.agentCouldHaveHandled ? 'the agent could have handled it' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function History(props: { api: ConsoleApi; hub: EventHub; onOpen: (handoffId: string) => void }) {
  const { api, hub } = props;
  const [items, setItems] = useState<Handoff[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    api.listHandoffs({ status: 'resolved', limit: 200 }).then(
      (list) => {
        const newest = [...list]
          .sort((a, b) => Date.parse(b.endedAt ?? b.requestedAt) - Date.parse(a.endedAt ?? a.requestedAt))
          .slice(0, 15);
        setItems(newest);
        setError(null);
      },
      (failure: unknown) => setError(describeFailure(failure)),
    );
  }, [api]);
  useEffect(() => {
    refresh();
    return hub.listen((event) => event.type === 'handoff-resolved' && refresh());
  }, [hub, refresh]);

  return (
    <details className="history">
      <summary className="history-title">Recently resolved</summary>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {items && items.length === 0 ? <p className="empty">Nothing resolved yet.</p> : null}
      <ul className="history-list" aria-label="Recently resolved handoffs">
        {(items ?? []).map((handoff) => (
          <li key={handoff.id}>
            <button type="button" className="search-hit" onClick={() => props.onOpen(handoff.id)}>
              <span className="row-top">
                <span className="customer">{handoff.conversationId}</span>
                <span className="hint">
                  {handoff.endedAt ? (
                    <time dateTime={handoff.endedAt}>{clockTime(handoff.endedAt)}</time>
                  ) : null}
                </span>
              </span>
              <span className="first-words">
                {triggerLabel(handoff.trigger)} · by {handoff.claimedBy ?? 'nobody'}
              </span>
              <span className="hint">{outcomeWords(handoff)}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
