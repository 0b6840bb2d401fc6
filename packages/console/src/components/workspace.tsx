/** The operator's workspace: the live queue beside the selected handoff. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useRoute } from 'wouter';
import type { Handoff } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { tabTitle, useAttention } from '../use-attention.ts';
import { useCommand, type IssuedCommand } from '../use-command.ts';
import { useLiveQueue } from '../use-live-queue.ts';
import { HandoffPanel } from './handoff-panel.tsx';
import { FollowUps } from './follow-ups.tsx';
import { History } from './history.tsx';
import { applyFilter, loadFilter, QueueFilters, saveFilter, type QueueFilter } from './queue-filters.tsx';
import { QueueList } from './queue-list.tsx';
import { SearchBox } from './search-box.tsx';
// Collaboration: customer typing, bulk moves.
import { useCustomerTyping } from '../use-typing.ts';
import { BulkBar, useBulkSelection } from './bulk-bar.tsx';

/** The address of one handoff in the console. */
export const handoffPath = (handoffId: string) => `/handoffs/${encodeURIComponent(handoffId)}`;

/** A route parameter as written in the address, decoded (left as is if it is not valid encoding). */
export function decodeParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

export function Workspace(props: {
  api: ConsoleApi;
  hub: EventHub;
  myName: string;
  connected: boolean;
  command: IssuedCommand | null;
  onClaimedAs: (name: string) => void;
}) {
  const live = useLiveQueue(props.api, props.hub);
  const [selected, setSelectedState] = useState<Handoff | null>(null);
  // Each handoff has its own address (/handoffs/<id>), so it can be opened in a new tab or shared;
  // the route is the truth for which one is open, so back and forward follow it.
  const [location, navigate] = useLocation();
  const [, params] = useRoute('/handoffs/:handoffId');
  const routeId = params ? decodeParam(params.handoffId) : null;
  const shownId = useRef<string | null>(null);
  shownId.current = selected?.id ?? null;
  const setSelected = (handoff: Handoff | null) => {
    const path = handoff ? handoffPath(handoff.id) : '/';
    setSelectedState(handoff);
    if (location !== path) navigate(path);
  };
  const [linkError, setLinkError] = useState<string | null>(null);
  // Opens any handoff by id (a search hit, a follow-up, a resolved one from the history).
  const openById = (handoffId: string) =>
    props.api.getHandoff(handoffId).then(
      (handoff) => {
        setLinkError(null);
        setSelected(handoff);
      },
      (failure: unknown) => setLinkError(`That handoff could not be opened: ${describeFailure(failure)}`),
    );
  // The address names a handoff not shown yet (a link, a new tab, back/forward, an accepted offer).
  useEffect(() => {
    if (!routeId) return setSelectedState(null);
    if (shownId.current === routeId) return;
    let current = true;
    props.api.getHandoff(routeId).then(
      (handoff) => {
        if (!current) return;
        setLinkError(null);
        setSelectedState(handoff);
      },
      (failure: unknown) =>
        current && setLinkError(`That handoff could not be opened: ${describeFailure(failure)}`),
    );
    return () => {
      current = false;
    };
  }, [routeId, props.api]);
  const [now, setNow] = useState(() => Date.now());

  // Waiting times tick once a second.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // The selected handoff follows the queue's newer copy; once closed it stays shown as it ended.
  const current = selected ? (live.handoffs.find((handoff) => handoff.id === selected.id) ?? selected) : null;
  // A handoff that left the queue while shown (the customer left, a colleague resolved it) is read
  // once more, so the panel shows how it ended instead of offering moves that no longer apply.
  const gone = selected !== null && !live.handoffs.some((handoff) => handoff.id === selected.id);
  useEffect(() => {
    if (!gone || !selected || (selected.status !== 'queued' && selected.status !== 'claimed')) return;
    props.api.getHandoff(selected.id).then(setSelectedState, () => undefined);
  }, [gone, selected, props.api]);

  const attention = useAttention({
    hub: props.hub,
    handoffs: live.handoffs,
    gists: live.gists,
    openConversationId: current?.conversationId ?? null,
    onOpen: (conversationId) => {
      const handoff = live.handoffs.find((item) => item.conversationId === conversationId);
      if (handoff) setSelected(handoff);
    },
  });

  // The tab's title counts who is waiting and what is unread, so a background tab still shows it.
  const waiting = live.handoffs.filter((handoff) => handoff.status === 'queued').length;
  useEffect(() => {
    document.title = tabTitle(waiting, attention.totalUnread);
  }, [waiting, attention.totalUnread]);

  const queues = useMemo(
    () => [...new Set(['general', ...live.handoffs.map((handoff) => handoff.queue)])].sort(),
    [live.handoffs],
  );

  const [filter, setFilterState] = useState<QueueFilter>(loadFilter);
  const setFilter = (next: QueueFilter) => {
    saveFilter(next);
    setFilterState(next);
  };
  const shown = applyFilter(live.handoffs, filter, props.myName, live.gists);
  const languages = [
    ...new Set([...live.gists.values()].map((gist) => gist.language).filter((language) => !!language)),
  ].sort() as string[];

  const customerTyping = useCustomerTyping(props.api.collaboration);
  const selection = useBulkSelection(shown);

  useCommand(props.command, (command) => {
    if (command !== 'next' && command !== 'previous') return;
    const list = shown;
    if (list.length === 0) return;
    const index = current ? list.findIndex((handoff) => handoff.id === current.id) : -1;
    const next = command === 'next' ? Math.min(list.length - 1, index + 1) : Math.max(0, index - 1);
    setSelected(list[next]!);
    document.querySelector<HTMLElement>(`.queue-row[data-handoff-id="${list[next]!.id}"]`)?.focus();
  });

  return (
    <main className="workspace">
      <QueueList
        handoffs={shown}
        hiddenByFilter={live.handoffs.length - shown.length}
        gists={live.gists}
        selectedId={current?.id ?? null}
        myName={props.myName}
        now={now}
        loading={live.loading}
        error={linkError ?? live.error}
        connected={props.connected}
        synced={live.synced}
        attention={attention}
        before={
          <>
            <SearchBox api={props.api} onOpen={(id) => void openById(id)} />
            <QueueFilters filter={filter} queues={queues} languages={languages} onChange={setFilter} />
            <BulkBar
              api={props.api.collaboration}
              selection={selection}
              shown={shown}
              queues={queues}
              labelOf={(handoff) =>
                live.gists.get(handoff.conversationId)?.customerName ?? handoff.conversationId
              }
              onChanged={live.update}
            />
          </>
        }
        after={
          <>
            <FollowUps api={props.api} hub={props.hub} onOpen={(id) => void openById(id)} />
            <History api={props.api} hub={props.hub} onOpen={(id) => void openById(id)} />
          </>
        }
        typingConversations={customerTyping}
        {...(props.api.collaboration ? { selection } : {})}
        onSelect={(handoffId) =>
          setSelected(live.handoffs.find((handoff) => handoff.id === handoffId) ?? null)
        }
      />
      {current ? (
        <HandoffPanel
          key={current.id}
          api={props.api}
          hub={props.hub}
          handoff={current}
          myName={props.myName}
          queues={queues}
          command={props.command}
          onChanged={(handoff) => {
            live.update(handoff);
            setSelected(handoff);
          }}
          onClaimedAs={props.onClaimedAs}
          customerTyping={customerTyping.has(current.conversationId)}
        />
      ) : (
        <section className="handoff empty-state" aria-label="No handoff selected">
          <h2>Pick a handoff from the queue</h2>
          <p>
            The brief comes first, then the whole conversation. Press <kbd>j</kbd>/<kbd>k</kbd> to move
            through the queue, <kbd>c</kbd> to claim, <kbd>?</kbd> for every shortcut.
          </p>
        </section>
      )}
    </main>
  );
}
