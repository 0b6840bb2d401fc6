/**
 * The Requests page (`/requests`, one request at `/requests/<id>`): the open consults and approvals
 * waiting for operators, live, each answerable in place; the ones closed lately below, with the
 * result that stands. Also the requests of one conversation, shown inside the handoff panel.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BatonRequest } from '@baton/sdk';
import { useRoute } from 'wouter';
import { describeFailure, type ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { isAsk } from '../requests.ts';
import type { LiveRequests } from '../use-live-requests.ts';
import { RequestCard } from './request-card.tsx';
import { decodeParam } from './workspace.tsx';

export function Requests(props: { api: ConsoleApi; live: LiveRequests }) {
  const { api, live } = props;
  const [, params] = useRoute('/requests/:requestId');
  const focusId = params ? decodeParam(params.requestId) : null;
  const [focused, setFocused] = useState<BatonRequest | null>(null);
  const [focusError, setFocusError] = useState<string | null>(null);
  const update = live.update;
  const changed = useCallback(
    (request: BatonRequest) => {
      update(request);
      setFocused((known) => (known?.id === request.id ? request : known));
    },
    [update],
  );

  // A request opened by its address is read on its own: it may be closed, or in no listing.
  useEffect(() => {
    setFocused(null);
    setFocusError(null);
    if (!focusId) return;
    let current = true;
    api.getRequest(focusId).then(
      (request) => current && setFocused(request),
      (failure: unknown) =>
        current && setFocusError(`That request could not be opened: ${describeFailure(failure)}`),
    );
    return () => {
      current = false;
    };
  }, [api, focusId]);
  const listedFocus = focused && [...live.open, ...live.closed].find((request) => request.id === focused.id);
  const shownFocus = listedFocus ?? focused;

  const card = (request: BatonRequest) => (
    <li key={request.id}>
      <RequestCard
        api={api}
        request={request}
        customerName={live.customers.get(request.conversationId)}
        onChanged={changed}
      />
    </li>
  );
  return (
    <main className="requests-page" aria-labelledby="requests-title">
      <h2 id="requests-title">Requests</h2>
      <p className="hint">
        Consults and approvals the agent is waiting on. The agent keeps talking to the customer; your answer
        reaches it the moment you send it.
      </p>
      {live.error ? (
        <p role="alert" className="error">
          {live.error}
        </p>
      ) : null}
      {focusError ? (
        <p role="alert" className="error">
          {focusError}
        </p>
      ) : null}
      {shownFocus && isAsk(shownFocus) ? (
        <section aria-labelledby="focused-request-title" className="requests-focused">
          <h2 id="focused-request-title" className="visually-hidden">
            The request you opened
          </h2>
          <ul className="request-list">{card(shownFocus)}</ul>
        </section>
      ) : null}
      <section aria-labelledby="open-requests-title">
        <h2 id="open-requests-title">
          Waiting for an answer <span className="count">{live.open.length}</span>
        </h2>
        {live.loading ? (
          <p aria-live="polite">Loading the requests…</p>
        ) : live.open.filter((request) => request.id !== shownFocus?.id).length === 0 ? (
          <p className="empty">Nothing is waiting for an answer.</p>
        ) : (
          <ul className="request-list" data-testid="open-requests">
            {live.open.filter((request) => request.id !== shownFocus?.id).map(card)}
          </ul>
        )}
      </section>
      <section aria-labelledby="closed-requests-title">
        <h2 id="closed-requests-title">Recently closed</h2>
        {live.closed.length === 0 ? (
          <p className="empty">None yet.</p>
        ) : (
          <ul className="request-list closed" data-testid="closed-requests">
            {live.closed.filter((request) => request.id !== shownFocus?.id).map(card)}
          </ul>
        )}
      </section>
    </main>
  );
}

/**
 * The open (and this session's answered) consults and approvals of one conversation, read again
 * whenever an event touches a request of it. Shown in the handoff panel, answerable there.
 */
export function ConversationRequests(props: { api: ConsoleApi; hub: EventHub; conversationId: string }) {
  const { api, conversationId } = props;
  const [requests, setRequests] = useState<BatonRequest[]>([]);
  // Requests seen open here stay shown once closed, so the operator sees the result that stands.
  const [seenOpen, setSeenOpen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () =>
      api.listConversationRequests(conversationId).then(
        (listed) => {
          if (!active) return;
          const asks = listed.filter(isAsk);
          setRequests(asks);
          setSeenOpen((known) => {
            const next = new Set(known);
            for (const request of asks) if (request.status === 'open') next.add(request.id);
            return next;
          });
        },
        () => undefined,
      );
    setRequests([]);
    setSeenOpen(new Set());
    void read();
    const stop = props.hub.listen((event) => {
      if (event.conversationId !== conversationId || !event.type.startsWith('request-') || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void read();
      }, 150);
    });
    const stopConnection = props.hub.onConnection((connected) => connected && void read());
    return () => {
      active = false;
      stop();
      stopConnection();
      if (timer) clearTimeout(timer);
    };
  }, [api, props.hub, conversationId]);

  const changed = useCallback(
    (request: BatonRequest) =>
      setRequests((known) => known.map((item) => (item.id === request.id ? request : item))),
    [],
  );
  const shown = requests.filter((request) => request.status === 'open' || seenOpen.has(request.id));
  if (shown.length === 0) return null;
  return (
    <section className="conversation-requests" aria-labelledby="conversation-requests-title">
      <h3 id="conversation-requests-title">Requests from the agent</h3>
      <ul className="request-list">
        {shown.map((request) => (
          <li key={request.id}>
            <RequestCard api={api} request={request} onChanged={changed} level={4} />
          </li>
        ))}
      </ul>
    </section>
  );
}
