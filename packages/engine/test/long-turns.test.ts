/**
 * Long turns: a text is read in full up to MAX_ANALYSED_CHARS, and past it as its first and last
 * ANALYSED_WINDOW_CHARS, so a request for a person (or words of danger) at the end of a long paste
 * is still read, while a 100 KB paste costs no more than two windows.
 */
import { describe, expect, it } from 'vitest';
import {
  ANALYSED_WINDOW_CHARS,
  analysedText,
  compilePolicy,
  decide,
  defaultPolicy,
  initialState,
  MAX_ANALYSED_CHARS,
  SELF_HARM_TRIGGER,
  type Turn,
} from '../src/index.ts';

const policy = compilePolicy(defaultPolicy);
const FILLER = 'The parcel left the depot at nine and reached the sorting centre at noon. ';
const ASK = 'Can I talk to a real person please?';

/** Neutral text of at least `chars` characters. */
const filler = (chars: number) => FILLER.repeat(Math.ceil(chars / FILLER.length)).slice(0, chars);

const customer = (text: string): Turn => ({ role: 'customer', text, at: '2026-03-02T09:00:00Z' });
const decideOne = (text: string) => decide(initialState(), customer(text), policy);

describe('a request for a person after a long text', () => {
  it('is detected after 4,100 characters of text', () => {
    const text = `${filler(4_100)} ${ASK}`;
    expect(text.indexOf(ASK)).toBeGreaterThan(4_100);
    const { decision, signals } = decideOne(text);
    expect(signals.human_request.score).toBeGreaterThanOrEqual(0.5);
    expect(decision.action).toBe('handoff');
    expect(decision.firings.map((firing) => firing.signal)).toContain('human_request');
  });

  it('is detected at the end of a 100 KB paste', () => {
    const { decision } = decideOne(`${filler(100_000)} ${ASK}`);
    expect(decision.action).toBe('handoff');
  });

  it('the same text without the request hands nothing off (the filler is neutral)', () => {
    expect(decideOne(filler(100_000)).decision.action).toBe('continue');
  });

  it('words of danger at the end of a long paste still escalate at top priority', () => {
    const { decision } = decideOne(`${filler(20_000)} honestly I want to end my life`);
    expect(decision.action).toBe('handoff');
    expect(decision.firings.map((firing) => firing.trigger)).toContain(SELF_HARM_TRIGGER);
  });

  it('is not read in the middle of a text longer than both windows: the documented cap', () => {
    const text = `${filler(10_000)} ${ASK} ${filler(10_000)}`;
    expect(decideOne(text).decision.action).toBe('continue');
  });
});

describe('the analysed part of a text', () => {
  it('is the whole text up to MAX_ANALYSED_CHARS', () => {
    const text = filler(MAX_ANALYSED_CHARS);
    expect(analysedText(text)).toBe(text);
  });

  it('is the first and last window of a longer text, cut at spaces, with a break between', () => {
    const text = filler(50_000);
    const analysed = analysedText(text);
    const [head, tail] = analysed.split('\n\n...\n\n');
    expect(head!.length).toBeLessThanOrEqual(ANALYSED_WINDOW_CHARS);
    expect(head!.length).toBeGreaterThan(ANALYSED_WINDOW_CHARS - 40);
    expect(tail!.length).toBeLessThanOrEqual(ANALYSED_WINDOW_CHARS);
    expect(tail!.length).toBeGreaterThan(ANALYSED_WINDOW_CHARS - 40);
    expect(text.startsWith(head!)).toBe(true);
    expect(text.endsWith(tail!)).toBe(true);
    // Cut at spaces: no word is split in two.
    expect(text[head!.length]).toBe(' ');
    expect(text[text.length - tail!.length - 1]).toBe(' ');
  });
});
