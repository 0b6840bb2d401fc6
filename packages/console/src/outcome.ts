/**
 * The outcome form's rules: what must be answered before a handoff can be resolved, and the
 * outcome sent to the API. Kept apart from the form so the rules are tested on their own.
 */
import type { HandoffOutcome } from '@baton/sdk';

export type Answer = 'yes' | 'no' | '';

export interface OutcomeAnswers {
  resolved: Answer;
  warranted: Answer;
  rightReason: Answer;
  agentCouldHaveHandled: Answer;
  customerRepeated: Answer;
  notes: string;
}

export const EMPTY_ANSWERS: OutcomeAnswers = {
  resolved: '',
  warranted: '',
  rightReason: '',
  agentCouldHaveHandled: '',
  customerRepeated: '',
  notes: '',
};

/** The questions, in the order the form asks them; the first two are required. */
export const OUTCOME_QUESTIONS: readonly {
  field: Exclude<keyof OutcomeAnswers, 'notes'>;
  label: string;
  required: boolean;
}[] = [
  { field: 'resolved', label: "Was the customer's problem resolved?", required: true },
  { field: 'warranted', label: 'Was the escalation warranted?', required: true },
  { field: 'rightReason', label: 'Was the reason given for it the right one?', required: false },
  { field: 'agentCouldHaveHandled', label: 'Could the agent have handled it?', required: false },
  { field: 'customerRepeated', label: 'Did the customer have to repeat anything?', required: false },
];

/** The outcome to send, or the questions still unanswered. */
export function toOutcome(
  answers: OutcomeAnswers,
): { ok: true; outcome: HandoffOutcome } | { ok: false; missing: string[] } {
  const missing = OUTCOME_QUESTIONS.filter(
    (question) => question.required && answers[question.field] === '',
  ).map((question) => question.field);
  if (missing.length > 0) return { ok: false, missing };
  const outcome: HandoffOutcome = {
    resolved: answers.resolved === 'yes',
    warranted: answers.warranted === 'yes',
  };
  if (answers.rightReason !== '') outcome.rightReason = answers.rightReason === 'yes';
  if (answers.agentCouldHaveHandled !== '')
    outcome.agentCouldHaveHandled = answers.agentCouldHaveHandled === 'yes';
  if (answers.customerRepeated !== '') outcome.customerRepeated = answers.customerRepeated === 'yes';
  const notes = answers.notes.trim();
  if (notes !== '') outcome.notes = notes;
  return { ok: true, outcome };
}
