import { describe, expect, it } from 'vitest';
import { extractFacts } from '../src/brief/facts.ts';
import { buildBrief } from '../src/brief/index.ts';
import type { Fact } from '../src/brief/schema.ts';
import type { Role, Turn } from '../src/types.ts';

const AT = '2026-03-13T09:00:00Z'; // a Friday

function turn(role: Role, text: string, extra: Partial<Turn> = {}): Turn {
  return { role, text, at: AT, ...extra };
}

function facts(turns: Turn[]): Fact[] {
  return extractFacts(turns, { dayFirst: true });
}

/** type → value of the facts still current (not superseded). */
function current(found: Fact[]): [string, string][] {
  return found.filter((fact) => !fact.superseded).map((fact) => [fact.type, fact.value]);
}

describe('a masked number is one fact, and nothing else', () => {
  it('reads "•••• 4242" as the card alone, not as a phone or an id', () => {
    const found = current(facts([turn('customer', 'the card •••• 4242 was charged twice')]));
    expect(found).toEqual([['card_number', '•••• 4242']]);
  });
});

describe('one fact of each type, from one customer turn', () => {
  it.each([
    ['my order number is 4471-983', 'order_id', '4471-983'],
    ['order #A77K391 never came', 'order_id', 'A77K391'],
    ['see ORD-55120', 'order_id', 'ORD-55120'],
    ['my ticket is 88213', 'ticket_id', '88213'],
    ['case ref: TKT-2291', 'ticket_id', 'TKT-2291'],
    ['invoice INV-2024-0042 is wrong', 'invoice_id', 'INV-2024-0042'],
    ['account number 99812345', 'account_id', '99812345'],
    ['pay it to DE89 3704 0044 0532 0130 00', 'account_id', 'DE89370400440532013000'],
    ['charge my card 4242 4242 4242 4242', 'card_number', '4242424242424242'],
    // Masked where it entered Baton: the server stores only the last four digits.
    ['charge my card •••• 4242, please', 'card_number', '•••• 4242'],
    ['my IBAN is •••• 3000', 'account_id', '•••• 3000'],
    ['write to Jane.Doe@Example.com', 'email', 'jane.doe@example.com'],
    ['call me on +44 20 7946 0958', 'phone', '+442079460958'],
    ['my mobile is 0612 345 678', 'phone', '0612345678'],
    ['I paid €120 for it', 'amount', 'EUR 120'],
    ['it cost 1.200,50 EUR', 'amount', 'EUR 1200.50'],
    ['a refund of $45.50', 'amount', 'USD 45.50'],
    ['I sent 700£', 'amount', 'GBP 700'],
    ['I paid 61.21 yesterday at the shop', 'amount', '61.21'],
    ['it arrived yesterday', 'date', '2026-03-12'],
    ['I ordered it last Friday', 'date', '2026-03-06'],
    ['deliver it in 3 days', 'date', '2026-03-16'],
    ['ship to 221B Baker Street, London NW1 6XE', 'address', '221B Baker Street, London NW1 6XE'],
    ['my address is 12 rue de la Paix, 75002 Paris', 'address', '12 rue de la Paix, 75002 Paris'],
    ['I ordered a Sony WH-1000XM5 headset', 'product', 'Sony WH-1000XM5 headset'],
    ['My name is Jane Doe', 'person_name', 'jane doe'],
    ['can i transfer money to guy kephart', 'person_name', 'guy kephart'],
    ['the table is booked under christyne tauber', 'person_name', 'christyne tauber'],
    ['cancel the direct debit with Amazon Shopping', 'company', 'Amazon Shopping'],
    ['Snappy Snaps rejected my card', 'company', 'Snappy Snaps'],
    ['did I spend much at santore restaurant', 'company', 'santore restaurant'],
  ])('%j → %s %s', (text, type, value) => {
    const found = facts([turn('customer', text)]);
    expect(current(found)).toContainEqual([type, value]);
    const fact = found.find((candidate) => candidate.type === type && candidate.value === value)!;
    expect(fact.turn).toBe(0);
    expect(text.slice(fact.index, fact.index + fact.text.length)).toBe(fact.text);
  });

  it.each([
    ["it's gona be 7 people"],
    ['this is ridiculous, I want a human'],
    ['I am unsure'],
    ['I want to transfer to my savings'],
    ['my pin is not working'],
    ['order 3 items'],
    ['I tried 4 times'],
    ['I have 2 business accounts, more than 2 business accounts'],
    ['payment to change the date'],
    ['call me back later'],
  ])('finds no name, id, phone or amount in %j', (text) => {
    const found = facts([turn('customer', text)]).filter((fact) => fact.type !== 'date');
    expect(found).toEqual([]);
  });

  it('reads customer turns; from agent turns only ids and amounts with a currency, and tool results', () => {
    const found = facts([
      turn('agent', 'Your order 5555-111 costs €30, right?'),
      turn('operator', 'Jane, email me at ops@example.com'),
      turn('agent', 'Checking.', {
        toolCalls: [
          {
            name: 'lookup_order',
            ok: true,
            result: { status: 'shipped', total: 30, lines: [1, 2], nested: { a: 1 } },
          },
          { name: 'refund', ok: false, error: 'timeout' },
        ],
      }),
    ]);
    expect(found).toEqual([
      { type: 'order_id', value: '5555-111', turn: 0, text: '5555-111', index: 11, role: 'agent' },
      {
        type: 'amount',
        value: 'EUR 30',
        turn: 0,
        text: '€30',
        index: 26,
        role: 'agent',
        amount: { value: 30, currency: 'EUR' },
      },
      {
        type: 'tool_result',
        value: 'status: shipped, total: 30, lines: 2 items',
        turn: 2,
        text: 'lookup_order',
        index: 0,
      },
    ]);
  });
});

