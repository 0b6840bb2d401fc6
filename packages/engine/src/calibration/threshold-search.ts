/**
 * Grid search over the knobs, one knob at a time (coordinate ascent), on conversation features:
 * each sweep of a knob costs one pass over the conversations plus one over its grid, so a search
 * over thousands of conversations and five knobs takes milliseconds. It starts from the policy's
 * own values and from the strictest values, and keeps the better end point.
 */
import { addOutcome, emptyConfusion, f1Of, precisionOf, type Confusion } from './metrics.ts';
import type { ConversationFeatures } from './features.ts';

export interface LabelledFeatures extends ConversationFeatures {
  warranted: boolean;
}

/**
 * What the search optimises:
 * - `f1`: the best F1 (ties: fewer escalations);
 * - `precision`: the most conversations caught (TP) with precision at least `target`;
 * - `budget`: the most conversations caught with at most `share` of all conversations escalated.
 */
export type Objective = { kind: 'f1' } | { kind: 'precision'; target: number } | { kind: 'budget'; share: number };

export interface SearchResult {
  indices: number[];
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
    return feasible ? [1, confusion.truePositives, -confusion.falsePositives] : [0, precisionOf(confusion), confusion.truePositives];
  }
  const total = escalated + confusion.falseNegatives + confusion.trueNegatives;
  const feasible = escalated <= objective.share * total + EPSILON;
  return feasible ? [1, confusion.truePositives, -confusion.falsePositives] : [0, -escalated, confusion.truePositives];
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

/** The best index for one knob, the others held; keeps `current` when it is among the best. */
function sweep(
  rows: readonly LabelledFeatures[],
  indices: number[],
  knob: number,
  size: number,
  objective: Objective,
): number {
  const base = emptyConfusion();
  const positivesAt = new Array<number>(size).fill(0);
  const negativesAt = new Array<number>(size).fill(0);
  for (const row of rows) {
    const byOthers = row.fixed || row.critical.some((critical, plan) => plan !== knob && indices[plan]! >= critical);
    const critical = row.critical[knob]!;
    if (byOthers || critical >= size) {
      addOutcome(base, byOthers, row.warranted);
    } else if (row.warranted) {
      positivesAt[critical]! += 1;
    } else {
      negativesAt[critical]! += 1;
    }
  }
  const scores: [number, number, number][] = [];
  let caughtPositives = 0;
  let caughtNegatives = 0;
  const free = { positives: positivesAt.reduce((a, b) => a + b, 0), negatives: negativesAt.reduce((a, b) => a + b, 0) };
  for (let index = 0; index < size; index++) {
    caughtPositives += positivesAt[index]!;
    caughtNegatives += negativesAt[index]!;
    scores.push(
      scoreOf(
        {
          truePositives: base.truePositives + caughtPositives,
          falsePositives: base.falsePositives + caughtNegatives,
          falseNegatives: base.falseNegatives + free.positives - caughtPositives,
          trueNegatives: base.trueNegatives + free.negatives - caughtNegatives,
        },
        objective,
      ),
    );
  }
  let best = 0;
  for (let index = 1; index < size; index++) if (compare(scores[index]!, scores[best]!) > 0) best = index;
  const current = indices[knob]!;
  if (compare(scores[current]!, scores[best]!) === 0) return current;
  // Ties make a plateau of equally good values: take its middle, the margin on both sides.
  let end = best;
  while (end + 1 < size && compare(scores[end + 1]!, scores[best]!) === 0) end += 1;
  return (best + end) >>> 1;
}

function ascend(rows: readonly LabelledFeatures[], sizes: readonly number[], start: readonly number[], objective: Objective): number[] {
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

/** Searches the knobs' grids (`sizes[k]` values each) for the setting that best meets the objective. */
export function searchThresholds(
  rows: readonly LabelledFeatures[],
  sizes: readonly number[],
  start: readonly number[],
  objective: Objective,
): SearchResult {
  const candidates = [ascend(rows, sizes, start, objective), ascend(rows, sizes, sizes.map(() => 0), objective)];
  let best = candidates[0]!;
  let bestScore = scoreOf(confusionAt(rows, best), objective);
  for (const candidate of candidates.slice(1)) {
    const score = scoreOf(confusionAt(rows, candidate), objective);
    if (compare(score, bestScore) > 0) {
      best = candidate;
      bestScore = score;
    }
  }
  return { indices: best, confusion: confusionAt(rows, best), feasible: bestScore[0] === 1 };
}
