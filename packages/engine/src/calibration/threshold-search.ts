/**
 * Grid search over the knobs, one knob at a time (coordinate ascent), on conversation features:
 * each sweep of a knob costs one pass over the conversations plus one over its grid, so a search
 * over thousands of conversations and five knobs takes milliseconds. It starts from the policy's
 * own values and from the strictest values, and keeps the better end point.
 */
import { addOutcome, emptyConfusion, f1Of, precisionOf, type Confusion } from './metrics.ts';
import { escalatesWith, type ConversationFeatures } from './features.ts';
import { seededRandom } from './seeded-split.ts';

export interface LabelledFeatures extends ConversationFeatures {
  warranted: boolean;
}

/**
 * What the search optimises:
 * - `f1`: the best F1 (ties: fewer escalations);
 * - `precision`: the most conversations caught (TP) with precision at least `target`;
 * - `budget`: the most conversations caught with at most `share` of all conversations escalated.
 */
export type Objective =
  { kind: 'f1' } | { kind: 'precision'; target: number } | { kind: 'budget'; share: number };

export interface SearchResult {
  indices: number[];
  /** Bootstrap standard error of the training F1 of the setting found (F1 objective only): the noise level. */
  standardError: number | null;
  confusion: Confusion;
  /** Whether the target precision or the budget could be met on these conversations. */
  feasible: boolean;
}

const EPSILON = 1e-12;

/** A score to maximise, compared left to right: [feasible, primary, tie-break]. */
function scoreOf(confusion: Confusion, objective: Objective): [number, number, number] {
  const escalated = confusion.truePositives + confusion.falsePositives;
  if (objective.kind === 'f1') return [1, f1Of(confusion), -escalated];
  if (objective.kind === 'precision') {
    const feasible = confusion.truePositives > 0 && precisionOf(confusion) >= objective.target - EPSILON;
    return feasible
      ? [1, confusion.truePositives, -confusion.falsePositives]
      : [0, precisionOf(confusion), confusion.truePositives];
  }
  const total = escalated + confusion.falseNegatives + confusion.trueNegatives;
  const feasible = escalated <= objective.share * total + EPSILON;
  return feasible
    ? [1, confusion.truePositives, -confusion.falsePositives]
    : [0, -escalated, confusion.truePositives];
}

function compare(left: [number, number, number], right: [number, number, number]): number {
  for (let index = 0; index < 3; index++) {
    const difference = left[index]! - right[index]!;
    if (Math.abs(difference) > EPSILON) return difference;
  }
  return 0;
}

/** The confusion counts of a setting on labelled features. */
export function confusionAt(rows: readonly LabelledFeatures[], indices: readonly number[]): Confusion {
  const confusion = emptyConfusion();
  for (const row of rows) {
    const escalated = row.fixed || row.critical.some((critical, plan) => indices[plan]! >= critical);
    addOutcome(confusion, escalated, row.warranted);
  }
  return confusion;
}

/** The confusion counts with knob `knob` at each of its `size` values, the others held: O(rows + size). */
function confusionsAlong(
  rows: readonly LabelledFeatures[],
  indices: readonly number[],
  knob: number,
  size: number,
): Confusion[] {
  const base = emptyConfusion();
  const positivesAt = new Array<number>(size).fill(0);
  const negativesAt = new Array<number>(size).fill(0);
  let freePositives = 0;
  let freeNegatives = 0;
  for (const row of rows) {
    const byOthers =
      row.fixed || row.critical.some((critical, plan) => plan !== knob && indices[plan]! >= critical);
    const critical = row.critical[knob]!;
    if (byOthers || critical >= size) {
      addOutcome(base, byOthers, row.warranted);
    } else if (row.warranted) {
      positivesAt[critical]! += 1;
      freePositives += 1;
    } else {
      negativesAt[critical]! += 1;
      freeNegatives += 1;
    }
  }
  const confusions: Confusion[] = [];
  let caughtPositives = 0;
  let caughtNegatives = 0;
  for (let index = 0; index < size; index++) {
    caughtPositives += positivesAt[index]!;
    caughtNegatives += negativesAt[index]!;
    confusions.push({
      truePositives: base.truePositives + caughtPositives,
      falsePositives: base.falsePositives + caughtNegatives,
      falseNegatives: base.falseNegatives + freePositives - caughtPositives,
      trueNegatives: base.trueNegatives + freeNegatives - caughtNegatives,
    });
  }
  return confusions;
}

