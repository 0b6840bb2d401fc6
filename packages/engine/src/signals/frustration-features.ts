/**
 * The features of a customer turn that the frustration model weighs: signed sentiment and how the turn answers the service in this conversation (refusing or correcting what it
 * proposed, refusing again, repeating an earlier request, "I already told you", giving up, not
 * following, after the agent apologised or failed). Shared by the engine and the training script,
 * so both see the same numbers.
 */
import type { TextView } from '../text.ts';
import {
  AGENT_APOLOGY,
  AGENT_FAILURE,
  AGENT_PROPOSAL,
  AGENT_REPEAT,
  AGENT_REPROPOSAL,
  CONTEXT_WINDOW,
  SAME_TEXT,
  closest,
  type FrustrationContext,
} from './frustration-context.ts';
import { findMarkers } from './frustration-markers.ts';
import { measureSentiment } from './frustration-sentiment.ts';
import {
  ALREADY_SAID,
  ASK_AGAIN,
  CORRECTIONS,
  GIVE_UP,
  LOST,
  LOST_ALONE,
  REFUSAL_OPENINGS,
  SERVICE_WORDS,
} from './lexicon-service-failure.ts';
import { compilePhrases, matchPhrases } from './lexicon-matcher.ts';
import { fingerprint } from './similarity.ts';
import { viewText } from '../text.ts';

