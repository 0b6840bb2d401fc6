/**
 * Cross-validation of the threshold search itself: split the training conversations into folds,
 * search on all folds but one, score the setting found on the fold left out, and pool the counts.
 * Scored on conversations the search never saw, it says whether searching beats keeping the
 * policy's own values; a search that wins only in sample has learned the noise.
 */
import { addOutcome, emptyConfusion, f1Of, type Confusion } from './metrics.ts';
import { escalatesWith } from './features.ts';
import { seededRandom } from './seeded-split.ts';
import {
  searchThresholds,
  type LabelledFeatures,
  type Objective,
  type SearchResult,
} from './threshold-search.ts';

export interface CrossValidation {
  folds: number;
  /** Pooled counts of the policy's own values on the left-out folds. */
  given: Confusion;
  /** Pooled counts of each fold's searched setting on its left-out fold. */
  searched: Confusion;
}

/** Runs `folds`-fold cross-validation of the search (folds drawn with a seeded shuffle). */
export function crossValidateSearch(
  rows: readonly LabelledFeatures[],
  sizes: readonly number[],
  start: readonly number[],
  objective: Objective,
  options: { folds?: number; seed?: number } = {},
): CrossValidation {
  const folds = Math.max(2, Math.min(options.folds ?? 5, rows.length));
  const random = seededRandom((options.seed ?? 0) ^ 0x5eed);
  const order = rows.map((_, index) => index);
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const foldOf = new Array<number>(rows.length);
  order.forEach((row, position) => (foldOf[row] = position % folds));
  const given = emptyConfusion();
  const searched = emptyConfusion();
  for (let fold = 0; fold < folds; fold++) {
    const training = rows.filter((_, index) => foldOf[index] !== fold);
    const { indices } = searchThresholds(training, sizes, start, objective, { seed: options.seed });
    rows.forEach((row, index) => {
      if (foldOf[index] !== fold) return;
      addOutcome(given, escalatesWith(row, start), row.warranted);
      addOutcome(searched, escalatesWith(row, indices), row.warranted);
    });
  }
  return { folds, given, searched };
}

export interface Recommendation {
  search: SearchResult;
  crossValidation: CrossValidation;
  /** The setting recommended: the search's, or the policy's own when cross-validation rejects it. */
  indices: number[];
  /** Whether the search's setting was rejected in favour of the policy's own values. */
  rejected: boolean;
}

/**
 * Searches, cross-checks, and decides. For F1, a search that does not beat the policy's own values
 * out of sample has learned noise, so the values as given are recommended; a budget or a precision
 * target is the caller's own trade-off and is followed as searched.
 */
export function recommendThresholds(
  rows: readonly LabelledFeatures[],
  sizes: readonly number[],
  start: readonly number[],
  objective: Objective,
  options: { seed?: number; folds?: number } = {},
): Recommendation {
  const search = searchThresholds(rows, sizes, start, objective, options);
  const crossValidation = crossValidateSearch(rows, sizes, start, objective, options);
  const moved = search.indices.some((index, knob) => index !== start[knob]);
  const rejected =
    moved && objective.kind === 'f1' && f1Of(crossValidation.searched) <= f1Of(crossValidation.given);
  return { search, crossValidation, indices: rejected ? [...start] : search.indices, rejected };
}
