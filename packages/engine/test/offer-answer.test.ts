import { describe, expect, it } from 'vitest';
import { classifyOfferAnswer } from '../src/signals/offer-answer.ts';
import { viewText } from '../src/text.ts';

const classify = (text: string) => classifyOfferAnswer(viewText(text));

// Replies to "Would you like me to connect you with a person?"
const cases: [reply: string, expected: 'accept' | 'decline' | null][] = [
  ['yes please', 'accept'],
  ['Sure', 'accept'],
  ['ok', 'accept'],
  ['k', 'accept'],
  ['yeah connect me', 'accept'],
  ['go ahead', 'accept'],
  ['that would be great, thanks', 'accept'],
  ["I'm fine with that", 'accept'],
  ['no problem', 'accept'],
  ['sí', 'accept'],
  ['claro que sí', 'accept'],
  ['oui', 'accept'],
  ["d'accord", 'accept'],
  ['ja', 'accept'],
  ['bitte', 'accept'],
  ['sì grazie', 'accept'],
  ['sim', 'accept'],
  ['好的', 'accept'],
  ['可以', 'accept'],
  ['👍', 'accept'],
  // a new explicit request for a person is a yes, even after "no"
  ['no, let me talk to a human', 'accept'],
  ['please connect me to an agent', 'accept'],
  ['put me through to reception', 'accept'],
  ['no thanks', 'decline'],
  ["no, I'm fine", 'decline'],
  ["I'm fine", 'decline'],
  ['not now', 'decline'],
  ['nope', 'decline'],
  ["nah I'm good", 'decline'],
  ['thanks but no thanks', 'decline'],
  ["No, I don't need a person", 'decline'],
  ["no thanks, but what's my balance?", 'decline'],
  ['no gracias', 'decline'],
  ['non merci', 'decline'],
  ['nein danke', 'decline'],
  ['non grazie', 'decline'],
  ['não, obrigado', 'decline'],
  ['不用了', 'decline'],
  ['算了', 'decline'],
  // anything else is neither
  ["what's my balance?", null],
  ['how long is the wait?', null],
  ['maybe', null],
  ["I'm not sure", null],
  ['yesterday I ordered shoes', null],
  ['cancel my order', null],
  ['y el saldo?', null],
  ['要多久', null],
  // a yes that goes on to something else answers another question, not the offer
  ['ok, so about the refund…', null],
  ['sure, for four people', null],
  ['yes, at 7 pm on Friday', null],
  ['okay, and what time do you close?', null],
  ['sure?', null],
  ['好的，我要两杯拿铁', null],
  // a yes that stays an answer
  ['yes please, connect me with someone now', 'accept'],
  ['okay thanks', 'accept'],
  ['sure, that would be great', 'accept'],
  ['ok go ahead', 'accept'],
  ['好的，谢谢', 'accept'],
  ['可以，麻烦了', 'accept'],
  ['是什么', null],
  ['', null],
];

describe('classifyOfferAnswer', () => {
  it.each(cases)('%s → %s', (reply, expected) => {
    expect(classify(reply)).toBe(expected);
  });

  it.each(['\u0000', '🙂🙂', 'x'.repeat(100_000), '\uD83D'])('never throws on odd input (%#)', (text) => {
    expect([null, 'accept', 'decline']).toContain(classify(text));
  });
});
