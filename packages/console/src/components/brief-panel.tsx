/**
 * The brief, read first: what the customer wants (in their words), why it came to a person, what
 * they already said (facts, masked where personal), what the agent tried, and a next step. Without
 * a brief it falls back to the handoff's own reason and firings, and says so.
 */
import type { Handoff } from '@baton/sdk';
import { factShown, type BriefHandBack, type BriefView } from '../brief.ts';
import { formatDuration, triggerLabel } from '../format.ts';

function Reasons({ handoff, brief }: { handoff: Handoff; brief: BriefView | null }) {
  const reasons = brief?.reasons.length
    ? brief.reasons
    : handoff.firings.map((firing) => ({
        trigger: firing.trigger,
        signal: firing.signal,
        priority: firing.priority,
        evidence: firing.evidence,
      }));
  return (
    <div className="brief-block">
      <h4>Why it came to you</h4>
      {reasons.length === 0 ? <p>{handoff.reason}</p> : null}
      <ul className="reasons">
        {reasons.map((reason, index) => (
          <li key={`${reason.trigger}-${index}`}>
            <span className="chip chip-trigger">{triggerLabel(reason.trigger)}</span>{' '}
            {reason.evidence.length > 0 ? <q>{reason.evidence.join(' … ')}</q> : handoff.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A link to the turn a fact or an attempt came from; the thread highlights it. */
function TurnLink(props: { turn: number; onShowTurn: ((turn: number) => void) | undefined }) {
  if (!props.onShowTurn) return null;
  return (
    <button
      type="button"
      className="turn-link"
      onClick={() => props.onShowTurn?.(props.turn)}
      aria-label={`Show turn ${props.turn + 1} in the conversation`}
    >
      turn {props.turn + 1}
    </button>
  );
}

export function BriefPanel({
  handoff,
  brief,
  waitedSeconds,
  updated,
  onShowTurn,
}: {
  handoff: Handoff;
  brief: BriefView | null;
  /** The one waiting time the whole panel shows (the header's). */
  waitedSeconds?: number;
  /** What changed in the brief since it was first shown, when it did. */
  updated?: string[] | null;
  onShowTurn?: (turn: number) => void;
}) {
  return (
    <section className="brief" aria-labelledby="brief-title" data-testid="brief">
      <h3 id="brief-title">Brief</h3>
      {updated && updated.length > 0 ? (
        <p className="brief-updated" role="status" data-testid="brief-updated">
          <span className="chip chip-updated">Updated</span> {updated.join(', ')}.
        </p>
      ) : null}
      {waitedSeconds !== undefined ? (
        <p className="meta">
          {handoff.status === 'queued' ? 'Waiting' : 'Waited'} {formatDuration(waitedSeconds)}
        </p>
      ) : null}
      {brief ? (
        <>
          {brief.ask ? (
            <p className="ask">
              <span className="label">Wants</span> <q>{brief.ask.text}</q>
            </p>
          ) : null}
          <p className="summary">{brief.summary}</p>
        </>
      ) : (
        <p className="summary">
          No brief was built for this handoff; the reason and the whole thread are below.{' '}
          <span className="label">Reason:</span> {handoff.reason}
        </p>
      )}
      <Reasons handoff={handoff} brief={brief} />
      {brief && brief.facts.length > 0 ? (
        <div className="brief-block">
          <h4>What they already told us</h4>
          <dl className="facts">
            {brief.facts
              .filter((fact) => !fact.superseded)
              .map((fact, index) => {
                const shown = factShown(fact);
                return (
                  <div key={`${fact.type}-${index}`} className={fact.masked ? 'masked' : undefined}>
                    <dt>{shown.label}</dt>
                    <dd>
                      <span dir="auto">{shown.value}</span>
                      {fact.masked ? <span className="masked-note"> (masked)</span> : null}{' '}
                      <TurnLink turn={fact.turn} onShowTurn={onShowTurn} />
                    </dd>
                  </div>
                );
              })}
          </dl>
        </div>
      ) : null}
      {brief && brief.attempts.length > 0 ? (
        <div className="brief-block">
          <h4>What the agent tried and promised</h4>
          <ul className="attempts">
            {brief.attempts.map((attempt, index) => (
              <li key={index} className={attempt.ok === false ? 'failed' : undefined}>
                {attempt.kind === 'tool_call' ? (
                  <>
                    <code>{attempt.tool ?? 'tool'}</code>{' '}
                    {attempt.ok === false ? `failed${attempt.error ? `: ${attempt.error}` : ''}` : 'worked'}
                  </>
                ) : attempt.kind === 'promise' ? (
                  <>
                    promised <q>{attempt.quote}</q>
                  </>
                ) : (
                  <q>{attempt.quote}</q>
                )}{' '}
                <TurnLink turn={attempt.turn} onShowTurn={onShowTurn} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {brief && brief.openQuestions.length > 0 ? (
        <div className="brief-block">
          <h4>Still unanswered</h4>
          <ul>
            {brief.openQuestions.map((question, index) => (
              <li key={index}>
                <q>{question.text}</q>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {brief?.suggestedNextStep ? (
        <p className="next-step">
          <span className="label">Next step</span> {brief.suggestedNextStep}
        </p>
      ) : null}
      {brief && brief.handBacks.length > 0 ? <HandBacks handBacks={brief.handBacks} /> : null}
      {brief && (brief.sentimentTrend !== 'unknown' || brief.priorHandoffs > 0) ? (
        <p className="meta">
          {brief.sentimentTrend !== 'unknown'
            ? `${brief.sentimentText || `Mood: ${brief.sentimentTrend}.`} `
            : ''}
          {brief.priorHandoffs > 0 ? `Needed a person ${brief.priorHandoffs} time(s) before.` : ''}
        </p>
      ) : null}
    </section>
  );
}

const formatTime = (at: string): string =>
  new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** Earlier returns to the agent: open promises first, since the next operator must keep them. */
function HandBacks({ handBacks }: { handBacks: BriefHandBack[] }) {
  const open = handBacks.flatMap((handBack) =>
    handBack.promises
      .filter((promise) => promise.status === 'open')
      .map((promise) => ({ promise, handBack })),
  );
  return (
    <div className="brief-block" data-testid="brief-hand-backs">
      <h4>Earlier hand-backs</h4>
      {open.length > 0 ? (
        <>
          <p className="label">Open promises</p>
          <ul>
            {open.map(({ promise, handBack }, index) => (
              <li key={index} dir="auto">
                {promise.text}
                {promise.dueAt ? ` (by ${formatTime(promise.dueAt)})` : ''} —{' '}
                {handBack.author || 'an operator'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ul>
        {handBacks.map((handBack, index) => (
          <li key={index}>
            <span dir="auto">
              {handBack.author || 'An operator'}
              {handBack.at ? `, ${formatTime(handBack.at)}` : ''}
              {handBack.note ? `: ${handBack.note}` : ''}
            </span>
            {handBack.actions.length + handBack.must.length + handBack.mustNot.length > 0 ? (
              <ul>
                {handBack.actions.map((action, at) => (
                  <li key={`a${at}`} dir="auto">
                    Did: {action.action}
                    {action.result ? ` → ${action.result}` : ''}
                  </li>
                ))}
                {handBack.must.map((rule, at) => (
                  <li key={`m${at}`} dir="auto">
                    Agent must: {rule}
                  </li>
                ))}
                {handBack.mustNot.map((rule, at) => (
                  <li key={`n${at}`} dir="auto">
                    Agent must not: {rule}
                  </li>
                ))}
                {handBack.promises
                  .filter((promise) => promise.status === 'kept')
                  .map((promise, at) => (
                    <li key={`k${at}`} dir="auto">
                      Kept: {promise.text}
                    </li>
                  ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
