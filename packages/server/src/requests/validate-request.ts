/** Checks of a new request and of an answer against the request's options (`invalid_answer` when it does not fit). */
import { BatonError } from '../errors.ts';
import type { DeadlineAction, RequestAnswer, RequestOptions } from './request-types.ts';

/** Refuses an answer that does not fit the request: approvals take a decision, consults text or a choice. */
export function checkAnswer(
  kind: 'consult' | 'approval',
  options: RequestOptions,
  answer: RequestAnswer,
): void {
  const refuse = (message: string) => {
    throw new BatonError('invalid_answer', message, { kind });
  };
  if (kind === 'approval') {
    if (!answer.decision) refuse('An approval is answered with a decision: approve, refuse or edit.');
    if (answer.choice !== undefined) refuse('An approval takes no choice; use decision.');
    if (answer.decision === 'edit') {
      if (options.allowEdit === false) refuse('This approval does not allow edited arguments.');
      const count = options.actions?.length ?? 0;
      if (!answer.editedArgs || answer.editedArgs.length !== count) {
        refuse(
          `An edit gives editedArgs: one argument object for each of the ${count} held actions, in order.`,
        );
      }
    } else if (answer.editedArgs !== undefined) {
      refuse('editedArgs go only with decision `edit`.');
    }
    return;
  }
  if (answer.decision !== undefined || answer.editedArgs !== undefined) {
    refuse('A consult is answered with text or a choice, not a decision.');
  }
  const choices = options.choices ?? [];
  if (answer.choice !== undefined && !choices.includes(answer.choice)) {
    refuse(`The choice is not one of the offered ones: ${choices.join(', ') || '(none offered)'}.`);
  }
  if (answer.text !== undefined && options.freeText === false)
    refuse('This consult takes one of its choices only.');
  if (answer.choice === undefined && answer.text === undefined) {
    refuse(choices.length > 0 ? 'Answer with one of the choices or with text.' : 'Answer with text.');
  }
}

/** The deadline's time from `deadline` or `timeoutSeconds` (not both), or null; it must be in the future. */
export function deadlineOf(input: { deadline?: string; timeoutSeconds?: number }, now: Date): string | null {
  if (input.deadline !== undefined && input.timeoutSeconds !== undefined) {
    throw new BatonError('invalid_request', 'Give a deadline or timeoutSeconds, not both.');
  }
  if (input.timeoutSeconds !== undefined)
    return new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString();
  if (input.deadline === undefined) return null;
  const at = new Date(input.deadline);
  if (Number.isNaN(at.getTime()))
    throw new BatonError('invalid_request', `deadline is not a time: ${input.deadline}`);
  if (at.getTime() <= now.getTime())
    throw new BatonError('invalid_request', 'The deadline has already passed.');
  return at.toISOString();
}

/** What happens at the deadline when the request does not say: an approval is refused, a consult cancelled. */
export function defaultDeadlineAction(kind: 'consult' | 'approval'): DeadlineAction {
  return kind === 'approval' ? { action: 'default', answer: { decision: 'refuse' } } : { action: 'cancel' };
}
