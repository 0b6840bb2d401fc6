import { describe, expect, it } from 'vitest';
import { buildBrief, findRepeats } from '../src/brief/index.ts';
import type { Role, Turn } from '../src/types.ts';

const AT = '2026-03-13T09:00:00Z';

function turn(role: Role, text: string): Turn {
  return { role, text, at: AT };
}

const brief = buildBrief({
  conversationId: 'conv-repeat',
  turns: [
    turn('customer', 'My name is Jane Doe. My order is 4471'),
    turn('customer', 'sorry, 4471-983. Email jane@x.com, phone +44 20 7946 0958'),
    turn('customer', 'I paid €120 yesterday, card 4242 4242 4242 4242'),
    turn('customer', 'I want a person'),
  ],
  firings: [],
  now: AT,
});
const AFTER = brief.turnCount;

describe('findRepeats: an operator asks for what the brief holds', () => {
  it.each([
    ["Hi Jane, what's your order number?", 'order_id', '4471-983'],
    ['Could you confirm your email address?', 'email', 'jane@x.com'],
    ['What is your phone number?', 'phone', '+442079460958'],
    ['How much did you pay?', 'amount', 'EUR 120'],
    ['When did you pay?', 'date', '2026-03-12'],
    ['Can I have your full name please?', 'person_name', 'jane doe'],
    ['Please give me the last 4 digits of the card', 'card_number', '•••• 4242'],
  ])('%j → %s', (text, factType, value) => {
    expect(findRepeats(brief, turn('operator', text), AFTER)).toEqual([
      { kind: 'operator_asked', factType, value },
    ]);
  });

  it.each([
    ['What is your address?'], // not given
    ['Which ticket number was it?'], // not given
    ['I have your order here, one moment.'], // not a question
    ['Your refund is on its way.'],
  ])('no repeat for %j', (text) => {
    expect(findRepeats(brief, turn('operator', text), AFTER)).toEqual([]);
  });

  it('counts what the customer profile holds as known', () => {
    const withProfile = buildBrief({
      conversationId: 'profile',
      customer: { name: 'Ana Ruiz', email: 'ana@example.com' },
      turns: [turn('customer', 'my parcel never came')],
      firings: [],
      now: AT,
    });
    const repeats = findRepeats(withProfile, turn('operator', 'Can I have your name and email, please?'), 1);
    expect(repeats).toEqual([
      { kind: 'operator_asked', factType: 'email', value: 'ana@example.com' },
      { kind: 'operator_asked', factType: 'person_name', value: 'Ana Ruiz' },
    ]);
  });

  it('reports every known fact one question asks for', () => {
    const repeats = findRepeats(brief, turn('operator', 'What are your order number and email?'), AFTER);
    expect(repeats.map((repeat) => repeat.factType).sort()).toEqual(['email', 'order_id']);
  });
});

describe('findRepeats: the customer restates a fact after the handoff', () => {
  it.each([
    ['As I said, my order is 4471-983!', [['order_id', '4471-983']]],
    ['4471-983', [['order_id', '4471-983']]],
    [
      'my email is jane@x.com and I paid €120',
      [
        ['email', 'jane@x.com'],
        ['amount', 'EUR 120'],
      ],
    ],
    ['the card is 4242 4242 4242 4242', [['card_number', '•••• 4242']]],
    ['my order is 5551234', []],
    ['thanks, that helps', []],
  ])('%j', (text, expected) => {
    const repeats = findRepeats(brief, turn('customer', text), AFTER);
    expect(repeats.map((repeat) => [repeat.factType, repeat.value])).toEqual(expected);
    for (const repeat of repeats) expect(repeat.kind).toBe('customer_restated');
  });

  it('does not count the superseded first part of the order id as a restatement', () => {
    expect(findRepeats(brief, turn('customer', 'order 4471'), AFTER)).toEqual([]);
  });

  it('ignores customer turns from before the handoff', () => {
    expect(findRepeats(brief, turn('customer', 'my order is 4471-983'), 1)).toEqual([]);
  });
});