/** The best index for one knob, the others held; keeps the current one when it is among the best. */
function sweep(
  rows: readonly LabelledFeatures[],
  indices: number[],
  knob: number,
  size: number,
  objective: Objective,
): number {
  const scores = confusionsAlong(rows, indices, knob, size).map((confusion) => scoreOf(confusion, objective));
  let best = 0;
  for (let index = 1; index < size; index++) if (compare(scores[index]!, scores[best]!) > 0) best = index;
  const current = indices[knob]!;
  if (compare(scores[current]!, scores[best]!) === 0) return current;
  // Ties make a plateau of equally good values: take its middle, the margin on both sides.
  let end = best;
  while (end + 1 < size && compare(scores[end + 1]!, scores[best]!) === 0) end += 1;
  return (best + end) >>> 1;
}

function ascend(
  rows: readonly LabelledFeatures[],
  sizes: readonly number[],
  start: readonly number[],
  objective: Objective,
): number[] {
  const indices = [...start];
  for (let round = 0; round < 50; round++) {
    let changed = false;
    for (let knob = 0; knob < sizes.length; knob++) {
      const next = sweep(rows, indices, knob, sizes[knob]!, objective);
      if (next !== indices[knob]) {
        indices[knob] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return indices;
}

/** Standard error of the F1 of a setting, by a seeded bootstrap over the conversations. */
export function bootstrapF1Error(
  rows: readonly LabelledFeatures[],
  indices: readonly number[],
  seed: number,
  samples = 200,
): number {
  if (rows.length === 0) return 0;
  const predicted = rows.map((row) => escalatesWith(row, indices));
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const confusion = emptyConfusion();
    for (let draw = 0; draw < rows.length; draw++) {
      const pick = Math.floor(random() * rows.length);
      addOutcome(confusion, predicted[pick]!, rows[pick]!.warranted);
    }
    values.push(f1Of(confusion));
  }
  const mean = values.reduce((sum, value) => sum + value, 0) / samples;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (samples - 1));
}

/** A threshold moves from the policy's value only when the move changes this many conversations' outcome. */
export const MIN_EVIDENCE = 5;

/** Sets back to the policy's value every knob whose move changes fewer than `MIN_EVIDENCE` predictions. */
function keepUnsupported(
  rows: readonly LabelledFeatures[],
  indices: number[],
  start: readonly number[],
): number[] {
  const result = [...indices];
  for (let knob = 0; knob < result.length; knob++) {
    if (result[knob] === start[knob]) continue;
    const trial = [...result];
    trial[knob] = start[knob]!;
    let changed = 0;
    for (const row of rows) if (escalatesWith(row, trial) !== escalatesWith(row, result)) changed += 1;
    if (changed < MIN_EVIDENCE) result[knob] = start[knob]!;
  }
  return result;
}

/** Searches the knobs' grids (`sizes[k]` values each) for the setting that best meets the objective. */
export function searchThresholds(
  rows: readonly LabelledFeatures[],
  sizes: readonly number[],
  start: readonly number[],
  objective: Objective,
  options: { seed?: number } = {},
): SearchResult {
  const candidates = [
    ascend(rows, sizes, start, objective),
    ascend(
      rows,
      sizes,
      sizes.map(() => 0),
      objective,
    ),
  ];
  let best = candidates[0]!;
  let bestScore = scoreOf(confusionAt(rows, best), objective);
  for (const candidate of candidates.slice(1)) {
    const score = scoreOf(confusionAt(rows, candidate), objective);
    if (compare(score, bestScore) > 0) {
      best = candidate;
      bestScore = score;
    }
  }
  const indices = keepUnsupported(rows, best, start);
  // Bootstrap figures are reported, not searched on: they say how much of a difference is noise.
  const standardError = objective.kind === 'f1' ? bootstrapF1Error(rows, indices, options.seed ?? 0) : null;
  return { indices, standardError, confusion: confusionAt(rows, indices), feasible: bestScore[0] === 1 };
}
