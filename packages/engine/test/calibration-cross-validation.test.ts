import { describe, expect, it } from 'vitest';
import {
  confusionAt,
  crossValidateSearch,
  f1Of,
  recommendThresholds,
  seededRandom,
  type LabelledFeatures,
} from '../src/calibration/index.ts';

/**
 * One knob whose critical values are pure noise: which conversations it escalates says nothing
 * about their label. The fixed triggers catch most warranted conversations.
 */
function noiseRows(count: number, seed: number): LabelledFeatures[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const warranted = random() < 0.1;
    return {
      warranted,
      fixed: warranted ? random() < 0.6 : random() < 0.05,
      critical: [Math.floor(random() * 60)],
    };
  });
}

/** The same, but the knob escalates warranted conversations first: a real threshold to find. */
function signalRows(count: number, seed: number): LabelledFeatures[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const warranted = random() < 0.2;
    return {
      warranted,
      fixed: false,
      critical: [warranted ? Math.floor(random() * 30) : 25 + Math.floor(random() * 35)],
    };
  });
}

describe('recommendThresholds', () => {
  it('rejects a search that wins only in sample, and keeps the values as given', () => {
    // Seed 4 is one where noise makes the in-sample search move (most seeds leave it at the start).
    const rows = noiseRows(250, 4);
    const start = [0];
    const recommendation = recommendThresholds(rows, [50], start, { kind: 'f1' }, { seed: 1 });
    // In sample, the search finds a "better" value...
    expect(recommendation.search.indices).not.toEqual(start);
    expect(f1Of(recommendation.search.confusion)).toBeGreaterThan(f1Of(confusionAt(rows, start)));
    // ...which does not hold on the folds it did not see: rejected.
    expect(f1Of(recommendation.crossValidation.searched)).toBeLessThanOrEqual(
      f1Of(recommendation.crossValidation.given),
    );
    expect(recommendation.rejected).toBe(true);
    expect(recommendation.indices).toEqual(start);
  });

  it('accepts a search that finds a real threshold', () => {
    const rows = signalRows(400, 6);
    const recommendation = recommendThresholds(rows, [60], [59], { kind: 'f1' }, { seed: 1 });
    expect(recommendation.rejected).toBe(false);
    // Warranted conversations escalate at indices 0–29, the others from 25: the best cut is near 25.
    expect(recommendation.indices[0]).toBeGreaterThanOrEqual(22);
    expect(recommendation.indices[0]).toBeLessThanOrEqual(30);
    const fresh = signalRows(400, 60);
    expect(f1Of(confusionAt(fresh, recommendation.indices))).toBeGreaterThan(f1Of(confusionAt(fresh, [59])));
  });

  it('scores every conversation exactly once across the folds', () => {
    const rows = signalRows(123, 2);
    const result = crossValidateSearch(rows, [60], [59], { kind: 'f1' }, { folds: 5, seed: 3 });
    const total = (confusion: typeof result.given): number =>
      confusion.truePositives + confusion.falsePositives + confusion.falseNegatives + confusion.trueNegatives;
    expect(total(result.given)).toBe(123);
    expect(total(result.searched)).toBe(123);
    expect(result.given).toEqual(confusionAt(rows, [59]));
  });
});
