import { describe, expect, it } from 'vitest';
import { buildBrief, renderBriefMarkdown } from '../src/brief/index.ts';
import type { BriefInput } from '../src/brief/index.ts';
import type { Firing, Role, Turn } from '../src/types.ts';

function turn(role: Role, text: string, at: string, extra: Partial<Turn> = {}): Turn {
  return { role, text, at, ...extra };
}

function firing(overrides: Partial<Firing>): Firing {
  return {
    trigger: 'asks-for-human',
    signal: 'human_request',
    action: 'handoff',
    priority: 'high',
    queue: 'support',
    shadow: false,
    evidence: [],
    ...overrides,
  };
}

const REFUND_CONVERSATION: BriefInput = {
  conversationId: 'conv-1',
  customer: { id: 'cus_1', name: 'Jane Doe', tier: 'gold', language: 'en-GB', verified: true },
  turns: [
    turn('customer', 'Hi there!', '2026-03-13T09:00:00Z'),
    turn(
      'customer',
      'I want a refund for my order 4471, it arrived broken. I paid €120 last Friday.',
      '2026-03-13T09:00:10Z',
    ),
    turn('agent', 'Sorry to hear that. Let me look up your order.', '2026-03-13T09:00:15Z', {
      toolCalls: [{ name: 'lookup_order', ok: false, error: 'order not found' }],
    }),
    turn('customer', 'sorry, 4471-983. My email is jane@x.com', '2026-03-13T09:01:00Z'),
    turn('agent', 'Found it.', '2026-03-13T09:01:05Z', {
      toolCalls: [
        { name: 'lookup_order', ok: true, result: { orderId: '4471-983', status: 'delivered', total: 120 } },
        { name: 'issue_refund', ok: false, error: 'timeout after 30s' },
      ],
    }),
    turn(
      'customer',
      "sorry, it's jane.doe@x.com not jane@x.com. My card is 4242 4242 4242 4242 and my password is hunter2. Will I get the money back by Friday?",
      '2026-03-13T09:02:00Z',
    ),
    turn('agent', 'I am not sure, let me transfer you to a colleague.', '2026-03-13T09:02:05Z'),
    turn('customer', 'this is ridiculous, I want to talk to a human now', '2026-03-13T09:02:30Z'),
  ],
  firings: [
    firing({ evidence: ['talk to a human'] }),
    firing({ trigger: 'angry', signal: 'frustration', priority: 'normal', evidence: ['this is ridiculous'] }),
    firing({
      trigger: 'angry',
      signal: 'frustration',
      priority: 'urgent',
      evidence: ['this is ridiculous', 'now'],
    }),
    firing({ trigger: 'shadow-loop', signal: 'loop', action: 'flag', priority: 'urgent', shadow: true }),
  ],
  frustration: [0, 0.2, null, 0.3, null, 0.5, null, 0.9],
  priorHandoffs: 1,
  waitingSince: '2026-03-13T09:02:30Z',
  now: '2026-03-13T09:06:40Z',
};

