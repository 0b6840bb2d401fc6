import { describe, expect, it } from 'vitest';
import {
  addOutcome,
  emptyConfusion,
  escalationShareOf,
  f1Of,
  hashString,
  isHeldBack,
  precisionOf,
  recallOf,
  seededRandom,
  TriggerTallies,
} from '../src/calibration/index.ts';

describe('confusion figures', () => {
  it('counts outcomes and derives precision, recall, F1 and volume', () => {
    const confusion = emptyConfusion();
    const outcomes: [boolean, boolean][] = [
      [true, true],
      [true, true],
      [true, false],
      [false, true],
      [false, false],
      [false, false],
    ];
    for (const [escalated, warranted] of outcomes) addOutcome(confusion, escalated, warranted);
    expect(confusion).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
    expect(precisionOf(confusion)).toBeCloseTo(2 / 3);
    expect(recallOf(confusion)).toBeCloseTo(2 / 3);
    expect(f1Of(confusion)).toBeCloseTo(2 / 3);
    expect(escalationShareOf(confusion)).toBeCloseTo(0.5);
  });

  it('gives 0, not NaN, when a figure has no denominator', () => {
    const confusion = emptyConfusion();
    expect([
      precisionOf(confusion),
      recallOf(confusion),
      f1Of(confusion),
      escalationShareOf(confusion),
    ]).toEqual([0, 0, 0, 0]);
  });
});

describe('TriggerTallies', () => {
  it('computes per-trigger precision and recall at the conversation level on hand-built results', () => {
    const tallies = new TriggerTallies();
    // Four labelled conversations (two warranted a person) and one unlabelled.
    tallies.add(
      [
        { trigger: 'loop', shadow: false },
        { trigger: 'loop', shadow: false },
        { trigger: 'frustrated', shadow: false },
      ],
      true,
    );
    tallies.add([{ trigger: 'loop', shadow: false }], false);
    tallies.add([{ trigger: 'vip', shadow: true }], true);
    tallies.add([], false);
    tallies.add([{ trigger: 'loop', shadow: false }], undefined);
    const byTrigger = Object.fromEntries(tallies.metrics().map((metrics) => [metrics.trigger, metrics]));
    expect(tallies.labelled).toBe(4);
    expect(tallies.positives).toBe(2);
    // loop: 4 firings; fired in 2 labelled conversations, 1 warranted → precision 1/2; recall 1/2.
    expect(byTrigger.loop).toMatchObject({
      firings: 4,
      conversations: 2,
      warranted: 1,
      precision: 0.5,
      recall: 0.5,
      shadow: false,
    });
    expect(byTrigger.frustrated).toMatchObject({
      firings: 1,
      conversations: 1,
      warranted: 1,
      precision: 1,
      recall: 0.5,
    });
    expect(byTrigger.vip).toMatchObject({ shadow: true, precision: 1, recall: 0.5 });
  });

  it('keeps a trigger enforced in one place and shadow in another apart', () => {
    const tallies = new TriggerTallies();
    tallies.add([{ trigger: 'x', shadow: false }], true);
    tallies.add([{ trigger: 'x', shadow: true }], false);
    const metrics = tallies.metrics();
    expect(metrics).toHaveLength(2);
    expect(metrics.find((entry) => entry.shadow)?.precision).toBe(0);
    expect(metrics.find((entry) => !entry.shadow)?.precision).toBe(1);
  });
});

describe('seeded split', () => {
  it('holds back about the share asked, the same ids for the same seed, other ids for another', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => `conversation-${index}`);
    const held = ids.filter((id) => isHeldBack(id, 42, 0.3));
    expect(held.length / ids.length).toBeGreaterThan(0.28);
    expect(held.length / ids.length).toBeLessThan(0.32);
    expect(ids.filter((id) => isHeldBack(id, 42, 0.3))).toEqual(held);
    const other = ids.filter((id) => isHeldBack(id, 7, 0.3));
    expect(other).not.toEqual(held);
    expect(ids.filter((id) => isHeldBack(id, 42, 0))).toEqual([]);
  });

  it('draws the same numbers from the same seed', () => {
    const first = seededRandom(5);
    const second = seededRandom(5);
    const draws = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => second())).toEqual(draws);
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(hashString('a')).not.toBe(hashString('b'));
  });
});
