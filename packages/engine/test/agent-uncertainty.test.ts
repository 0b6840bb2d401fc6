import { describe, expect, it } from 'vitest';
import { detectAgentUncertainty, UNCERTAINTY_PATTERNS } from '../src/signals/agent-uncertainty.ts';
import { firstMatchAtWords } from '../src/signals/lexicon-human-scan.ts';
import { viewText } from '../src/text.ts';

const read = (text: string) => detectAgentUncertainty(viewText(text));

const fallbacks: Record<string, string[]> = {
  english: [
    "Sorry, I didn't understand.",
    "I'm not sure what you mean.",
    'Could you rephrase your question?',
    "I can't help with that.",
    "I don't have access to your account details.",
    "I'm unable to process refunds.",
    "I'm afraid I'm unable to do that.",
    "I don't know the answer to that.",
    "I'm just a virtual assistant and can't access that.",
    "That's outside what I can do.",
  ],
  spanish: ['Lo siento, no entiendo tu pregunta.', 'No puedo ayudarte con eso.'],
  french: ["Je n'ai pas compris votre demande.", 'Je ne peux pas vous aider.'],
  german: ['Ich habe das nicht verstanden.', 'Ich kann Ihnen dabei nicht helfen.'],
  italian: ['Non ho capito.', 'Non posso aiutarti con questo.'],
  portuguese: ['Não entendi.', 'Não posso ajudar com isso.'],
  chinese: ['抱歉，我没听懂。', '这个我帮不了您。'],
};

const hedges: Record<string, string[]> = {
  english: [
    "I'm not sure.",
    "I'm not entirely certain that applies to you.",
    'I might be wrong, but it ships Monday.',
  ],
  spanish: ['No estoy seguro.'],
  french: ['Je ne suis pas sûr.'],
  german: ['Ich bin mir nicht sicher.'],
  italian: ['Non sono sicuro.'],
  portuguese: ['Não tenho certeza.'],
  chinese: ['我不确定。'],
};

const confident = [
  "I'm sure we can fix this.",
  'I can help with that!',
  'No problem, I understand.',
  'I understand your frustration.',
  "If you're not sure, check the app.",
  "I can't wait to help you.",
  "I can't help but notice you have two accounts.",
  "Don't worry, I can do that.",
  'Here is your tracking number: 1234.',
  "You can't change the address after shipping.",
  "I don't see any issue with your order, it's on time.",
  "We can't guarantee delivery before Friday.",
];

describe('detectAgentUncertainty', () => {
  for (const [language, texts] of Object.entries(fallbacks)) {
    it.each(texts)(`reads a fallback (${language}): %s`, (text) => {
      const reading = read(text);
      expect(reading.score).toBe(1);
      expect(reading.values?.fallback).toBe(1);
      expect(reading.evidence.length).toBeGreaterThan(0);
    });
  }

  for (const [language, texts] of Object.entries(hedges)) {
    it.each(texts)(`reads a hedge, not a fallback (${language}): %s`, (text) => {
      const reading = read(text);
      expect(reading.score).toBe(0.6);
      expect(reading.values).toEqual({ fallback: 0, hedge: 1 });
    });
  }

  it.each(['I think your card should arrive tomorrow.', 'Your card will probably arrive tomorrow.'])(
    'grades a weak hedge lower: %s',
    (text) => {
      const reading = read(text);
      expect(reading.score).toBe(0.3);
      expect(reading.values).toEqual({ fallback: 0, hedge: 1 });
    },
  );

  it.each(confident)('does not fire on a confident answer: %s', (text) => {
    expect(read(text)).toEqual({ score: 0, values: { fallback: 0, hedge: 0 }, evidence: [] });
  });

  it.each(['', '🤖', '\u0000\u202e', "i'm not sure ".repeat(20_000), '\uDC00'])(
    'never throws on odd input (%#)',
    (text) => {
      const reading = read(text);
      expect(reading.score).toBeGreaterThanOrEqual(0);
      expect(reading.score).toBeLessThanOrEqual(1);
    },
  );

  // Patterns are tried only at their start words: a full scan must find nothing the word scan misses.
  const sentences = [
    ...Object.values(fallbacks).flat(),
    ...Object.values(hedges).flat(),
    ...confident,
    'I think your card should arrive tomorrow.',
    'It seems the payment is pending.',
    'As far as I know, yes.',
    'From what I can tell, it shipped.',
    'The reservation was unsuccessful.',
    'Your booking could not be completed.',
    'Sorry, the payment didnt go through.',
    "We're unable to refund this order.",
    'Please try rephrasing your question.',
    'Something went wrong on our side.',
    "It's beyond what I can do.",
  ];
  it.each(UNCERTAINTY_PATTERNS)(
    'the $name pattern is tried at every word it can start with',
    ({ pattern, starts }) => {
      const fullScan = new RegExp(pattern.source, 'gu');
      for (const sentence of sentences) {
        const view = viewText(sentence);
        fullScan.lastIndex = 0;
        const full = fullScan.exec(view.lower);
        const atWords = firstMatchAtWords(view.lower, view.words, starts, pattern);
        expect(atWords?.[0] ?? null, sentence).toBe(full?.index ?? null);
      }
    },
  );

  it.each([
    ["I didn't know that, thanks for telling me!", 0],
    ["I couldn't sleep after that movie.", 0],
    ["I couldn't agree more.", 0],
  ])('does not read chit-chat as failure: %s', (text, score) => {
    expect(read(text).score).toBe(score);
  });
});

