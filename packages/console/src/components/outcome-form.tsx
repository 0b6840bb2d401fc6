/** Resolve with an outcome: two required yes/no questions, three optional ones, and notes. */
import { useState, type FormEvent } from 'react';
import type { HandoffOutcome } from '@baton/sdk';
import { EMPTY_ANSWERS, OUTCOME_QUESTIONS, toOutcome, type Answer, type OutcomeAnswers } from '../outcome.ts';

export function OutcomeForm(props: {
  onSubmit: (outcome: HandoffOutcome) => Promise<void>;
  onCancel: () => void;
}) {
  const [answers, setAnswers] = useState<OutcomeAnswers>(EMPTY_ANSWERS);
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = toOutcome(answers);
    if (!result.ok) {
      setMissing(result.missing);
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(result.outcome);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="outcome-form" onSubmit={submit} aria-label="Outcome">
      {OUTCOME_QUESTIONS.map((question) => (
        <fieldset key={question.field} aria-invalid={missing.includes(question.field) || undefined}>
          <legend>
            {question.label}
            {question.required ? <span className="required"> (required)</span> : null}
          </legend>
          {(['yes', 'no'] as const).map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name={question.field}
                value={value}
                checked={answers[question.field] === value}
                onChange={() => setAnswers({ ...answers, [question.field]: value as Answer })}
              />
              {value === 'yes' ? 'Yes' : 'No'}
            </label>
          ))}
          {missing.includes(question.field) ? (
            <p className="error" role="alert">
              Please answer this question.
            </p>
          ) : null}
        </fieldset>
      ))}
      <label htmlFor="outcome-notes">Notes (for the lead and for tuning the triggers)</label>
      <textarea
        id="outcome-notes"
        rows={3}
        value={answers.notes}
        onChange={(event) => setAnswers({ ...answers, notes: event.target.value })}
      />
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Resolve
        </button>
      </div>
    </form>
  );
}
