/**
 * Explicit markers of anger in a customer turn: frustration phrases ("waste of time", "third
 * time"), swearing, shouting in capitals, "!!!" and "???", and the politeness that softens them.
 * Weights are hand-set in marker units (see lexicon-frustration.ts): rated task dialogues hold too
 * few angry turns to learn them from.
 */
import type { TextView } from '../text.ts';
import { ACRONYMS, FRUSTRATION_MARKERS, POLITENESS, PROFANITY } from './lexicon-frustration.ts';
import { compilePhrases, matchPhrases } from './lexicon-matcher.ts';
import type { PhraseMatch } from './lexicon-matcher.ts';

type Cue =
  { kind: 'marker'; weight: number } | { kind: 'profanity' } | { kind: 'politeness' } | { kind: 'request' };

/**
 * Asking for another try is a behaviour the learned part weighs, not anger: these phrases swallow
 * the "again" inside them.
 */
const RETRY_REQUESTS = ['try again', 'search again', 'check again', 'look again', 'try it again'];

const CUES = compilePhrases<Cue>([
  ...Object.entries(FRUSTRATION_MARKERS).map(
    ([phrase, weight]) => [phrase, { kind: 'marker', weight }] as const satisfies readonly [string, Cue],
  ),
  ...PROFANITY.map((phrase) => [phrase, { kind: 'profanity' }] as const satisfies readonly [string, Cue]),
  ...POLITENESS.map((phrase) => [phrase, { kind: 'politeness' }] as const satisfies readonly [string, Cue]),
  ...RETRY_REQUESTS.map((phrase) => [phrase, { kind: 'request' }] as const satisfies readonly [string, Cue]),
]);

/** Weights, in marker units. */
const WEIGHT = {
  profanity: 1,
  /** One word in capitals is often a name ("AMC"): capitals count from two words, fully when shouting. */
  shoutedWord: 0.25,
  shouting: 1,
  exclamations: 0.4,
  questions: 0.3,
  maskedProfanity: 1,
};
/** This many words in capitals (or half the words) is shouting. */
const SHOUTING_WORDS = 3;

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

export interface Markers {
  /** How many markers matched, capitals aside. */
  count: number;
  /** The weight capitals would add (shouting), left to the caller: a habit is not a shout. */
  capitals: number;
  capitalsEvidence: string;
  /** Their summed weight, in marker units. */
  weight: number;
  /** Polite words outside any marker ("thanks", not "thanks for nothing"). */
  polite: number;
  /** The matched words, quoted. */
  evidence: string[];
}

/** Finds the markers of anger and the polite words in a customer turn. */
export function findMarkers(view: TextView): Markers {
  const markers: Markers = {
    count: 0,
    capitals: 0,
    capitalsEvidence: '',
    weight: 0,
    polite: 0,
    evidence: [],
  };
  const cues = matchPhrases(CUES, view.words);
  // The longer phrase wins: "thanks for nothing" is no politeness, "thanks again" is no complaint,
  // and "still not working" counts once, not also as "still not".
  const insideLonger = (cue: PhraseMatch<Cue>): boolean =>
    cues.some(
      (other) =>
        other.start <= cue.start && cue.end <= other.end && other.end - other.start > cue.end - cue.start,
    );
  for (const cue of cues) {
    if (insideLonger(cue)) continue;
    if (cue.tag.kind === 'request') continue;
    if (cue.tag.kind === 'politeness') {
      markers.polite++;
      continue;
    }
    markers.count++;
    markers.weight += cue.tag.kind === 'marker' ? cue.tag.weight : WEIGHT.profanity;
    markers.evidence.push(`"${cue.text}"`);
  }

  let shouted = 0;
  let firstShouted = '';
  for (const match of view.raw.matchAll(SHOUTED_WORD)) {
    if (ACRONYMS.has(match[0])) continue;
    shouted++;
    if (shouted === 1) firstShouted = match[0];
    if (shouted === 2) markers.capitalsEvidence = `"${firstShouted} ${match[0]}" (capitals)`;
    if (shouted >= SHOUTING_WORDS) break;
  }
  if (shouted >= 2) {
    const shouting = shouted >= SHOUTING_WORDS || shouted * 2 >= view.words.length;
    markers.capitals = shouting ? WEIGHT.shouting : shouted * WEIGHT.shoutedWord;
  }
  for (const [pattern, weight] of PUNCTUATION) {
    const match = pattern.exec(view.lower);
    if (match === null) continue;
    markers.count++;
    markers.weight += weight;
    markers.evidence.push(`"${match[0]}"`);
  }
  return markers;
}
