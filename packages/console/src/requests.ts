/**
 * Consults and approvals in the console, kept pure so they can be tested without a browser: which
 * requests are open and which closed lately, which ones a batch of events says must be re-read,
 * the sentences that say what a request asks, what happens at its deadline and which result stands,
 * the check of edited arguments before they are sent, and the human words for a refused answer.
 */
import { BatonApiError, type BatonEvent, type BatonRequest, type RequestAnswer } from '@baton/sdk';
import { describeFailure } from './api.ts';

/** How many recently closed requests the page keeps. */
export const RECENT_LIMIT = 20;

export interface RequestBoard {
  /** Open consults and approvals, most urgent then oldest first. */
  open: readonly BatonRequest[];
  /** Recently closed ones, newest first. */
  closed: readonly BatonRequest[];
}

export const EMPTY_BOARD: RequestBoard = { open: [], closed: [] };

const PRIORITY_RANK: Record<BatonRequest['priority'], number> = { urgent: 3, high: 2, normal: 1, low: 0 };

/** Whether the request is one operators answer (a consult or an approval). */
export const isAsk = (request: BatonRequest) => request.kind === 'consult' || request.kind === 'approval';

/** Most urgent first, then the oldest: the order the API lists them in. */
export function compareOpen(a: BatonRequest, b: BatonRequest): number {
  return (
    PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

const endedAt = (request: BatonRequest) =>
  Date.parse(request.endedAt ?? request.answeredAt ?? request.createdAt);

/** The newest closed first. */
export function compareClosed(a: BatonRequest, b: BatonRequest): number {
  return endedAt(b) - endedAt(a) || b.id.localeCompare(a.id);
}

/** A board from listings: the open ones, and closed ones of any status merged (newest `RECENT_LIMIT`). */
export function boardFrom(open: Iterable<BatonRequest>, closed: Iterable<BatonRequest>): RequestBoard {
  return {
    open: [...open].filter((request) => request.status === 'open' && isAsk(request)).sort(compareOpen),
    closed: [...closed]
      .filter((request) => request.status !== 'open' && isAsk(request))
      .sort(compareClosed)
      .slice(0, RECENT_LIMIT),
  };
}

/** Puts a freshly read request in its place: open ones in the open list, closed ones at the top of the closed. */
export function upsertRequest(board: RequestBoard, request: BatonRequest): RequestBoard {
  if (!isAsk(request)) return board;
  const open = board.open.filter((known) => known.id !== request.id);
  const closed = board.closed.filter((known) => known.id !== request.id);
  if (request.status === 'open') return { open: [...open, request].sort(compareOpen), closed };
  return { open, closed: [request, ...closed].sort(compareClosed).slice(0, RECENT_LIMIT) };
}

/** The requests a batch of events says changed (each to be re-read), in first-seen order. */
export function requestsToReread(events: readonly BatonEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (!event.type.startsWith('request-')) continue;
    const requestId = event.data['requestId'];
    if (typeof requestId === 'string') ids.add(requestId);
  }
  return [...ids];
}

/** A short reading of an answer: "approved", "refused: too large", "chose “Yes”", "“Ship it today”". */
export function describeAnswer(request: BatonRequest, answer: RequestAnswer | null): string {
  if (!answer) return 'no answer';
  const note = answer.note ? ` (${answer.note})` : '';
  if (request.kind === 'approval' || answer.decision) {
    if (answer.decision === 'approve') return `approved${note}`;
    if (answer.decision === 'edit') return `approved with edited arguments${note}`;
    if (answer.decision === 'refuse') return `refused${answer.note ? `: ${answer.note}` : ''}`;
  }
  const parts: string[] = [];
  if (answer.choice) parts.push(`chose “${answer.choice}”`);
  if (answer.text) parts.push(`“${answer.text}”`);
  return parts.length > 0 ? parts.join(', ') + note : `answered${note}`;
}

/** What happens at the deadline, in words (the server's default when the agent set none). */
export function describeDeadlineAction(request: BatonRequest): string {
  const action =
    request.onDeadline ??
    (request.kind === 'approval'
      ? { action: 'default' as const, answer: { decision: 'refuse' as const } }
      : { action: 'cancel' as const });
  if (action.action === 'default')
    return `the default answer applies: ${describeAnswer(request, action.answer)}`;
  if (action.action === 'escalate')
    return `it escalates to a handoff${action.queue ? ` in ${action.queue}` : ''}`;
  return 'it is cancelled';
}

/** The result that stands on a closed request, in one sentence. */
export function describeOutcome(request: BatonRequest): string {
  if (request.status === 'answered') {
    const verb = request.answer?.decision || request.answer?.choice ? '' : 'answered ';
    return `${request.answeredBy ?? 'Someone'} ${verb}${describeAnswer(request, request.answer)}.`;
  }
  if (request.status === 'timed_out') {
    if (request.deadlineOutcome === 'default')
      return `Timed out → default applied: ${describeAnswer(request, request.answer)}.`;
    if (request.deadlineOutcome === 'escalate') return 'Timed out → escalated to a handoff.';
    return 'Timed out → cancelled.';
  }
  if (request.status === 'cancelled') return 'Cancelled: the agent withdrew it.';
  return 'Open.';
}

/** Whole seconds left to the deadline, rounded up (zero or less once passed), or null without one. */
export function secondsLeft(request: BatonRequest, now: number): number | null {
  return request.deadline === null ? null : Math.ceil((Date.parse(request.deadline) - now) / 1000);
}

/** A countdown: "4:05", "1:02:09", "0:00". */
export function formatCountdown(seconds: number): string {
  const left = Math.max(0, seconds);
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const rest = String(left % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** The edited arguments as the operator typed them: one object per held action, or what is wrong. */
export type EditedArguments = { ok: true; args: Record<string, unknown>[] } | { ok: false; problem: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the edit box before anything is sent. One held action takes one JSON object; several take
 * an array with one object per action, in order. The problem names what is wrong and where.
 */
export function parseEditedArguments(text: string, actionCount: number): EditedArguments {
  if (text.trim() === '') return { ok: false, problem: 'The arguments are empty: give a JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `The arguments are not valid JSON: ${reason}.` };
  }
  if (actionCount <= 1) {
    if (!isObject(value)) {
      const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      return { ok: false, problem: `The arguments must be a JSON object ({ … }), not ${kind}.` };
    }
    return { ok: true, args: [value] };
  }
  if (!Array.isArray(value) || value.length !== actionCount) {
    return {
      ok: false,
      problem: `The arguments must be an array of ${actionCount} JSON objects, one per held action, in order.`,
    };
  }
  const wrong = value.findIndex((item) => !isObject(item));
  if (wrong >= 0) return { ok: false, problem: `Item ${wrong + 1} of the array is not a JSON object.` };
  return { ok: true, args: value as Record<string, unknown>[] };
}

/** The held arguments as the edit box starts: the object itself, or an array for several actions. */
export function editableArguments(request: BatonRequest): string {
  const actions = request.options.actions ?? [];
  return JSON.stringify(
    actions.length === 1 ? actions[0]!.args : actions.map((action) => action.args),
    null,
    2,
  );
}

/** A refused answer in human words; `closed` says the request is settled and should be re-read. */
export function describeAnswerFailure(error: unknown): { message: string; closed: boolean } {
  if (error instanceof BatonApiError) {
    if (error.code === 'request_closed') {
      const by = error.problem['answeredBy'];
      const status = error.problem['requestStatus'];
      return {
        message:
          status === 'answered'
            ? `${typeof by === 'string' ? by : 'Another operator'} answered first; that answer stands.`
            : `This request is ${typeof status === 'string' ? status.replace('_', ' ') : 'closed'} already; your answer was not recorded.`,
        closed: true,
      };
    }
    if (error.code === 'deadline_passed') {
      return {
        message: 'The deadline passed before your answer arrived; the deadline’s result stands.',
        closed: true,
      };
    }
    if (error.code === 'invalid_answer') {
      return { message: `Baton did not accept that answer: ${error.detail ?? error.title}`, closed: false };
    }
    if (error.code === 'request_not_found') {
      return { message: 'This request no longer exists, or this key may not see it.', closed: true };
    }
  }
  return { message: describeFailure(error), closed: false };
}
