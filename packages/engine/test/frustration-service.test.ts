import { describe, expect, it } from 'vitest';
import { decide } from '../src/decide.ts';
import { compilePolicy } from '../src/policy/compile-policy.ts';
import { defaultPolicy } from '../src/policy/default-policy.ts';
import { initialFrustrationContext, observeAgentTurn } from '../src/signals/frustration-context.ts';
import { measureFrustrationInContext } from '../src/signals/frustration.ts';
import { initialState } from '../src/state.ts';
import { viewText } from '../src/text.ts';
import type { SignalReading } from '../src/types.ts';

/** Plays a conversation ("agent: ..." lines are the agent's) and returns the last customer reading. */
function play(lines: readonly string[]): SignalReading {
  let context = initialFrustrationContext();
  let last: SignalReading | undefined;
  const recent: number[] = [];
  for (const line of lines) {
    if (line.startsWith('agent: ')) {
      context = observeAgentTurn(context, viewText(line.slice(7)));
      continue;
    }
    const result = measureFrustrationInContext(viewText(line), recent.slice(-4), context);
    context = result.context;
    last = result.reading;
    recent.push(last.score);
  }
  if (last === undefined) throw new Error('no customer turn');
  return last;
}

/** The default policy's offer threshold for frustration. */
const OFFER_AT = (() => {
  const trigger = defaultPolicy.triggers.find((candidate) => candidate.id === 'customer-frustrated');
  return (trigger?.when as { gte: number }).gte;
})();
const HANDOFF_AT = 0.8;

describe('frustration as dissatisfaction with the service', () => {
  it.each<[string, string[], string]>([
    [
      'correcting what the agent read back',
      [
        'agent: Please confirm: a table for 2 at 7 pm on March 4th?',
        "No, that's not right, I want it on March 14th.",
      ],
      'correction',
    ],
    [
      'repeating an earlier request',
      [
        'I need a taxi to the airport at 5 pm',
        'agent: What kind of restaurant are you looking for?',
        'I need a taxi to the airport at 5 pm',
      ],
      'repeat',
    ],
    [
      'refusing again what the agent proposes again',
      [
        'agent: Would you like to watch Ghostbusters (2016)?',
        "No, I don't like that one.",
        'agent: Would you like to watch Ghostbusters (2016)?',
        'No.',
      ],
      'refused_again',
    ],
    [
      'asking again after the agent failed twice in a row',
      [
        "agent: Sorry, I couldn't make the reservation.",
        'Try at 1 pm then',
        "agent: Sorry, I couldn't make the reservation.",
        'Try again for 12:15 please',
      ],
      'agent_failures',
    ],
    ['anger at the service', ['you are useless, this bot is terrible'], 'anger'],
    ['"I already told you"', ['I already told you my order number'], 'anger'],
  ])('%s reads higher than a calm answer in the same place, labelled', (_name, lines, label) => {
    const reading = play(lines);
    const calm = play([...lines.slice(0, -1), 'Yes, that works.']);
    expect(reading.score).toBeGreaterThan(calm.score + 0.1);
    expect(reading.labels).toContain(label);
    expect(reading.evidence.length).toBeGreaterThan(0);
  });

  it.each<[string, string[]]>([
    ['a plain refusal', ['agent: Would you like to buy tickets?', 'No, not now.']],
    ['giving up', ['agent: Sorry, nothing matches.', 'never mind, forget it']],
  ])('%s reads above a calm answer but stays under the offer threshold', (_name, lines) => {
    const reading = play(lines);
    expect(reading.score).toBeGreaterThan(play([...lines.slice(0, -1), 'Yes, please.']).score);
    expect(reading.score).toBeLessThan(OFFER_AT);
  });

  it.each([
    "I'm not really into horror films",
    "I don't like action movies much",
    'That movie was awful, the ending made me sad',
    'I hate waiting in line at the cinema',
  ])('a negative opinion about a product or topic is no anger at the service: %j', (text) => {
    const reading = play(['agent: Have you seen "It (2017)"?', text]);
    expect(reading.labels).not.toContain('anger');
    expect(reading.score).toBeLessThan(OFFER_AT);
  });

  it.each([
    ['you are useless', 'useless movie'],
    ['your app is terrible', 'the weather is terrible'],
    ['this bot sucks', 'the sequel sucks'],
  ])('aimed at the service (%j) reads higher than at a topic (%j)', (service, topic) => {
    expect(play([service]).score).toBeGreaterThan(play([topic]).score);
    expect(play([service]).score).toBeGreaterThanOrEqual(HANDOFF_AT - 0.3);
  });

  it.each([
    ['Thanks, that is great', 'I want to book a table'],
    ['please book it', 'book it'],
    ['No, thank you, that is all.', 'No, that is all.'],
    ["That's fine, thanks", 'That is all.'],
  ])('thanks, please and fine are not negative: %j', (polite, plain) => {
    const reading = play([polite]);
    expect(reading.values?.['sentiment']).toBeGreaterThanOrEqual(0);
    expect(reading.labels).not.toContain('anger');
    expect(reading.score).toBeLessThanOrEqual(play([plain]).score + 0.02);
  });

  it.each([
    'I like "Dumb and Dumber (1994)" and "The Fast and the Furious (2001)"',
    'Have you seen "Wrong Turn (2003)"?',
    'I love old stupid movies like "Billy Madison (1995)"',
  ])('titles and opinions about films are no anger: %j', (text) => {
    expect(play(['agent: What kind of movies do you like?', text]).labels).not.toContain('anger');
  });

  it('reads capitals as a shout when they are new and the turn is not glad, not as a habit', () => {
    expect(play(['THIS IS NOT WORKING AT ALL']).labels).toContain('anger');
    expect(play(['SOUNDS GOOD, THANKS']).labels).not.toContain('anger');
    expect(play(['I WANT A TABLE FOR TWO', 'agent: What time?', 'AT SEVEN PM TONIGHT']).labels).not.toContain(
      'anger',
    );
  });

  it.each(['No worries.', 'No problem, take your time', 'No, it is fine.'])(
    'a "no" that answers is not a negated feeling: %j',
    (text) => {
      expect(play([text]).values?.['sentiment']).toBeGreaterThanOrEqual(0);
    },
  );

  it('carries the context through decide, in a small state with no text', () => {
    const policy = compilePolicy(defaultPolicy);
    let state = initialState();
    const turns = [
      { role: 'agent', text: 'Would you like to watch Ghostbusters (2016)?' },
      { role: 'customer', text: "No, I don't like that one." },
      { role: 'agent', text: 'Would you like to watch Ghostbusters (2016)?' },
      { role: 'customer', text: 'No.' },
    ] as const;
    let labels: string[] | undefined;
    turns.forEach((turn, index) => {
      const result = decide(state, { ...turn, at: `2026-03-01T10:00:0${index}Z` }, policy);
      state = result.state;
      labels = result.signals.frustration.labels;
    });
    expect(labels).toContain('refused_again');
    const serialised = JSON.stringify(state);
    expect(serialised).not.toContain('Ghostbusters');
    expect(serialised.length).toBeLessThan(2048);
  });

  it('reads a state stored before the context existed', () => {
    const policy = compilePolicy(defaultPolicy);
    const { frustrationContext: _dropped, ...older } = initialState();
    const result = decide(older, { role: 'customer', text: 'hello', at: '2026-03-01T10:00:00Z' }, policy);
    expect(result.state.frustrationContext).toBeDefined();
  });
});
