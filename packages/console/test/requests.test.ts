import { describe, expect, it } from 'vitest';
import { BatonApiError, type BatonRequest } from '@baton/sdk';
import {
  boardFrom,
  describeAnswerFailure,
  describeDeadlineAction,
  describeOutcome,
  formatCountdown,
  parseEditedArguments,
  RECENT_LIMIT,
  requestsToReread,
  upsertRequest,
} from '../src/requests.ts';
import { structuredReturn } from '../src/components/return-form.tsx';
import { event } from './fixtures.ts';

function request(overrides: Partial<BatonRequest> = {}): BatonRequest {
  return {
    id: 'rq_1',
    conversationId: 'conv-1',
    kind: 'approval',
    status: 'open',
    question: 'Refund?',
    options: { actions: [{ toolName: 'refund', args: { amount: 10 } }] },
    queue: 'general',
    priority: 'normal',
    createdBy: 'agent',
    createdAt: '2026-12-03T10:00:00.000Z',
    deadline: null,
    onDeadline: null,
    answer: null,
    answeredBy: null,
    answeredAt: null,
    endedAt: null,
    timedOut: false,
    deadlineOutcome: null,
    escalatedHandoffId: null,
    handoff: null,
    ...overrides,
  };
}

describe('the requests board', () => {
  it('lists open asks most urgent then oldest, and closed ones newest first, at most RECENT_LIMIT', () => {
    const closed = Array.from({ length: RECENT_LIMIT + 3 }, (_, index) =>
      request({
        id: `c${index}`,
        status: 'answered',
        endedAt: new Date(Date.UTC(2026, 11, 3, 10, index)).toISOString(),
      }),
    );
    const board = boardFrom(
      [
        request({ id: 'a', createdAt: '2026-12-03T10:05:00Z' }),
        request({ id: 'b', priority: 'urgent', createdAt: '2026-12-03T10:06:00Z' }),
        request({ id: 'c', createdAt: '2026-12-03T10:01:00Z' }),
        request({ id: 'h', kind: 'handoff' }),
      ],
      closed,
    );
    expect(board.open.map((item) => item.id)).toEqual(['b', 'c', 'a']);
    expect(board.closed).toHaveLength(RECENT_LIMIT);
    expect(board.closed[0]!.id).toBe(`c${RECENT_LIMIT + 2}`);
  });

  it('moves a re-read request from open to closed, and ignores handoffs', () => {
    const board = boardFrom([request({ id: 'a' }), request({ id: 'b' })], []);
    const moved = upsertRequest(
      board,
      request({ id: 'a', status: 'timed_out', endedAt: '2026-12-03T11:00:00Z' }),
    );
    expect([moved.open.map((item) => item.id), moved.closed.map((item) => item.id)]).toEqual([['b'], ['a']]);
    expect(upsertRequest(moved, request({ id: 'x', kind: 'handoff' }))).toBe(moved);
  });

  it('re-reads each request a batch of request events names, once', () => {
    expect(
      requestsToReread([
        event('request-created', null, { requestId: 'rq_a' }),
        event('handoff-claimed', 'ho_1', { status: 'claimed' }),
        event('request-answered', null, { requestId: 'rq_a' }),
        event('request-timed-out', 'ho_2', { requestId: 'rq_b' }),
      ]),
    ).toEqual(['rq_a', 'rq_b']);
  });
});

