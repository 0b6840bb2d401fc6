/**
 * Handing a conversation to a colleague, and a lead taking one over. "Assign…" opens a picker of
 * the colleagues present now, each with their load and, when routing would refuse them, why; the
 * server checks again on submit. "Take over" is for leads: shown to admin keys only (the server
 * refuses the others too). When someone takes over or
 * is given a conversation this console held, a notice says who; the composer goes with the claim.
 */
import { useContext, useEffect, useState } from 'react';
import { BatonApiError, type Assignee, type Handoff } from '@baton/sdk';
import { describeFailure } from '../api.ts';
import type { CollaborationApi } from '../collaboration-api.ts';
import type { EventHub } from '../event-hub.ts';
import { CallerScope } from '../session.ts';
import { Modal } from './modal.tsx';

const REFUSALS: Record<NonNullable<Assignee['refusal']>, string> = {
  not_present: 'not online',
  not_in_queue: 'not in this queue',
  missing_skill: 'lacks a skill this queue needs',
  wrong_language: "doesn't take this language",
  over_capacity: 'at capacity',
};

function load(assignee: Assignee): string {
  return assignee.capacity === null ? `${assignee.load} open` : `${assignee.load} of ${assignee.capacity}`;
}

function AssignForm(props: {
  api: CollaborationApi;
  handoff: Handoff;
  onDone: (handoff: Handoff, name: string) => void;
  onCancel: () => void;
}) {
  const [assignees, setAssignees] = useState<Assignee[] | null>(null);
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    props.api.listAssignees(props.handoff.id).then(
      (list) => {
        setAssignees(list);
        setChoice(list.find((assignee) => assignee.refusal === null)?.keyId ?? '');
      },
      (failure: unknown) => setError(`Colleagues could not be listed: ${describeFailure(failure)}`),
    );
  }, [props.api, props.handoff.id]);
  const chosen = assignees?.find((assignee) => assignee.keyId === choice);
  return (
    <form
      className="assign-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen || busy) return;
        setBusy(true);
        props.api.assign(props.handoff.id, chosen.keyId, note.trim() || undefined).then(
          (handoff) => props.onDone(handoff, chosen.name),
          (failure: unknown) => {
            setBusy(false);
            setError(`${chosen.name} could not be given this conversation: ${describeFailure(failure)}`);
          },
        );
      }}
    >
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {assignees === null && !error ? <p aria-live="polite">Looking for colleagues who are online…</p> : null}
      {assignees?.length === 0 ? <p>Nobody else is online right now.</p> : null}
      {assignees && assignees.length > 0 ? (
        <fieldset>
          <legend>Colleagues online now</legend>
          <ul className="assignee-list">
            {assignees.map((assignee) => (
              <li key={assignee.keyId}>
                <label className={assignee.refusal ? 'refused' : undefined}>
                  <input
                    type="radio"
                    name="assignee"
                    value={assignee.keyId}
                    checked={choice === assignee.keyId}
                    disabled={assignee.refusal !== null}
                    onChange={() => setChoice(assignee.keyId)}
                  />{' '}
                  <span dir="auto">{assignee.name}</span>{' '}
                  <span className="hint">
                    · {load(assignee)}
                    {assignee.refusal ? ` · ${REFUSALS[assignee.refusal]}` : ''}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <label htmlFor="assign-note">Note for your colleague (optional)</label>
      <textarea
        id="assign-note"
        dir="auto"
        rows={2}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!chosen || busy}>
          {chosen ? `Assign to ${chosen.name}` : 'Assign'}
        </button>
      </div>
    </form>
  );
}

/** The assign and take-over buttons of one handoff, their dialog, and who-took-over notices. */
export function CollaborationActions(props: {
  api: CollaborationApi | undefined;
  hub: EventHub;
  handoff: Handoff;
  myName: string;
  onChanged: (handoff: Handoff) => void;
}) {
  const { api, handoff } = props;
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      props.hub.listen((event) => {
        if (event.handoffId !== handoff.id) return;
        if (event.type !== 'handoff-taken-over' && event.type !== 'handoff-assigned') return;
        const to = String(event.data['claimedBy'] ?? '');
        const previous = event.data['previousOwner'];
        if (props.myName === '' || previous !== props.myName || to === props.myName) return;
        // The one who gave it away already has their own notice.
        if (event.type === 'handoff-assigned' && event.data['assignedBy'] === props.myName) return;
        setNotice(
          event.type === 'handoff-taken-over'
            ? `${to} took over this conversation.`
            : `${String(event.data['assignedBy'] ?? 'A colleague')} gave this conversation to ${to}.`,
        );
      }),
    [props.hub, handoff.id, props.myName],
  );
  if (!api) return null;
  const mine = handoff.status === 'claimed' && props.myName !== '' && handoff.claimedBy === props.myName;
  const canAssign = handoff.status === 'queued' || mine;
  const othersClaim = handoff.status === 'claimed' && !mine;
  const lead = useContext(CallerScope) === 'admin';
  return (
    <div className="collaboration">
      {notice ? (
        <p role="status" className="notice taken-over" data-testid="taken-over">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <div className="collaboration-actions">
        {canAssign ? (
          <button type="button" onClick={() => setOpen(true)}>
            Assign…
          </button>
        ) : null}
        {othersClaim && lead ? (
          <button
            type="button"
            title="Leads only"
            onClick={() =>
              api.takeOver(handoff.id).then(
                (next) => {
                  setError(null);
                  setNotice('You took over this conversation.');
                  props.onChanged(next);
                },
                (failure: unknown) =>
                  setError(
                    failure instanceof BatonApiError && failure.code === 'forbidden'
                      ? 'Only a lead (an admin key) can take over a conversation.'
                      : `You could not take over: ${describeFailure(failure)}`,
                  ),
              )
            }
          >
            Take over
          </button>
        ) : null}
      </div>
      {open ? (
        <Modal title="Assign to a colleague" onClose={() => setOpen(false)}>
          <AssignForm
            api={api}
            handoff={handoff}
            onCancel={() => setOpen(false)}
            onDone={(next, name) => {
              setOpen(false);
              setNotice(`Assigned to ${name}.`);
              props.onChanged(next);
            }}
          />
        </Modal>
      ) : null}
    </div>
  );
}