describe('buildBrief', () => {
  const brief = buildBrief(REFUND_CONVERSATION);

  it('is versioned, JSON-serialisable and deterministic', () => {
    expect(brief.schemaVersion).toBe(1);
    expect(JSON.parse(JSON.stringify(brief))).toEqual(brief);
    expect(buildBrief(REFUND_CONVERSATION)).toEqual(brief);
    expect(brief.turnCount).toBe(8);
  });

  it('says who the customer is, with the corrected email from the facts', () => {
    expect(brief.customer).toEqual({
      id: 'cus_1',
      name: 'Jane Doe',
      email: 'jane.doe@x.com',
      tier: 'gold',
      language: 'en-GB',
      verified: true,
    });
  });

  it('quotes the goal, skipping the greeting and the bare request for a person', () => {
    expect(brief.ask).toEqual({ turn: 1, text: 'I want a refund for my order 4471, it arrived broken.' });
  });

  it('keeps every fact with its turn, the corrected ones marked, card masked', () => {
    const view = brief.facts.map((fact) => [
      fact.type,
      fact.value,
      fact.turn,
      fact.superseded ?? false,
      fact.masked ?? false,
    ]);
    expect(view).toEqual([
      ['order_id', '4471', 1, true, false],
      ['amount', 'EUR 120', 1, false, false],
      ['date', '2026-03-06', 1, false, false],
      ['order_id', '4471-983', 3, false, false],
      ['email', 'jane@x.com', 3, true, false],
      ['tool_result', 'orderId: 4471-983, status: delivered, total: 120', 4, false, false],
      ['email', 'jane.doe@x.com', 5, false, false],
      ['card_number', '•••• 4242', 5, false, true],
      ['date', '2026-03-20', 5, false, false],
    ]);
  });

  it('holds no full card number or secret anywhere', () => {
    const serialised = JSON.stringify(brief) + renderBriefMarkdown(brief);
    expect(serialised).not.toMatch(/4242 4242 4242 4242|4242424242424242|hunter2/);
  });

  it('applies the masking rules it is given instead of the defaults', () => {
    const custom = buildBrief(REFUND_CONVERSATION, {
      maskingRules: [{ id: 'email', pattern: String.raw`[\w.]+@[\w.]+`, replacement: '[email]' }],
    });
    expect(custom.customer.email).toBe('[email]');
    expect(custom.facts.find((fact) => fact.type === 'card_number')?.value).toBe('4242424242424242');
  });

  it('lists tool calls with their outcome and the agent replies', () => {
    expect(brief.attempts.filter((attempt) => attempt.kind === 'tool_call')).toEqual([
      {
        turn: 2,
        kind: 'tool_call',
        tool: 'lookup_order',
        ok: false,
        error: 'order not found',
        quote: 'order not found',
      },
      {
        turn: 4,
        kind: 'tool_call',
        tool: 'lookup_order',
        ok: true,
        quote: 'orderId: 4471-983, status: delivered, total: 120',
      },
      {
        turn: 4,
        kind: 'tool_call',
        tool: 'issue_refund',
        ok: false,
        error: 'timeout after 30s',
        quote: 'timeout after 30s',
      },
    ]);
    expect(
      brief.attempts.filter((attempt) => attempt.kind === 'reply').map((attempt) => attempt.quote),
    ).toContain('I am not sure, let me transfer you to a colleague.');
  });

  it('gives the enforced reasons, merged per trigger, most urgent first', () => {
    expect(brief.reasons).toEqual([
      {
        trigger: 'angry',
        signal: 'frustration',
        action: 'handoff',
        priority: 'urgent',
        queue: 'support',
        evidence: ['this is ridiculous', 'now'],
      },
      {
        trigger: 'asks-for-human',
        signal: 'human_request',
        action: 'handoff',
        priority: 'high',
        queue: 'support',
        evidence: ['talk to a human'],
      },
    ]);
    expect(brief.priority).toBe('urgent');
  });

  it('scores sentiment on customer turns only and names the trend', () => {
    expect(brief.sentiment.scores.map((score) => score.turn)).toEqual([0, 1, 3, 5, 7]);
    expect(brief.sentiment).toMatchObject({ latest: 0.9, trend: 'worsening' });
  });

  it('lists the question the agent did not answer', () => {
    expect(brief.openQuestions).toEqual([{ turn: 5, text: 'Will I get the money back by Friday?' }]);
  });

  it('suggests a next step from the goal, the facts and the failed tool', () => {
    expect(brief.suggestedNextStep).toBe(
      "Acknowledge the frustration first. Check refund eligibility for order 4471-983 (EUR 120). The agent's issue_refund call failed (timeout after 30s): do it by hand.",
    );
  });

  it('computes the wait from the given now, and carries the prior handoffs', () => {
    expect(brief).toMatchObject({
      waitingSince: '2026-03-13T09:02:30Z',
      waitedSeconds: 250,
      priorHandoffs: 1,
    });
  });
});