describe('what is not uncertainty', () => {
  // Information about the world: nothing matched. Neither uncertainty nor a failure of the agent.
  it.each([
    "I couldn't find any order with that number.",
    "Sorry, I couldn't find any others that match your preferences.",
    'I failed to find any other hotels that meet your requirements.',
    'Sorry, nothing matches those criteria.',
    'There are no tables left at 7 pm.',
    'That flight is sold out.',
    'I cannot find anything else. Can I assist you with something else?',
  ])('an answer that nothing matches: %s', (text) => {
    const reading = read(text);
    expect(reading.score).toBe(0);
    expect(reading.values?.['failure'] ?? 0).toBe(0);
  });

  // A task the agent could not do: a failure it is sure of, for repeated_failure, not an offer.
  it.each([
    'I was unable to book that time.',
    'Sorry, your reservation could not be made.',
    'Something went wrong and I was unable to book your appointment.',
    "I'm so sorry, I can't get that appointment.",
    'Sorry, the payment didnt go through.',
  ])('a failed task: %s', (text) => {
    const reading = read(text);
    expect(reading.score).toBe(0);
    expect(reading.values?.['failure']).toBe(1);
  });

  // A fallback or hedge that steers on in the same turn scores under the default offer threshold.
  it.each<[string, number]>([
    ["I don't know, but I can get you a coffee or tea while you look that up.", 0.4],
    ["I can't answer that but can take your order.", 0.4],
    ["Sorry I didn't understand your request. Please tell me the city you'd like to search in.", 0.4],
    ["I'm not sure, but I'm happy to help with any drink questions.", 0.3],
    ["I don't know the answer to that. I can only help you order coffee and tea.", 0.4],
    // the question is the fallback itself, not a next step
    ['Could you rephrase your question?', 1],
    ["I can't help with that.", 1],
  ])('%s → %d', (text, score) => {
    expect(read(text).score).toBe(score);
  });
});

describe('a matter of taste, or a condition on the agent, is not uncertainty', () => {
  it.each<[string, number]>([
    ["Well, I'm scared of clowns so I'm not sure I want to see it.", 0],
    ["I'm not sure what you would consider a tear jerker, so here are a few that got me.", 0],
    ["I'm not sure if you've seen it, but Heat is great.", 0],
    ["I'm not sure which kind of films you like.", 0],
    ["I know, but if I don't like those movies, I can't help you", 0],
    // The same words about the customer's problem still count.
    ["I'm not sure I can help with that.", 0.6],
    ["I'm not sure if your order shipped.", 0.6],
    ["If it's a refund, I can't help with that.", 1],
    ["I'm not sure what you mean.", 1],
  ])('%s → %s', (text, score) => {
    expect(read(text).score).toBe(score);
  });

  it.each([
    "I don't know much about that one, except that it's coming out.",
    "I'm not sure about that. I heard the new one is really creepy.",
    "I'm not sure about that one. You might like Heat instead.",
    "I'm not sure what teen movies are out, but I know that Maze Runner is a good series.",
    "I'm not sure the store is open today, but we know it opens at nine on weekdays.",
  ])('counts what the agent knows or suggests after a hedge as steering on: %s', (text) => {
    expect(read(text).score).toBeLessThan(0.5);
  });

  it('counts a hedge with "but I\'ll" as steering on', () => {
    expect(read("I'm not sure that's in stock, but I'll check the other store.").score).toBeLessThan(0.5);
  });
});