/** The model's inputs, in the order of its weights. */
export const FEATURE_NAMES = [
  'sentiment',
  'negative',
  'polite',
  'refusal',
  'correction',
  'answers_proposal',
  'refused_again',
  'repeat',
  'already_told',
  'ask_again',
  'gave_up',
  'lost',
  'after_failure',
  'failures_in_row',
  'agent_repeat',
  'short',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

type Behaviour = 'refusal' | 'correction' | 'already_told' | 'ask_again' | 'gave_up' | 'lost' | 'service';

const BEHAVIOURS = compilePhrases<Behaviour>([
  ...REFUSAL_OPENINGS.map((phrase) => [phrase, 'refusal'] as const),
  ...CORRECTIONS.map((phrase) => [phrase, 'correction'] as const),
  ...ALREADY_SAID.map((phrase) => [phrase, 'already_told'] as const),
  ...ASK_AGAIN.map((phrase) => [phrase, 'ask_again'] as const),
  ...GIVE_UP.map((phrase) => [phrase, 'gave_up'] as const),
  ...LOST.map((phrase) => [phrase, 'lost'] as const),
  ...SERVICE_WORDS.map((phrase) => [phrase, 'service'] as const),
]);

const QUOTE = /["“”]/;
const QUOTED = /["“][^"“”\n]{1,160}["”]/g;
/** The turn opens with a bare answer ("No, it's fine"; "Nope."), not a negation of what follows. */
const ANSWER_FIRST = /^(?:no|nope|nah)\s*[,.!;:]/;

/** A customer turn this short that repeats an earlier one is an answer ("yes"), not a repeat. */
const MIN_REPEAT_WORDS = 3;

export interface FrustrationFeatures {
  values: Record<FeatureName, number>;
  /** Quoted words behind the features, for the evidence. */
  quotes: Partial<Record<FeatureName, string>>;
  /** Marker evidence (anger) and strongly negative words (sentiment). */
  markerEvidence: string[];
  sentimentEvidence: string[];
  /** Signed sentiment in -1..1, as reported in the reading's values. */
  balance: number;
  markerCount: number;
  /** Summed weight of the anger markers, in marker units, and the polite words outside them. */
  markerWeight: number;
  polite: number;
  /** The context after this turn. */
  context: FrustrationContext;
}

/** Words between a negative word and "you", "your app", "this bot" for it to be aimed at the service. */
const SERVICE_REACH = 3;
/** Weight, in anger marker units, of one negative word aimed at the service; at most two count. */
const AT_SERVICE_WEIGHT = 0.6;

/**
 * Negative words aimed at the service ("you are useless", "your app is terrible") are anger; a
 * dislike of a product or topic ("I'm not into horror films", "that movie was awful") is not.
 */
function angerAtService(
  words: readonly string[],
  negativeAt: readonly number[],
  servicePositions: readonly number[],
): { weight: number; quotes: string[] } {
  const quotes: string[] = [];
  for (const position of negativeAt) {
    // The service is the subject ("you are useless", "your app is terrible") or the word right
    // after ("useless bot"); "I had an emergency, can you help" is aimed at nobody.
    const near = servicePositions.find(
      (service) => (position > service && position - service <= SERVICE_REACH) || service - position === 1,
    );
    if (near === undefined || quotes.length >= 2) continue;
    const from = Math.min(near, position);
    quotes.push(`"${words.slice(from, Math.max(near, position) + 1).join(' ')}" (at the service)`);
  }
  return { weight: quotes.length * AT_SERVICE_WEIGHT, quotes };
}

const squash = (value: number, scale: number): number => value / (Math.abs(value) + scale);

/** Measures the features of one customer turn in its conversation's context. */
export function extractFeatures(original: TextView, context: FrustrationContext): FrustrationFeatures {
  // Quoted titles are names, not feelings: "Dumb and Dumber", "The Fast and the Furious".
  const view = QUOTE.test(original.raw) ? viewText(original.raw.replace(QUOTED, ' ')) : original;
  const words = view.words;
  const quotes: Partial<Record<FeatureName, string>> = {};
  const found = new Set<Behaviour>();
  const servicePositions: number[] = [];
  for (const match of matchPhrases(BEHAVIOURS, words)) {
    if (match.tag === 'service') servicePositions.push(match.start);
    // A refusal answers the agent only as the turn's first words ("No, the 14th").
    if (match.tag === 'refusal' && match.start !== 0) continue;
    found.add(match.tag);
    const name = match.tag === 'service' ? undefined : match.tag;
    if (name !== undefined && quotes[name] === undefined) quotes[name] = `"${match.text}"`;
  }
  if (words.length <= 2 && words.length > 0 && words.every((word) => LOST_ALONE.has(word))) {
    found.add('lost');
    quotes.lost = `"${view.raw.trim().slice(0, 40)}"`;
  }

  const sentiment = measureSentiment(words, ANSWER_FIRST.test(view.lower));
  const markers = findMarkers(view);
  const balance = sentiment.positive - sentiment.negative;
  // Capitals are a shout when they are new in this conversation and the turn is not glad
  // ("SOUNDS GOOD" is a way of typing); half a shout when the turn is neutral.
  const capitals =
    context.capitals === 1 || balance > 0 ? 0 : balance < 0 ? markers.capitals : markers.capitals / 2;
  const answersProposal = (context.agent & AGENT_PROPOSAL) !== 0;
  const refusing = found.has('refusal') || found.has('correction');
  // Refusing twice in a row is ordinary ("no" to tickets, then "no" to anything else); refusing
  // what the agent proposes again after it was refused is the failure.
  const refusedAgain = refusing && (context.agent & AGENT_REPROPOSAL) !== 0;
  const atService = angerAtService(words, sentiment.negativeAt, servicePositions);

  let repeat = 0;
  let print = '';
  if (words.length >= MIN_REPEAT_WORDS) {
    print = fingerprint(words);
    const best = closest(print, context.asked);
    if (best >= SAME_TEXT) repeat = best;
  }

  const values: Record<FeatureName, number> = {
    sentiment: squash(balance, 4),
    negative: squash(sentiment.negative, 4),
    polite: markers.polite > 0 ? 1 : 0,
    refusal: found.has('refusal') ? 1 : 0,
    correction: found.has('correction') ? 1 : 0,
    answers_proposal: refusing && answersProposal ? 1 : 0,
    refused_again: refusedAgain ? 1 : 0,
    repeat,
    already_told: found.has('already_told') ? 1 : 0,
    ask_again: found.has('ask_again') ? 1 : 0,
    gave_up: found.has('gave_up') ? 1 : 0,
    lost: found.has('lost') ? 1 : 0,
    after_failure: (context.agent & (AGENT_APOLOGY | AGENT_FAILURE)) !== 0 ? 1 : 0,
    failures_in_row: Math.min(context.failures, 3) / 3,
    agent_repeat: (context.agent & AGENT_REPEAT) !== 0 ? 1 : 0,
    short: words.length > 0 && words.length <= 2 ? 1 : 0,
  };
  if (repeat > 0) quotes.repeat = `"${view.raw.slice(0, 80)}"`;

  const refusedProposal = refusing && answersProposal && context.proposal !== '';
  const next: FrustrationContext = {
    ...context,
    agent: 0,
    refusals: refusing && answersProposal ? context.refusals + 1 : 0,
    refused: refusedProposal
      ? [...context.refused, context.proposal].slice(-CONTEXT_WINDOW)
      : context.refused,
    asked: print === '' ? context.asked : [...context.asked, print].slice(-CONTEXT_WINDOW),
    capitals: markers.capitals > 0 ? 1 : 0,
  };
  return {
    values,
    quotes,
    markerEvidence: [
      ...markers.evidence,
      ...atService.quotes,
      ...(capitals > 0 ? [markers.capitalsEvidence] : []),
    ],
    sentimentEvidence: sentiment.strongWords.map((word) => `"${word}"`),
    balance: squash(balance, 4),
    markerCount: markers.count + atService.quotes.length + (capitals > 0 ? 1 : 0),
    markerWeight: markers.weight + atService.weight + capitals,
    polite: markers.polite,
    context: next,
  };
}