describe('the ask', () => {
  it.each([
    [['Hello, can I talk to a human?', 'my package never arrived'], 'My package never arrived', 1],
    [
      ['hi', 'good morning!', 'I need to change the delivery address'],
      'I need to change the delivery address',
      2,
    ],
    [['Hi there, why was I charged twice?'], 'Why was I charged twice?', 0],
    [['ok', 'thanks'], null, null],
    [['The app crashes when I open it. Can you help?'], 'The app crashes when I open it.', 0],
  ])('%j → %j', (texts, expected, expectedTurn) => {
    const brief = buildBrief({
      conversationId: 'ask',
      turns: texts.map((text) => turn('customer', text, '2026-03-13T09:00:00Z')),
      firings: [],
      now: '2026-03-13T09:00:00Z',
    });
    expect(brief.ask).toEqual(expected === null ? null : { text: expected, turn: expectedTurn });
  });
});

describe('the summary', () => {
  it.each([20, 60])('never passes %d words, however long the conversation', (limit) => {
    const words = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const brief = buildBrief(
      {
        ...REFUND_CONVERSATION,
        customer: {
          name: 'Maximilian Alexander von Habsburg-Lothringen',
          tier: 'platinum enterprise premier',
        },
        turns: [
          turn('customer', `I want a refund because ${words}?`, '2026-03-13T09:00:00Z'),
          ...REFUND_CONVERSATION.turns,
        ],
      },
      { summaryWords: limit },
    );
    expect(brief.summary.split(/\s+/).length).toBeLessThanOrEqual(limit);
    expect(brief.summary.startsWith('Maximilian')).toBe(true);
  });

  it('is 60 words at most by default', () => {
    const summary = buildBrief(REFUND_CONVERSATION).summary;
    expect(summary.split(/\s+/).length).toBeLessThanOrEqual(60);
    expect(summary).toContain('order 4471-983');
  });
});

