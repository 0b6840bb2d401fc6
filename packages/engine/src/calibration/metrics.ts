/**
 * Confusion counts and the figures derived from them. A conversation is a positive when its
 * outcome says a person was warranted (`shouldEscalate: true`), and predicted positive when the
 * policy escalated it (any decision other than `continue`: an offer counts, as in `baton replay`).
 */

export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/** Counts with nothing in them. */
export function emptyConfusion(): Confusion {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
}

/** Adds one labelled conversation: whether the policy escalated it, and whether it should have. */
export function addOutcome(confusion: Confusion, escalated: boolean, warranted: boolean): void {
  if (escalated && warranted) confusion.truePositives += 1;
  else if (escalated) confusion.falsePositives += 1;
  else if (warranted) confusion.falseNegatives += 1;
  else confusion.trueNegatives += 1;
}

/** TP / (TP + FP); 0 when nothing was escalated (no claim made, none right). */
export function precisionOf(confusion: Confusion): number {
  const predicted = confusion.truePositives + confusion.falsePositives;
  return predicted === 0 ? 0 : confusion.truePositives / predicted;
}

/** TP / (TP + FN); 0 when no conversation warranted a person. */
export function recallOf(confusion: Confusion): number {
  const positives = confusion.truePositives + confusion.falseNegatives;
  return positives === 0 ? 0 : confusion.truePositives / positives;
}

/** The harmonic mean of precision and recall: 2TP / (2TP + FP + FN). */
export function f1Of(confusion: Confusion): number {
  const denominator = 2 * confusion.truePositives + confusion.falsePositives + confusion.falseNegatives;
  return denominator === 0 ? 0 : (2 * confusion.truePositives) / denominator;
}

/** Conversations counted. */
export function totalOf(confusion: Confusion): number {
  return (
    confusion.truePositives + confusion.falsePositives + confusion.falseNegatives + confusion.trueNegatives
  );
}

/** Share of conversations escalated (the handoff volume). */
export function escalationShareOf(confusion: Confusion): number {
  const total = totalOf(confusion);
  return total === 0 ? 0 : (confusion.truePositives + confusion.falsePositives) / total;
}

/** `TP 3, FP 1, FN 2, TN 10`, the counts behind a figure. */
export function formatConfusion(confusion: Confusion): string {
  return `TP ${confusion.truePositives}, FP ${confusion.falsePositives}, FN ${confusion.falseNegatives}, TN ${confusion.trueNegatives}`;
}
