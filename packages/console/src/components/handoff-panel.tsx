/**
 * One handoff, worked on: claim it, read the brief, then the whole thread, reply or note, and
 * transfer, return or resolve. A lost claim says who won. The thread follows the event stream.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ConversationView, Handoff } from '@baton/sdk';
import { describeFailure, isLostClaim, type ConsoleApi } from '../api.ts';
import { briefChanges, readBrief, type BriefView } from '../brief.ts';
import type { EventHub } from '../event-hub.ts';
import { formatDuration, secondsSince, triggerLabel } from '../format.ts';
import { maskForDisplay } from '../mask.ts';
import { shortQuote } from '../templates.ts';
import { replyTemplates } from '../templates.ts';
import { useCannedTemplates } from '../use-canned-responses.ts';
import { useCommand, type IssuedCommand } from '../use-command.ts';
import { BriefPanel } from './brief-panel.tsx';
import { Composer, type ComposerMode } from './composer.tsx';
import { Modal } from './modal.tsx';
import { NoteForm } from './note-form.tsx';
import { OutcomeForm } from './outcome-form.tsx';
import { ProfilePanel } from './profile-panel.tsx';
import { ReplyTimer } from './reply-timer.tsx';
import { ConversationRequests } from './requests.tsx';
import { ReturnForm } from './return-form.tsx';
import { RoutingPanel } from './routing-panel.tsx';
import { Thread } from './thread.tsx';
// Collaboration: typing indicators both ways, assign and take over.
import { useOperatorTyping } from '../use-typing.ts';
import { CollaborationActions } from './assign-dialog.tsx';
import { TypingIndicator } from './typing-indicator.tsx';

type Dialog = 'transfer' | 'return' | 'resolve' | null;

export function HandoffPanel(props: {
  api: ConsoleApi;
  hub: EventHub;
  handoff: Handoff;
  myName: string;
  queues: string[];
  command: IssuedCommand | null;
  onChanged: (handoff: Handoff) => void;
  onClaimedAs: (name: string) => void;
  /** The customer is typing now (ephemeral, from the typing stream). */
  customerTyping?: boolean;
}) {
  const { api, handoff } = props;
  const [view, setView] = useState<ConversationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [focusRequest, setFocusRequest] = useState<{ mode: ComposerMode; nonce: number } | null>(null);
  const conversationId = handoff.conversationId;
  // New turns below the fold: a divider before the first one, and a "jump to latest" button.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seenTurns = useRef<number | null>(null);
  const [newFrom, setNewFrom] = useState<string | null>(null);
  const [unseen, setUnseen] = useState(0);
  const mine = handoff.status === 'claimed' && props.myName !== '' && handoff.claimedBy === props.myName;
  const operatorTyping = useOperatorTyping(api.collaboration, handoff.id, mine);

  // The thread: read now, and again (debounced) whenever an event touches this conversation.
  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () =>
      api.getConversation(conversationId).then(
        (next) => active && setView(next),
        (failure: unknown) => active && setError(describeFailure(failure)),
      );
    setView(null);
    void read();
    const stop = props.hub.listen((event) => {
      if (event.conversationId !== conversationId || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void read();
      }, 150);
    });
    return () => {
      active = false;
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [api, props.hub, conversationId]);

  useEffect(() => {
    setError(null);
    setNotice(null);
    setDialog(null);
  }, [handoff.id]);

  useLayoutEffect(() => {
    if (!view) return;
    const count = view.turns.length;
    const seen = seenTurns.current;
    seenTurns.current = count;
    const element = scroller.current;
    if (seen === null && element) {
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
    }
    if (seen === null || count <= seen) return;
    const fresh = view.turns.slice(seen);
    const fromOthers = fresh.filter((turn) => !(turn.role === 'operator' && turn.author === props.myName));
    if (fromOthers.length === 0 || atBottom.current) {
      // The operator's own reply, or they are already reading the end: follow it.
      if (element) element.scrollTop = element.scrollHeight;
      return;
    }
    setNewFrom((known) => known ?? fromOthers[0]!.id);
    setUnseen((known) => known + fromOthers.length);
  }, [view, props.myName]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
    if (atBottom.current) setUnseen(0);
  }

  function jumpToLatest() {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
  }

  function openDialog(next: Exclude<Dialog, null>) {
    setError(null);
    setDialog(next);
  }

  async function act(run: () => Promise<Handoff>, done: string) {
    setError(null);
    try {
      const next = await run();
      props.onChanged(next);
      setNotice(done);
      setDialog(null);
    } catch (failure) {
      setError(describeFailure(failure));
      if (isLostClaim(failure)) {
        api.getHandoff(handoff.id).then(props.onChanged, () => undefined);
      }
    }
  }

  async function claim() {
    await act(async () => {
      const claimed = await api.claim(handoff.id);
      if (claimed.claimedBy) props.onClaimedAs(claimed.claimedBy);
      return claimed;
    }, 'You have claimed this handoff. Read the brief, then reply.');
  }

  // Shortcuts from the workspace.
  useCommand(props.command, (command, nonce) => {
    if (command === 'claim' && handoff.status === 'queued') void claim();
    else if ((command === 'reply' || command === 'note') && mine) setFocusRequest({ mode: command, nonce });
    else if ((command === 'transfer' || command === 'return' || command === 'resolve') && mine)
      openDialog(command);
  });

  const brief = useMemo(() => readBrief(handoff.brief), [handoff.brief]);
  // The brief is refined after a claim: say so, and what changed, instead of changing silently.
  const firstBrief = useRef<BriefView | null | undefined>(undefined);
  const [briefUpdate, setBriefUpdate] = useState<string[] | null>(null);
  useEffect(() => {
    if (firstBrief.current === undefined) {
      firstBrief.current = brief;
      return;
    }
    const changes = briefChanges(firstBrief.current, brief);
    setBriefUpdate(changes.length > 0 ? changes : null);
  }, [brief]);

  function showTurn(turnIndex: number) {
    const turn = view?.turns[turnIndex];
    if (!turn) return;
    const element = document.querySelector<HTMLElement>(`.thread [data-turn-id="${CSS.escape(turn.id)}"]`);
    if (!element) return;
    element.classList.remove('highlight');
    void element.offsetWidth;
    element.classList.add('highlight');
    element.setAttribute('tabindex', '-1');
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }
  const templates = useMemo(
    () =>
      replyTemplates({
        brief,
        turns: view?.turns ?? [],
        customerName: view?.customer.name,
        operatorName: props.myName,
      }),
    [brief, view, props.myName],
  );
  const pickerTemplates = useCannedTemplates(
    api,
    {
      queue: handoff.queue,
      language: handoff.routing?.language ?? brief?.customer.language ?? view?.customer.language,
    },
    { customerName: view?.customer.name, operatorName: props.myName, queue: handoff.queue, brief },
    templates,
  );

  async function send(mode: ComposerMode, text: string): Promise<boolean> {
    setError(null);
    try {
      if (mode === 'reply') await api.reply(handoff.id, text);
      else await api.addNote(handoff.id, text);
      setView(await api.getConversation(conversationId));
      return true;
    } catch (failure) {
      setError(describeFailure(failure));
      return false;
    }
  }

  // A failed move is told inside its dialog, where the operator is looking.
  const dialogError = error ? (
    <p role="alert" className="error" data-testid="dialog-error">
      {error}
    </p>
  ) : null;

  // The customer spoke last (no agent or operator turn after it): resolving would leave it unanswered.
  const lastSpoken = view?.turns.filter((turn) => turn.role !== 'system').at(-1);
  const unanswered = lastSpoken?.role === 'customer' ? lastSpoken : null;

  const waited = secondsSince(
    handoff.requestedAt,
    handoff.claimedAt ? Date.parse(handoff.claimedAt) : Date.now(),
  );
  return (
    <article
      className="handoff"
      aria-labelledby="handoff-title"
      data-handoff-id={handoff.id}
      data-status={handoff.status}
    >
      <div className="handoff-scroll" ref={scroller} onScroll={onScroll}>
        <header className="handoff-head">
          <div>
            <h2 id="handoff-title">{view?.customer.name ?? conversationId}</h2>
            <p className="meta">
              <span className={`priority priority-${handoff.priority}`}>{handoff.priority}</span>{' '}
              {triggerLabel(handoff.trigger)} · queue {handoff.queue} ·{' '}
              <span data-testid="handoff-status">{handoff.status}</span>
              {handoff.claimedBy
                ? ` by ${handoff.claimedBy === props.myName ? 'you' : handoff.claimedBy}`
                : ''}{' '}
              · waited {formatDuration(waited)}
            </p>
          </div>
          <div className="actions">
            {handoff.status === 'queued' ? (
              <button type="button" className="primary" onClick={() => void claim()} aria-keyshortcuts="c">
                Claim
              </button>
            ) : null}
            {mine ? (
              <>
                <button type="button" onClick={() => openDialog('transfer')} aria-keyshortcuts="t">
                  Transfer
                </button>
                <button type="button" onClick={() => openDialog('return')} aria-keyshortcuts="b">
                  Return to agent
                </button>
                <button
                  type="button"
                  className="primary"
                  onClick={() => openDialog('resolve')}
                  aria-keyshortcuts="e"
                >
                  Resolve
                </button>
              </>
            ) : null}
          </div>
        </header>
        {error && !dialog ? (
          <p role="alert" className="error" data-testid="handoff-error">
            {error}
          </p>
        ) : null}
        {notice && !error ? (
          <p role="status" className="notice">
            {notice}
          </p>
        ) : null}
        <BriefPanel
          handoff={handoff}
          brief={brief}
          waitedSeconds={waited}
          updated={briefUpdate}
          onShowTurn={showTurn}
        />
        <ConversationRequests api={api} hub={props.hub} conversationId={conversationId} />
        <RoutingPanel api={api} hub={props.hub} handoff={handoff} />
        {view ? <ProfilePanel view={view} /> : null}
        {view ? (
          <Thread view={view} newFromTurnId={newFrom} />
        ) : (
          <p aria-live="polite">Loading the conversation…</p>
        )}
        {props.customerTyping && (handoff.status === 'queued' || handoff.status === 'claimed') ? (
          <TypingIndicator who="Customer" />
        ) : null}
        {handoff.status === 'claimed' && !mine ? (
          <p className="hint">{handoff.claimedBy} is handling this conversation.</p>
        ) : null}
        <CollaborationActions
          api={api.collaboration}
          hub={props.hub}
          handoff={handoff}
          myName={props.myName}
          onChanged={props.onChanged}
        />
      </div>
      {unseen > 0 ? (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>
          {unseen} new {unseen === 1 ? 'message' : 'messages'} · Jump to latest
        </button>
      ) : null}
      {mine && unanswered ? <ReplyTimer since={unanswered.at} /> : null}
      {mine ? (
        <Composer
          templates={pickerTemplates}
          focusRequest={focusRequest}
          onSend={send}
          draftKey={conversationId}
          onTyping={operatorTyping.onInput}
          onTypingStop={operatorTyping.onStop}
        />
      ) : null}
      {dialog === 'transfer' ? (
        <Modal title="Transfer to another queue" onClose={() => setDialog(null)}>
          {dialogError}
          <NoteForm
            submitLabel="Transfer"
            noteLabel="Note for the next operator"
            noteRequired={false}
            queues={props.queues.filter((queue) => queue !== handoff.queue)}
            onCancel={() => setDialog(null)}
            onSubmit={({ note, queue }) =>
              act(
                () => api.transfer(handoff.id, { queue, ...(note ? { note } : {}) }),
                `Transferred to ${queue}.`,
              )
            }
          />
        </Modal>
      ) : null}
      {dialog === 'return' ? (
        <Modal title="Return the conversation to the agent" onClose={() => setDialog(null)}>
          {dialogError}
          <ReturnForm
            onCancel={() => setDialog(null)}
            onSubmit={(handBack) =>
              act(() => api.returnToAgent(handoff.id, handBack), 'Returned to the agent with your note.')
            }
          />
        </Modal>
      ) : null}
      {dialog === 'resolve' ? (
        <Modal title="Resolve with an outcome" onClose={() => setDialog(null)}>
          {dialogError}
          {unanswered ? (
            <div className="warning" role="alert" data-testid="unanswered-warning">
              <p>
                <strong>The customer's last message has no answer yet:</strong> “
                <span dir="auto">{shortQuote(maskForDisplay(unanswered.text).text, 140)}</span>”
              </p>
              <p>Resolving now ends the conversation without a reply to it.</p>
              <button
                type="button"
                onClick={() => {
                  setDialog(null);
                  setFocusRequest((known) => ({ mode: 'reply', nonce: (known?.nonce ?? 0) + 1 }));
                }}
              >
                Reply first
              </button>
            </div>
          ) : null}
          <OutcomeForm
            onCancel={() => setDialog(null)}
            onSubmit={(outcome) =>
              act(() => api.resolve(handoff.id, outcome), 'Resolved. The outcome is recorded.')
            }
          />
        </Modal>
      ) : null}
    </article>
  );
}