describe('edge cases', () => {
  it('builds a brief for an empty conversation', () => {
    const brief = buildBrief({
      conversationId: 'empty',
      turns: [],
      firings: [],
      now: '2026-03-13T09:00:00Z',
    });
    expect(brief).toMatchObject({
      ask: null,
      facts: [],
      attempts: [],
      reasons: [],
      priority: 'normal',
      sentiment: { scores: [], latest: null, trend: 'unknown' },
      openQuestions: [],
      waitingSince: null,
      waitedSeconds: null,
      priorHandoffs: 0,
    });
    expect(brief.summary).toBe('The customer has not stated a goal.');
  });

  it('reads the sentiment trend both ways', () => {
    const turns = [0, 1, 2, 3].map((index) => turn('customer', `message ${index}`, '2026-03-13T09:00:00Z'));
    const trend = (frustration: number[]) =>
      buildBrief({ conversationId: 'c', turns, firings: [], frustration, now: '2026-03-13T09:00:00Z' })
        .sentiment.trend;
    expect(trend([0.8, 0.7, 0.3, 0.2])).toBe('improving');
    expect(trend([0.4, 0.5, 0.45, 0.5])).toBe('steady');
    expect(trend([0.1, 0.2, 0.6, 0.8])).toBe('worsening');
  });

  it.each([
    // A spike that came back down: steady between the same two numbers it names, and the peak said once.
    [
      [0, 0.95, 0, 0],
      'steady',
      null,
      'Frustration steady, 0 at turn 0 to 0 at turn 3, with a peak of 0.95 at turn 1, on a 0–1 scale.',
    ],
    [
      [0.1, 0.2, 0.9, 0.8],
      'worsening',
      2,
      'Frustration rose from 0.1 at turn 0 to 0.8 at turn 3; it moved most at turn 2 (0.2 → 0.9), on a 0–1 scale.',
    ],
    [
      [0.9, 0.3, 0.2, 0.1],
      'improving',
      1,
      'Frustration fell from 0.9 at turn 0 to 0.1 at turn 3; it moved most at turn 1 (0.9 → 0.3), on a 0–1 scale.',
    ],
    [[0.4], 'steady', null, 'Frustration 0.4 at turn 0 (measured once), on a 0–1 scale.'],
    [[], 'unknown', null, 'Not measured.'],
  ] as const)('states the sentiment %j once and consistently', (scores, trend, movedAt, text) => {
    const turns = scores.map((_, index) => turn('customer', `message ${index}`, '2026-03-13T09:00:00Z'));
    const brief = buildBrief({
      conversationId: 'c',
      turns,
      firings: [],
      frustration: [...scores],
      now: '2026-03-13T09:00:00Z',
    });
    expect(brief.sentiment.trend).toBe(trend);
    expect(brief.sentiment.movedAt).toBe(movedAt);
    expect(brief.sentiment.text).toBe(text);
    const markdown = renderBriefMarkdown(brief);
    expect(markdown).toContain(text);
    // Stated once: the summary says "rising" only when the line says it rose.
    expect(brief.summary.includes('Frustration is rising')).toBe(trend === 'worsening');
  });

  it('does not report a wait when the time does not parse', () => {
    const brief = buildBrief({ ...REFUND_CONVERSATION, waitingSince: 'soon' });
    expect(brief.waitedSeconds).toBeNull();
  });

  it('suggests an approval step when an action waits for one', () => {
    const brief = buildBrief({
      ...REFUND_CONVERSATION,
      firings: [firing({ trigger: 'big-refund', action: 'approval' })],
    });
    expect(brief.suggestedNextStep).toBe(
      'Review the action waiting for approval (big-refund) and approve or refuse it.',
    );
  });
});

describe('renderBriefMarkdown', () => {
  const markdown = renderBriefMarkdown(buildBrief(REFUND_CONVERSATION));

  it.each([
    '# Brief: conversation conv-1',
    '**Priority:** urgent · **Waiting:** 4 min (since 2026-03-13T09:02:30Z) · **Prior handoffs:** 1',
    '- **Name:** Jane Doe',
    '- **Contact:** jane.doe@x.com',
    '> I want a refund for my order 4471, it arrived broken. (turn 1)',
    '## Why it came to you',
    '"talk to a human"',
    '| Order | 4471-983 (replaces ~~4471~~ from turn 1) | 3 | 4471-983 |',
    '| Email | ~~jane@x.com~~ (corrected to jane.doe@x.com in turn 5) | 3 | jane@x.com |',
    '| Card | •••• 4242 | 5 | •••• 4242 |',
    '- Turn 4: called `issue_refund` (failed): timeout after 30s',
    'Frustration rose from 0 at turn 0 to 0.9 at turn 7; it moved most at turn 7 (0.5 → 0.9), on a 0–1 scale.',
    '- "Will I get the money back by Friday?" (turn 5)',
    '## Suggested next step',
  ])('contains %j', (part) => {
    expect(markdown).toContain(part);
  });

  it('keeps a table intact when a value holds a pipe', () => {
    const brief = buildBrief({
      conversationId: 'pipes',
      turns: [turn('customer', 'my address is 12 Main St | Apt 4, Springfield', '2026-03-13T09:00:00Z')],
      firings: [],
      now: '2026-03-13T09:00:00Z',
    });
    const rows = renderBriefMarkdown(brief)
      .split('\n')
      .filter((line) => line.startsWith('| Address'));
    expect(rows).toEqual([
      '| Address | 12 Main St \\| Apt 4, Springfield | 0 | 12 Main St \\| Apt 4, Springfield |',
    ]);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });
});
