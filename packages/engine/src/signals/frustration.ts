/**
 * The frustration signal on customer turns: dissatisfaction with the service, in 0..1. Two parts,
 * combined as independent reasons (1 − (1 − a)(1 − b)):
 * - a model learned from turn-level satisfaction ratings (frustration-model.ts) over signed
 *   sentiment and how the turn answers the service in this conversation: refusing or correcting
 *   what it proposed, refusing again, repeating a request, "I already told you", giving up, after
 *   the agent apologised or failed in a row;
 * - explicit anger (swearing, shouting, "!!!", "waste of time", "third time"), hand-weighted,
 *   softened by politeness.
 * A dislike of a product or topic ("I'm not into horror films") moves only the learned part, by
 * what rated conversations say such turns are worth.
 */
import type { TextView } from '../text.ts';
import type { SignalReading } from '../types.ts';
import { initialFrustrationContext, type FrustrationContext } from './frustration-context.ts';
import {
  extractFeatures,
  FEATURE_NAMES,
  type FeatureName,
  type FrustrationFeatures,
} from './frustration-features.ts';
import { FRUSTRATION_MODEL, type FrustrationModel } from './frustration-model.ts';

/** Each polite word multiplies the anger intensity by this, down to POLITENESS_FLOOR. */
const POLITENESS = 0.7;
const POLITENESS_FLOOR = 0.5;
/** A feature whose weighted value adds this much to the logit is named among the labels. */
const LABEL_CONTRIBUTION = 0.3;
const MAX_EVIDENCE = 8;

/** The label each feature reports under, when it pushes the score up. */
const LABELS: Record<FeatureName, string> = {
  sentiment: 'sentiment',
  negative: 'sentiment',
  polite: 'sentiment',
  refusal: 'refusal',
  correction: 'correction',
  answers_proposal: 'refusal',
  refused_again: 'refused_again',
  repeat: 'repeat',
  already_told: 'already_told',
  ask_again: 'ask_again',
  gave_up: 'gave_up',
  lost: 'lost',
  after_failure: 'agent_failures',
  failures_in_row: 'agent_failures',
  agent_repeat: 'agent_repeat',
  short: 'short',
};

/** The least-squares slope of the scores against their order: positive when getting worse. */
function slope(scores: readonly number[]): number {
  const count = scores.length;
  if (count < 2) return 0;
  const meanIndex = (count - 1) / 2;
  let meanScore = 0;
  for (const score of scores) meanScore += score;
  meanScore /= count;
  let covariance = 0;
  let variance = 0;
  scores.forEach((score, index) => {
    covariance += (index - meanIndex) * (score - meanScore);
    variance += (index - meanIndex) ** 2;
  });
  return covariance / variance;
}

/**
 * The two parts of the score from a turn's features: the learned dissatisfaction (`model`, the
 * shipped one by default), the hand-weighted anger, and their combination.
 */
export function scoreFeatures(
  features: FrustrationFeatures,
  model: FrustrationModel = FRUSTRATION_MODEL,
): { service: number; anger: number; score: number } {
  let logit = model.bias;
  for (const name of FEATURE_NAMES) logit += model.weights[name] * features.values[name];
  const service = 1 / (1 + Math.exp(-logit));
  const damping = Math.max(POLITENESS_FLOOR, POLITENESS ** features.polite);
  const anger = 1 - Math.exp(-features.markerWeight * damping);
  return { service, anger, score: 1 - (1 - service) * (1 - anger) };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Measures how frustrated a customer turn reads, in its conversation's `context`, with the trend
 * over `recentScores` (the last few customer scores, oldest first); returns the context after it.
 */
export function measureFrustrationInContext(
  view: TextView,
  recentScores: readonly number[],
  context: FrustrationContext,
): { reading: SignalReading; context: FrustrationContext } {
  const features = extractFeatures(view, context);
  const { service, anger, score: unrounded } = scoreFeatures(features);
  const labels: string[] = [];
  const evidence: string[] = [];
  for (const name of FEATURE_NAMES) {
    if (FRUSTRATION_MODEL.weights[name] * features.values[name] < LABEL_CONTRIBUTION) continue;
    const label = LABELS[name];
    if (!labels.includes(label)) labels.push(label);
    const quote = features.quotes[name];
    if (quote !== undefined && !evidence.includes(quote)) evidence.push(quote);
  }
  if (labels.includes('agent_failures'))
    evidence.push(`after ${context.failures} failed or apologetic agent turn(s) in a row`);
  if (labels.includes('sentiment')) {
    for (const word of features.sentimentEvidence) if (!evidence.includes(word)) evidence.push(word);
  }
  if (features.markerCount > 0) {
    labels.push('anger');
    for (const quote of features.markerEvidence) if (!evidence.includes(quote)) evidence.push(quote);
  }
  const score = round(unrounded);

  return {
    reading: {
      score,
      values: {
        sentiment: round(features.balance),
        markers: features.markerCount,
        service: round(service),
        anger: round(anger),
        trend: round(slope([...recentScores.filter(Number.isFinite), score])),
      },
      labels,
      evidence: evidence.slice(0, MAX_EVIDENCE),
    },
    context: features.context,
  };
}

/**
 * Measures how frustrated a customer turn reads, in 0..1, with the trend over the caller's
 * `recentScores`; without a `context` the turn is read as the first of its conversation.
 */
export function measureFrustration(
  view: TextView,
  recentScores: readonly number[],
  context: FrustrationContext = initialFrustrationContext(),
): SignalReading {
  return measureFrustrationInContext(view, recentScores, context).reading;
}
