/**
 * The queue: open handoffs by urgency then waiting time, each with its priority, wait and
 * service-level state (in words and colour, never colour alone), reason chips and the customer's
 * first words. Rows are buttons, so Tab and Enter work; j/k move the selection.
 */
import type { ReactNode } from 'react';
import type { Handoff } from '@baton/sdk';
import { formatDuration, secondsSince, serviceLevel, triggerLabel } from '../format.ts';
import { maskForDisplay } from '../mask.ts';
import { shortQuote } from '../templates.ts';
import type { Attention } from '../use-attention.ts';
import type { ConversationGist } from '../use-live-queue.ts';
import type { BulkSelection } from './bulk-bar.tsx';

const LEVEL_WORDS = { ok: 'within target', warning: 'near target', breached: 'over target' } as const;

function QueueRow(props: {
  handoff: Handoff;
  gist: ConversationGist | undefined;
  selected: boolean;
  mine: boolean;
  now: number;
  unread: number;
  onSelect: () => void;
  typing?: boolean;
  selection?: BulkSelection;
}) {
  const { handoff } = props;
  const waited = secondsSince(
    handoff.requestedAt,
    handoff.claimedAt ? Date.parse(handoff.claimedAt) : props.now,
  );
  const level = handoff.status === 'queued' ? serviceLevel(handoff.priority, waited) : 'ok';
  const signals = [...new Set(handoff.firings.map((firing) => firing.signal))].slice(0, 3);
  const label = props.gist?.customerName ?? handoff.conversationId;
  return (
    <li className={props.selection ? 'selectable' : undefined}>
      {props.selection ? (
        <input
          type="checkbox"
          className="bulk-check"
          aria-label={`Select ${label}`}
          checked={props.selection.selected.has(handoff.id)}
          onChange={() => undefined}
          onClick={(event) => props.selection!.toggle(handoff.id, event.shiftKey)}
        />
      ) : null}
      <button
        type="button"
        className={`queue-row level-${level}${props.selected ? ' selected' : ''}${props.unread > 0 ? ' unread' : ''}`}
        aria-current={props.selected ? 'true' : undefined}
        data-handoff-id={handoff.id}
        onClick={props.onSelect}
      >
        <span className="row-top">
          <span className={`priority priority-${handoff.priority}`}>{handoff.priority}</span>
          <span className="customer">{props.gist?.customerName ?? handoff.conversationId}</span>
          {props.unread > 0 ? (
            <span className="unread-count" data-testid="unread-count">
              {props.unread} <span className="visually-hidden">unread</span>
            </span>
          ) : null}
          <span className={`wait level-${level}`}>
            {handoff.status === 'queued' ? (
              <>
                {formatDuration(waited)} <span className="level-words">· {LEVEL_WORDS[level]}</span>
              </>
            ) : (
              <>with {props.mine ? 'you' : handoff.claimedBy}</>
            )}
          </span>
        </span>
        <span className="chips">
          <span className="chip chip-trigger">{triggerLabel(handoff.trigger)}</span>
          {signals.map((signal) => (
            <span className="chip" key={signal}>
              {signal.replace(/_/g, ' ')}
            </span>
          ))}
          <span className="chip chip-queue">{handoff.queue}</span>
        </span>
        {props.typing ? (
          <span className="typing-hint" data-testid="typing-hint">
            Customer is typing…
          </span>
        ) : null}
        {handoff.callback ? (
          <span className="callback-chip">
            Callback requested{handoff.callback.phone ? `: ${handoff.callback.phone}` : ''}
          </span>
        ) : null}
        <span className="first-words">
          {props.gist ? `“${shortQuote(maskForDisplay(props.gist.firstWords).text, 90)}”` : handoff.reason}
        </span>
      </button>
    </li>
  );
}

export function QueueList(props: {
  handoffs: Handoff[];
  gists: ReadonlyMap<string, ConversationGist>;
  selectedId: string | null;
  myName: string;
  now: number;
  loading: boolean;
  error: string | null;
  connected: boolean;
  /** The queue matches the server's (the last listing succeeded, no read failed since). */
  synced: boolean;
  attention: Attention;
  onSelect: (handoffId: string) => void;
  /** Open handoffs the current view leaves out. */
  hiddenByFilter?: number;
  /** Shown above the queue (search) and below it (follow-ups, history). */
  before?: ReactNode;
  after?: ReactNode;
  /** Conversations whose customer is typing now. */
  typingConversations?: ReadonlySet<string>;
  /** Checkboxes for bulk moves. */
  selection?: BulkSelection;
}) {
  const waiting = props.handoffs.filter((handoff) => handoff.status === 'queued').length;
  const { attention } = props;
  const badge = !props.connected ? 'Reconnecting…' : props.synced ? 'Live' : 'Catching up…';
  return (
    <nav className="queue" aria-labelledby="queue-title">
      {props.before}
      <div className="queue-head">
        <h2 id="queue-title">
          Queue <span className="count">{waiting} waiting</span>
        </h2>
        <span className={`live ${badge === 'Live' ? 'on' : 'off'}`} aria-live="polite" data-testid="live">
          {badge}
        </span>
      </div>
      <div className="alerts-settings">
        {attention.permission === 'default' ? (
          <button type="button" onClick={attention.askPermission}>
            Notify me of new messages
          </button>
        ) : attention.permission === 'denied' ? (
          <span className="hint">Notifications are blocked in this browser.</span>
        ) : null}
        <label>
          <input
            type="checkbox"
            checked={attention.sound}
            onChange={(event) => attention.setSound(event.target.checked)}
          />{' '}
          Sound
        </label>
      </div>
      {props.error ? (
        <p role="alert" className="error">
          {props.error}
        </p>
      ) : null}
      {props.loading ? <p>Loading…</p> : null}
      {!props.loading && props.handoffs.length === 0 && !props.hiddenByFilter ? (
        <p className="empty">Nobody is waiting. New handoffs appear here as they arrive.</p>
      ) : null}
      {props.hiddenByFilter ? (
        <p className="hint" data-testid="hidden-by-filter">
          {props.hiddenByFilter} more not shown by this view.
        </p>
      ) : null}
      <ul className="queue-list" aria-label="Open handoffs">
        {props.handoffs.map((handoff) => (
          <QueueRow
            key={handoff.id}
            handoff={handoff}
            gist={props.gists.get(handoff.conversationId)}
            selected={handoff.id === props.selectedId}
            mine={props.myName !== '' && handoff.claimedBy === props.myName}
            now={props.now}
            unread={attention.unread.get(handoff.conversationId) ?? 0}
            onSelect={() => props.onSelect(handoff.id)}
            typing={props.typingConversations?.has(handoff.conversationId) ?? false}
            {...(props.selection ? { selection: props.selection } : {})}
          />
        ))}
      </ul>
      {props.after}
    </nav>
  );
}
