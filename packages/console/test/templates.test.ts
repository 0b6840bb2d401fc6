import { describe, expect, it } from 'vitest';
import { readBrief } from '../src/brief.ts';
import { firstName, replyTemplates, shortQuote } from '../src/templates.ts';

const brief = readBrief({
  schemaVersion: 1,
  summary: 'Sam wants a refund for order 1045.',
  ask: { text: 'I want a refund for order 1045, it arrived broken', turn: 0 },
  customer: { name: 'Sam Rivera' },
  facts: [
    { type: 'order_id', value: '1045', text: '1045', turn: 0, index: 20 },
    { type: 'card_number', value: '•••• 4242', text: '•••• 4242', turn: 1, index: 0, masked: true },
    { type: 'amount', value: 'USD 640', text: '$640', turn: 0, index: 30 },
  ],
  attempts: [{ turn: 1, kind: 'tool_call', tool: 'lookup_order', ok: false, error: 'timeout', quote: '' }],
  reasons: [],
  openQuestions: [{ turn: 2, text: 'When will I get my money back?' }],
  sentiment: { trend: 'worsening' },
});

describe('reply templates', () => {
  it('acknowledge what the customer already said: their ask, their order, what failed, their question', () => {
    const templates = replyTemplates({ brief, turns: [], customerName: undefined, operatorName: 'Ana Lima' });
    const text = Object.fromEntries(templates.map((template) => [template.id, template.text]));
    expect(text['greet']).toBe(
      "Hi Sam, I'm Ana Lima, a person on the team. I've read the whole conversation, including \"I want a refund for order 1045, it arrived broken\", so you won't need to repeat anything. Let me take it from here.",
    );
    expect(text['facts']).toBe("I have order 1045 and the $640 in front of me, and I'm looking into it now.");
    expect(text['failed-attempt']).toContain('lookup order check');
    expect(text['open-question']).toContain('When will I get my money back?');
  });

  it('never put a masked value in a template', () => {
    const templates = replyTemplates({ brief, turns: [], customerName: undefined, operatorName: 'Ana' });
    expect(templates.map((template) => template.text).join(' ')).not.toContain('4242');
  });

  it('fall back to the thread when there is no brief', () => {
    const templates = replyTemplates({
      brief: null,
      turns: [
        { role: 'agent', text: 'Hello!' },
        { role: 'customer', text: 'My parcel never came' },
      ],
      customerName: 'sam',
      operatorName: '',
    });
    expect(templates[0]?.text).toContain('"My parcel never came"');
    expect(templates[0]?.text).toContain("I'm a person from the team");
    expect(templates.some((template) => template.id === 'facts')).toBe(false);
  });

  it('shorten long quotes at a word, and take only plausible first names', () => {
    expect(shortQuote('word '.repeat(60), 20)).toBe('word word word word…');
    expect(firstName('Sam Rivera')).toBe('Sam');
    expect(firstName('•••• 1234')).toBeUndefined();
    expect(firstName(undefined)).toBeUndefined();
  });
});

describe('reading a brief', () => {
  it('reads what it knows and ignores the rest; anything else is no brief', () => {
    expect(brief?.facts.find((fact) => fact.type === 'card_number')?.masked).toBe(true);
    expect(brief?.sentimentTrend).toBe('worsening');
    expect(readBrief(null)).toBeNull();
    expect(readBrief({ facts: [] })).toBeNull();
    expect(readBrief({ summary: 'x', facts: 'nope', attempts: [1, null] })?.facts).toEqual([]);
  });
});
