/** The operator's workspace: the live queue beside the selected handoff. */
import { useEffect, useMemo, useState } from 'react';
import type { Handoff } from '@baton/sdk';
import type { ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { useCommand, type IssuedCommand } from '../use-command.ts';
import { useLiveQueue } from '../use-live-queue.ts';
import { HandoffPanel } from './handoff-panel.tsx';
import { QueueList } from './queue-list.tsx';

export function Workspace(props: {
  api: ConsoleApi;
  hub: EventHub;
  myName: string;
  connected: boolean;
  command: IssuedCommand | null;
  onClaimedAs: (name: string) => void;
}) {
  const live = useLiveQueue(props.api, props.hub);
  const [selected, setSelected] = useState<Handoff | null>(null);
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
    props.api.getHandoff(selected.id).then(setSelected, () => undefined);
  }, [gone, selected, props.api]);

  // The tab's title counts who is waiting, so a console in a background tab still shows it.
  const waiting = live.handoffs.filter((handoff) => handoff.status === 'queued').length;
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) Baton console` : 'Baton console';
  }, [waiting]);

  const queues = useMemo(
    () => [...new Set(['general', ...live.handoffs.map((handoff) => handoff.queue)])].sort(),
    [live.handoffs],
  );

  useCommand(props.command, (command) => {
    if (command !== 'next' && command !== 'previous') return;
    const list = live.handoffs;
    if (list.length === 0) return;
    const index = current ? list.findIndex((handoff) => handoff.id === current.id) : -1;
    const next = command === 'next' ? Math.min(list.length - 1, index + 1) : Math.max(0, index - 1);
    setSelected(list[next]!);
    document.querySelector<HTMLElement>(`.queue-row[data-handoff-id="${list[next]!.id}"]`)?.focus();
  });

  return (
    <main className="workspace">
      <QueueList
        handoffs={live.handoffs}
        gists={live.gists}
        selectedId={current?.id ?? null}
        myName={props.myName}
        now={now}
        loading={live.loading}
        error={live.error}
        connected={props.connected}
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