describe('facts across turns', () => {
  it('completes an order id split over two turns, and marks the first part superseded', () => {
    const found = facts([
      turn('customer', 'my order is 4471'),
      turn('agent', 'I cannot find order 4471. Could you check it?'),
      turn('customer', 'sorry, 4471-983'),
    ]);
    expect(found.map((fact) => [fact.type, fact.value, fact.turn, fact.superseded ?? false])).toEqual([
      ['order_id', '4471', 0, true],
      ['order_id', '4471-983', 2, false],
    ]);
  });

  it('keeps the corrected email and marks the old one superseded (same turn)', () => {
    const found = facts([turn('customer', "sorry, it's jane.doe@x.com not jane@x.com")]);
    expect(found.map((fact) => [fact.value, fact.superseded ?? false])).toEqual([
      ['jane.doe@x.com', false],
      ['jane@x.com', true],
    ]);
  });

  it('keeps the corrected email and marks the old one superseded (later turn)', () => {
    const found = facts([
      turn('customer', 'my email is jane@x.com'),
      turn('agent', 'Thanks!'),
      turn('customer', "sorry, it's jane.doe@x.com not jane@x.com"),
    ]);
    expect(current(found)).toEqual([['email', 'jane.doe@x.com']]);
    expect(found.filter((fact) => fact.value === 'jane@x.com')).toHaveLength(1);
    expect(found.find((fact) => fact.value === 'jane@x.com')).toMatchObject({ turn: 0, superseded: true });
  });

  it.each([
    ['sorry, use jane.doe@x.com', 'email', 'jane.doe@x.com'],
    ['actually my email is jd@y.org', 'email', 'jd@y.org'],
    ['typo, the phone is +44 20 7946 0999', 'phone', '+442079460999'],
  ])('a later correction without the old value (%j) supersedes the earlier one', (text, type, value) => {
    const found = facts([
      turn('customer', 'email jane@x.com, phone +44 20 7946 0958'),
      turn('customer', text),
    ]);
    const ofType = found.filter((fact) => fact.type === type);
    expect(ofType.map((fact) => [fact.value, fact.superseded ?? false])).toEqual([
      [ofType[0]!.value, true],
      [value, false],
    ]);
  });

  it('keeps both emails when the second is not a correction', () => {
    const found = facts([turn('customer', 'work: a@x.com'), turn('customer', 'and home: b@y.org')]);
    expect(current(found)).toEqual([
      ['email', 'a@x.com'],
      ['email', 'b@y.org'],
    ]);
  });

  it('types a bare id by the question the agent just asked', () => {
    const found = facts([turn('agent', "What's your order number?"), turn('customer', 'it is 88-1234')]);
    expect(current(found)).toEqual([['order_id', '88-1234']]);
  });

  it('types only the first bare id of the answer, and nothing when the agent asked no such question', () => {
    const answered = facts([
      turn('agent', "What's your order number?"),
      turn('customer', "it's 4471-22, and I paid 120"),
    ]);
    expect(current(answered)).toEqual([
      ['order_id', '4471-22'],
      ['amount', '120'],
    ]);
    const notAsked = facts([
      turn('agent', 'I found your order. Anything else?'),
      turn('customer', 'yes, 12345 is wrong'),
    ]);
    expect(notAsked).toEqual([]);
  });

  it('keeps a value said twice once, at its first mention', () => {
    const found = facts([
      turn('customer', 'order 12345 please'),
      turn('customer', 'as I said, order 12345!'),
    ]);
    expect(found.map((fact) => [fact.value, fact.turn])).toEqual([['12345', 0]]);
  });

  it('resolves a relative date against its own turn, not the last one', () => {
    const found = facts([
      turn('customer', 'it was charged yesterday', { at: '2026-01-10T23:30:00-05:00' }),
      turn('customer', 'and again today', { at: '2026-02-02T08:00:00Z' }),
    ]);
    expect(current(found)).toEqual([
      ['date', '2026-01-09'],
      ['date', '2026-02-02'],
    ]);
  });

  it('reads amounts in several currencies and formats in one turn', () => {
    const found = facts([turn('customer', 'I paid €120, then $45.50, then 1.200,50 EUR and CHF 1’200.50')]);
    expect(current(found)).toEqual([
      ['amount', 'EUR 120'],
      ['amount', 'USD 45.50'],
      ['amount', 'EUR 1200.50'],
      ['amount', 'CHF 1200.50'],
    ]);
    expect(found[0]?.amount).toEqual({ value: 120, currency: 'EUR' });
  });
});

describe('names after "this is" / "I am"', () => {
  it.each(['This is taking forever, I want a real person', "I'm waiting for my refund", "it's getting late"])(
    'a verb in -ing is not a name: %s',
    (text) => {
      const brief = buildBrief({
        conversationId: 'x',
        turns: [{ role: 'customer', text, at: '2026-01-01T00:00:00Z' }],
        firings: [],
        now: '2026-01-01T00:00:00Z',
      });
      expect(brief.facts.filter((fact) => fact.type === 'person_name')).toEqual([]);
    },
  );
});
