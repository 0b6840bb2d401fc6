/**
 * One consult or approval: what the agent asks (for an approval, the held actions and their
 * arguments, masked), the deadline as a live countdown and what happens at it, the ways to answer,
 * and once it is closed, the result that stands. Used on the Requests page and in the handoff panel.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { BatonRequest, RequestAnswer } from '@baton/sdk';
import type { ConsoleApi } from '../api.ts';
import { maskForDisplay } from '../mask.ts';
import {
  describeAnswerFailure,
  describeDeadlineAction,
  describeOutcome,
  editableArguments,
  formatCountdown,
  parseEditedArguments,
  secondsLeft,
} from '../requests.ts';

/** The console address of one request (opens the Requests page on it). */
export const requestPath = (requestId: string) => `/requests/${encodeURIComponent(requestId)}`;

type Mode = 'choose' | 'refuse' | 'edit';

/** The time now, ticking every second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function RequestCard(props: {
  api: ConsoleApi;
  request: BatonRequest;
  customerName?: string | undefined;
  /** A fresher copy of the request (after an answer, or a re-read once it closed). */
  onChanged: (request: BatonRequest) => void;
  /** The heading level of the card's title (the page uses 3, the handoff panel 4). */
  level?: 3 | 4;
}) {
  const { api, request } = props;
  const open = request.status === 'open';
  const titleId = useId();
  const problemId = useId();
  const [mode, setMode] = useState<Mode>('choose');
  const [reason, setReason] = useState('');
  const [edited, setEdited] = useState(() => editableArguments(request));
  const [problem, setProblem] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const now = useNow(open && request.deadline !== null);
  const left = secondsLeft(request, now);
  const outcome = useRef<HTMLParagraphElement>(null);
  // After the operator's own answer, focus moves to the result (the buttons it pressed are gone).
  const focusOutcome = useRef(false);
  useEffect(() => {
    if (open || !focusOutcome.current) return;
    focusOutcome.current = false;
    outcome.current?.focus();
  }, [open]);

  // At the deadline the request is read again: the read applies the deadline's result.
  const expiredRead = useRef(false);
  const passed = request.deadline !== null && Date.parse(request.deadline) <= now;
  useEffect(() => {
    if (!open || !passed || expiredRead.current) return;
    expiredRead.current = true;
    api.getRequest(request.id).then(
      (read) => {
        // Still open (the server's clock is a moment behind): read again on the next tick.
        if (read.status === 'open') expiredRead.current = false;
        props.onChanged(read);
      },
      () => (expiredRead.current = false),
    );
  }, [api, open, passed, now, request.id, props.onChanged]);

  async function send(answer: RequestAnswer) {
    setBusy(true);
    setFailure(null);
    try {
      const answered = await api.answerRequest(request.id, answer);
      focusOutcome.current = true;
      props.onChanged(answered);
    } catch (error) {
      const described = describeAnswerFailure(error);
      setFailure(described.message);
      // Someone else's result stands: show it.
      if (described.closed) api.getRequest(request.id).then(props.onChanged, () => undefined);
    } finally {
      setBusy(false);
    }
  }

  function submitRefusal(event: FormEvent) {
    event.preventDefault();
    void send({ decision: 'refuse', ...(reason.trim() ? { note: reason.trim() } : {}) });
  }

  function submitEdit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseEditedArguments(edited, request.options.actions?.length ?? 1);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    void send({ decision: 'edit', editedArgs: parsed.args });
  }

  function submitText(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) void send({ text: text.trim() });
  }

  const Heading = props.level === 4 ? 'h4' : 'h3';
  const kindLabel = request.kind === 'approval' ? 'Approval' : 'Consult';
  const actions = request.options.actions ?? [];
  const choices = request.options.choices ?? [];
  const freeText = request.options.freeText !== false;
  return (
    <article
      className={`request-card request-${request.kind}`}
      aria-labelledby={titleId}
      data-request-id={request.id}
      data-status={request.status}
    >
      <header className="request-head">
        <Heading id={titleId}>
          <span className="request-kind">{kindLabel}</span> ·{' '}
          <span dir="auto">{props.customerName ?? request.conversationId}</span>
        </Heading>
        <span className={`priority priority-${request.priority}`}>{request.priority}</span>
        <a className="request-link" href={requestPath(request.id)} target="_blank" rel="noopener">
          Open in new tab
          <span className="visually-hidden">
            {' '}
            ({kindLabel.toLowerCase()} {request.id})
          </span>
        </a>
      </header>
      <p className="meta">
        Queue {request.queue} · asked by {request.createdBy} · conversation {request.conversationId}
      </p>
      <p className="request-question" dir="auto">
        {maskForDisplay(request.question).text}
      </p>
      {actions.map((action, index) => (
        <div className="held-action" key={`${action.toolName}-${index}`}>
          <p>
            Held action: <code>{action.toolName}</code>
          </p>
          <pre data-testid="held-arguments" tabIndex={0} aria-label={`Arguments of ${action.toolName}`}>
            {maskForDisplay(JSON.stringify(action.args, null, 2)).text}
          </pre>
        </div>
      ))}
      {open && request.deadline !== null && left !== null ? (
        <p className="request-deadline">
          Deadline in{' '}
          <time dateTime={request.deadline} data-testid="countdown">
            {formatCountdown(left)}
          </time>
          ; then {describeDeadlineAction(request)}.
        </p>
      ) : null}
      {open ? null : (
        <p
          className={`request-outcome outcome-${request.status}`}
          data-testid="request-outcome"
          ref={outcome}
          tabIndex={-1}
          dir="auto"
        >
          {describeOutcome(request)}
          {request.escalatedHandoffId ? (
            <>
              {' '}
              <a href={`/handoffs/${encodeURIComponent(request.escalatedHandoffId)}`}>Open the handoff</a>
            </>
          ) : null}
        </p>
      )}
      {failure ? (
        <p role="alert" className="error" data-testid="request-error">
          {failure}
        </p>
      ) : null}
      {open && request.kind === 'approval' && mode === 'choose' ? (
        <div className="request-actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void send({ decision: 'approve' })}
          >
            Approve
          </button>
          <button type="button" disabled={busy} onClick={() => setMode('refuse')}>
            Refuse…
          </button>
          {request.options.allowEdit !== false ? (
            <button type="button" disabled={busy} onClick={() => setMode('edit')}>
              Edit arguments…
            </button>
          ) : null}
        </div>
      ) : null}
      {open && request.kind === 'approval' && mode === 'refuse' ? (
        <form className="request-form" onSubmit={submitRefusal}>
          <label htmlFor={`${titleId}-reason`}>Reason for the agent (optional)</label>
          <textarea
            id={`${titleId}-reason`}
            rows={2}
            dir="auto"
            value={reason}
            autoFocus
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="request-actions">
            <button type="button" onClick={() => setMode('choose')}>
              Back
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Refuse
            </button>
          </div>
        </form>
      ) : null}
      {open && request.kind === 'approval' && mode === 'edit' ? (
        <form className="request-form" onSubmit={submitEdit} noValidate>
          <label htmlFor={`${titleId}-args`}>
            Edited arguments (JSON{actions.length > 1 ? ': an array, one object per action' : ''})
          </label>
          <textarea
            id={`${titleId}-args`}
            className="json-editor"
            rows={Math.min(14, edited.split('\n').length + 1)}
            spellCheck={false}
            value={edited}
            autoFocus
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onChange={(event) => {
              setEdited(event.target.value);
              setProblem(null);
            }}
          />
          {problem ? (
            <p id={problemId} role="alert" className="error" data-testid="arguments-problem">
              {problem}
            </p>
          ) : null}
          <div className="request-actions">
            <button type="button" onClick={() => setMode('choose')}>
              Back
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Approve with these arguments
            </button>
          </div>
        </form>
      ) : null}
      {open && request.kind === 'consult' ? (
        <>
          {choices.length > 0 ? (
            <div className="request-actions" role="group" aria-label="Answer with a choice">
              {choices.map((choice) => (
                <button
                  type="button"
                  key={choice}
                  disabled={busy}
                  dir="auto"
                  onClick={() => void send({ choice })}
                >
                  {choice}
                </button>
              ))}
            </div>
          ) : null}
          {freeText ? (
            <form className="request-form" onSubmit={submitText}>
              <label htmlFor={`${titleId}-text`}>Your answer</label>
              <textarea
                id={`${titleId}-text`}
                rows={2}
                dir="auto"
                value={text}
                required
                onChange={(event) => setText(event.target.value)}
              />
              <div className="request-actions">
                <button type="submit" className="primary" disabled={busy || !text.trim()}>
                  Send answer
                </button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </article>
  );
}
