/**
 * The brief reads right: the ask is a real request, corrections keep both values and turns in a
 * chain, the traps of fact types hold, the agent's amounts and promises are listed.
 */
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../src/brief/facts.ts';
import { buildBrief, renderBriefMarkdown } from '../src/brief/index.ts';
import type { Fact } from '../src/brief/schema.ts';
import type { Turn } from '../src/types.ts';

function conversation(...texts: string[]): Turn[] {
  return texts.map((text, index) => ({
    role: text.startsWith('A:') ? 'agent' : 'customer',
    text: text.replace(/^A:/, ''),
    at: `2026-03-13T09:${String(index).padStart(2, '0')}:00Z`,
  }));
}

function brief(...texts: string[]) {
  return buildBrief({
    conversationId: 'c',
    turns: conversation(...texts),
    firings: [],
    now: '2026-03-13T10:00:00Z',
  });
}

function view(facts: Fact[]): string[] {
  return facts.map((fact) => `${fact.type} ${fact.value} @${fact.turn}${fact.superseded ? ' struck' : ''}`);
}

describe('the ask', () => {
  it.each([
    [
      ['Anyone?', 'hello??', 'My parcel to Munich has not arrived.', 'Are you there?'],
      'My parcel to Munich has not arrived.',
    ],
    [
      ['Hi', 'A:How can I help?', 'I was charged twice for invoice 4410.', 'Anyone?', 'thanks'],
      'I was charged twice for invoice 4410.',
    ],
    [['¿Hay alguien?', 'Quiero cambiar la dirección de entrega'], 'Quiero cambiar la dirección de entrega'],
    [
      ['Il y a quelqu’un ?', 'Allô ?', 'Je veux annuler ma commande 44120'],
      'Je veux annuler ma commande 44120',
    ],
    [['Ist da jemand?', 'Hallo?', 'Ich möchte meine Rechnung ändern'], 'Ich möchte meine Rechnung ändern'],
    [['Alguém aí?', 'Olá?', 'Quero devolver a encomenda 99123'], 'Quero devolver a encomenda 99123'],
    [['any update?', 'still waiting', 'ok'], null],
  ])('%j → %j', (texts, ask) => {
    expect(brief(...texts).ask?.text ?? null).toBe(ask);
  });
});

describe('correction chains', () => {
  it.each([
    [
      ['my delivery is booked for the 10th', 'no, the 12th, not the 10th', 'sorry, actually the 14th'],
      ['date 2026-03-10 @0 struck', 'date 2026-03-12 @1 struck', 'date 2026-03-14 @2'],
    ],
    [
      ['my email is a@x.com', 'sorry it is b@x.com', 'no wait, c@x.com'],
      ['email a@x.com @0 struck', 'email b@x.com @1 struck', 'email c@x.com @2'],
    ],
    [
      ['I paid 40 euros', 'sorry, it was 50 euros'],
      ['amount EUR 40 @0 struck', 'amount EUR 50 @1'],
    ],
    // A second date in a turn that corrects something else is not a correction of the first date.
    [
      ['I ordered it last Friday', 'sorry, my email is j@x.com. Will it come by Monday?'],
      ['date 2026-03-06 @0', 'email j@x.com @1', 'date 2026-03-16 @1'],
    ],
    [
      ['Die Lieferung war für den 10. März geplant', 'Entschuldigung, am 12.'],
      ['date 2026-03-10 @0 struck', 'date 2026-03-12 @1'],
    ],
  ])('%j', (texts, expected) => {
    expect(view(extractFacts(conversation(...texts), { dayFirst: true }))).toEqual(expected);
  });

  it('names both values and both turns, in the data and struck through in the Markdown', () => {
    const result = brief('my delivery is booked for the 10th', 'no, the 12th, not the 10th');
    const [old, fresh] = result.facts;
    expect(old).toMatchObject({
      value: '2026-03-10',
      turn: 0,
      superseded: true,
      correctedBy: { value: '2026-03-12', turn: 1 },
    });
    expect(fresh).toMatchObject({ value: '2026-03-12', turn: 1, corrects: { value: '2026-03-10', turn: 0 } });
    const markdown = renderBriefMarkdown(result);
    expect(markdown).toContain('~~2026-03-10~~ (corrected to 2026-03-12 in turn 1)');
    expect(markdown).toContain('2026-03-12 (replaces ~~2026-03-10~~ from turn 0)');
  });
});

describe('traps', () => {
  it.each([
    ['order #1200 never arrived', ['order_id 1200 @0']],
    ['Can you ship my parcel to Jordan?', ['place Jordan @0']],
    ["Hello, I'm Jordan", ['person_name jordan @0']],
    ['Jordan Smith sent me the invoice', []],
    ['I have been waiting since May 4', ['date 2025-05-04 @0']],
    ['The invoice from May Chen was never paid', ['person_name may chen @0']],
    ['the bill from Mr. Jones is wrong', ['person_name jones @0']],
    ['Mobile data does not work', []],
    ['that is nice of you', []],
    ['I moved to Nice last year', ['place Nice @0']],
    ['mon adresse est 3 rue Victor Hugo', ['address 3 rue Victor Hugo @0']],
  ])('%j', (text, expected) => {
    const found = extractFacts(conversation(text), { dayFirst: true }).filter(
      (fact) => fact.type !== 'product',
    );
    expect(view(found)).toEqual(expected);
  });
});

describe('what the agent said and promised', () => {
  it('keeps the amount the agent states and lists its promises, not its refusals', () => {
    const result = brief(
      'I want my money back for order 55123',
      'A:A refund of $640 is above my limit. I have opened ticket TKT-4410 and you will receive an email within 2 days. I cannot approve it myself.',
    );
    expect(result.facts).toContainEqual(
      expect.objectContaining({ type: 'amount', value: 'USD 640', turn: 1, role: 'agent' }),
    );
    expect(
      result.attempts.filter((attempt) => attempt.kind === 'promise').map((attempt) => attempt.quote),
    ).toEqual(['I have opened ticket TKT-4410 and you will receive an email within 2 days.']);
    // The summary names what the customer gave, not the agent's figures.
    expect(result.summary).toContain('Gave order 55123.');
    expect(renderBriefMarkdown(result)).toContain('| Amount (said by the agent) | USD 640 | 1 | $640 |');
  });
});