describe('what a request says', () => {
  it.each([
    [request({ status: 'answered', answeredBy: 'Ana', answer: { decision: 'approve' } }), 'Ana approved.'],
    [
      request({ status: 'answered', answeredBy: 'Ana', answer: { decision: 'refuse', note: 'too much' } }),
      'Ana refused: too much.',
    ],
    [
      request({ status: 'answered', answeredBy: 'Ben', answer: { decision: 'edit', editedArgs: [{}] } }),
      'Ben approved with edited arguments.',
    ],
    [
      request({ kind: 'consult', status: 'answered', answeredBy: 'Ben', answer: { choice: 'Yes' } }),
      'Ben chose “Yes”.',
    ],
    [
      request({ kind: 'consult', status: 'answered', answeredBy: 'Ben', answer: { text: 'Use DHL' } }),
      'Ben answered “Use DHL”.',
    ],
    [
      request({ status: 'timed_out', deadlineOutcome: 'default', answer: { decision: 'refuse' } }),
      'Timed out → default applied: refused.',
    ],
    [request({ status: 'timed_out', deadlineOutcome: 'escalate' }), 'Timed out → escalated to a handoff.'],
    [request({ status: 'timed_out', deadlineOutcome: 'cancel' }), 'Timed out → cancelled.'],
    [request({ status: 'cancelled' }), 'Cancelled: the agent withdrew it.'],
  ])('outcome %#', (closed, sentence) => expect(describeOutcome(closed)).toBe(sentence));

  it('says what happens at the deadline, with the server defaults when the agent set none', () => {
    expect(describeDeadlineAction(request())).toBe('the default answer applies: refused');
    expect(describeDeadlineAction(request({ kind: 'consult' }))).toBe('it is cancelled');
    expect(describeDeadlineAction(request({ onDeadline: { action: 'escalate', queue: 'billing' } }))).toBe(
      'it escalates to a handoff in billing',
    );
  });

  it('formats a countdown, never below zero', () => {
    expect([formatCountdown(245), formatCountdown(3729), formatCountdown(-5)]).toEqual([
      '4:05',
      '1:02:09',
      '0:00',
    ]);
  });
});

describe('edited arguments', () => {
  it('takes one object for one action and an array of objects for several', () => {
    expect(parseEditedArguments('{"amount": 5}', 1)).toEqual({ ok: true, args: [{ amount: 5 }] });
    expect(parseEditedArguments('[{"a":1},{"b":2}]', 2)).toEqual({ ok: true, args: [{ a: 1 }, { b: 2 }] });
  });

  it.each([
    ['{ amount: 5 }', 1, /^The arguments are not valid JSON: .+\.$/],
    ['', 1, /^The arguments are empty/],
    ['[{"a":1}]', 1, /not an array\.$/],
    ['null', 1, /not null\.$/],
    ['"text"', 1, /not a string\.$/],
    ['{"a":1}', 2, /an array of 2 JSON objects/],
    ['[{"a":1}, 3]', 2, /^Item 2 of the array is not a JSON object\.$/],
  ])('refuses %j (for %i actions) with a message naming the problem', (text, count, problem) => {
    const parsed = parseEditedArguments(text, count);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });
});

describe('refused answers', () => {
  const refusal = (code: string, extra: Record<string, unknown> = {}) =>
    new BatonApiError({ type: 'about:blank', title: code, status: 409, code, ...extra });

  it('names who answered first, and says the deadline result stands', () => {
    expect(
      describeAnswerFailure(refusal('request_closed', { requestStatus: 'answered', answeredBy: 'Ana' })),
    ).toEqual({ message: 'Ana answered first; that answer stands.', closed: true });
    expect(describeAnswerFailure(refusal('request_closed', { requestStatus: 'timed_out' })).message).toBe(
      'This request is timed out already; your answer was not recorded.',
    );
    expect(describeAnswerFailure(refusal('deadline_passed'))).toEqual({
      message: 'The deadline passed before your answer arrived; the deadline’s result stands.',
      closed: true,
    });
  });
});

describe('the structured return', () => {
  it('sends only the filled parts, trimmed, one must-not per line, due times in ISO', () => {
    expect(
      structuredReturn({
        note: ' Done ',
        actions: [
          { action: ' Refunded ', result: 'ok ' },
          { action: '  ', result: 'ignored' },
        ],
        promises: [
          { text: 'Call back', due: '2031-05-04T10:30' },
          { text: 'Email', due: '' },
        ],
        must: '',
        mustNot: 'Offer a refund\n\n  Ask again  \n',
      }),
    ).toEqual({
      note: 'Done',
      actions: [{ action: 'Refunded', result: 'ok' }],
      promises: [{ text: 'Call back', dueAt: new Date('2031-05-04T10:30').toISOString() }, { text: 'Email' }],
      mustNot: ['Offer a refund', 'Ask again'],
    });
  });
});
