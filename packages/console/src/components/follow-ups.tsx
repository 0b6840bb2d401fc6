/**
 * Customers not to forget: callbacks they left (the number is a `tel:` link, so "call back" dials)
 * and customers who left while waiting. Each stays until an operator marks it done. Refreshed on
 * every handoff event and every half minute.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FollowUp } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { clockTime } from '../format.ts';

const REFRESH_MS = 30_000;

export function FollowUps(props: { api: ConsoleApi; hub: EventHub; onOpen: (handoffId: string) => void }) {
  const { api, hub } = props;
  const [items, setItems] = useState<FollowUp[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const refresh = useCallback(() => {
    api.listFollowUps({ state: 'open', limit: 50 }).then(
      (next) => {
        setItems(next);
        setError(null);
      },
      (failure: unknown) => setError(describeFailure(failure)),
    );
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    let pending: ReturnType<typeof setTimeout> | null = null;
    const stop = hub.listen((event) => {
      if (!event.type.startsWith('handoff-') || pending) return;
      pending = setTimeout(() => {
        pending = null;
        refresh();
      }, 300);
    });
    const stopConnection = hub.onConnection((connected) => connected && refresh());
    return () => {
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      stop();
      stopConnection();
    };
  }, [hub, refresh]);

  async function markDone(item: FollowUp) {
    try {
      await api.completeFollowUp(item.handoff.id);
      setStatus(`Follow-up for ${item.customerName ?? 'the customer'} marked done.`);
      setItems((known) => known?.filter((other) => other.handoff.id !== item.handoff.id) ?? null);
    } catch (failure) {
      setError(describeFailure(failure));
    }
  }

  return (
    <section className="follow-ups" aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title">
        Follow-ups <span className="count">{items ? `${items.length} open` : ''}</span>
      </h2>
      {status ? (
        <p role="status" className="notice-inline">
          {status}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {items && items.length === 0 ? (
        <p className="empty">No callbacks or left customers to follow up.</p>
      ) : null}
      <ul className="follow-up-list" aria-label="Open follow-ups">
        {(items ?? []).map((item) => {
          const phone = item.handoff.callback?.phone;
          const name = item.customerName ?? item.handoff.conversationId;
          return (
            <li key={item.handoff.id} className="follow-up" data-handoff-id={item.handoff.id}>
              <p className="follow-up-head">
                <strong>{name}</strong>{' '}
                <span className="chip">
                  {item.kind === 'callback' ? 'asked for a callback' : 'left while waiting'}
                </span>{' '}
                <time dateTime={item.handoff.requestedAt}>{clockTime(item.handoff.requestedAt)}</time>
              </p>
              {item.handoff.callback?.message ? (
                <p className="follow-up-message" dir="auto">
                  “{item.handoff.callback.message}”
                </p>
              ) : null}
              <p className="follow-up-actions">
                {phone ? (
                  <a className="button primary" href={`tel:${phone.replace(/[^\d+]/g, '')}`}>
                    Call back {phone}
                  </a>
                ) : null}
                <button type="button" onClick={() => props.onOpen(item.handoff.id)}>
                  Open conversation
                </button>
                <button type="button" onClick={() => void markDone(item)}>
                  Mark done<span className="visually-hidden"> for {name}</span>
                </button>
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
