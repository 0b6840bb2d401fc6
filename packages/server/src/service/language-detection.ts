/**
 * The customer's language, detected from what the customer wrote when no language was given.
 *
 * Detection reads only customer turns and accumulates them: each customer turn adds its text (at
 * most `MAX_TURN_CHARS`) to a bounded sample stored on the conversation (`language_sample`), and the
 * sample is detected once per turn until the answer is confident; then the language is stored
 * (`detected_language`), the sample dropped, and no turn detects again. Below the thresholds the
 * answer is `unknown`: a short "ok" says nothing, and a wrong guess would route the customer to
 * operators who cannot read them. A language given on the turn or the conversation always wins and
 * is never detected over.
 *
 * The detector is eld (Efficient Language Detector, Apache-2.0, n-gram, ISO 639-1 codes, no
 * network), its `small` database, loaded on first use. The thresholds were tuned on the tune half of
 * the public multilingual sets (`npm run eval language`; figures in docs/measurements.md).
 */

/** The most of one turn's text added to the sample. */
export const MAX_TURN_CHARS = 200;
/** The most of the accumulated sample kept (its newest part). */
export const MAX_SAMPLE_CHARS = 600;

/** The thresholds of a confident detection (see `DEFAULT_THRESHOLDS`). */
export interface DetectionThresholds {
  /** Letters the sample needs (a CJK, kana or hangul character counts as 3). */
  minLetters: number;
  /** The lead of the best language's score over the second's, relative to the best's score. */
  minMargin: number;
}

/** Tuned on the tune half only (scripts/eval/language.ts). */
export const DEFAULT_THRESHOLDS: DetectionThresholds = { minLetters: 10, minMargin: 0.08 };

/** A language detected from one sample: a confident ISO 639-1 code, or `unknown`. */
export interface DetectedLanguage {
  language: string | 'unknown';
  /** The detector's best guess, even when not confident (null: none), for evaluation. */
  guess: string | null;
  letters: number;
  margin: number;
}

/** What is stored on the conversation: a confident language, or the sample so far. */
export interface LanguageDetectionState {
  detectedLanguage: string | null;
  languageSample: string | null;
}

interface Detector {
  detect(text: string): { language: string; getScores(): Record<string, number> };
}

let detector: Detector | null = null;
let loading: Promise<Detector> | null = null;

/** Loads the detector's data once (about a second of start-up on a busy machine, so lazily). */
export async function loadLanguageDetector(): Promise<Detector> {
  if (detector) return detector;
  loading ??= import('eld/small').then((module) => {
    detector = module.eld as Detector;
    return detector;
  });
  return loading;
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
const LETTER = /\p{L}/u;

/** Letters in `text`, a CJK, kana or hangul character counting as 3 (one carries a word's worth). */
export function countLetters(text: string): number {
  let count = 0;
  for (const character of text) {
    if (CJK.test(character)) count += 3;
    else if (LETTER.test(character)) count += 1;
  }
  return count;
}

/** Detects one sample: confident only with enough letters and a clear lead over the runner-up. */
export function detectSample(
  loaded: Detector,
  sample: string,
  thresholds: DetectionThresholds = DEFAULT_THRESHOLDS,
): DetectedLanguage {
  const letters = countLetters(sample);
  if (letters === 0) return { language: 'unknown', guess: null, letters, margin: 0 };
  const result = loaded.detect(sample);
  const scores = Object.values(result.getScores()).sort((a, b) => b - a);
  const best = scores[0] ?? 0;
  const margin = best > 0 ? (best - (scores[1] ?? 0)) / best : 0;
  const guess = result.language === '' ? null : result.language;
  const confident = guess !== null && letters >= thresholds.minLetters && margin >= thresholds.minMargin;
  return { language: confident ? guess : 'unknown', guess, letters, margin };
}

/** The sample with one more customer turn: bounded per turn and in total (the newest part kept). */
export function extendSample(sample: string | null, text: string): string {
  const added = text.trim().slice(0, MAX_TURN_CHARS);
  const joined = sample ? `${sample}\n${added}` : added;
  return joined.length > MAX_SAMPLE_CHARS ? joined.slice(joined.length - MAX_SAMPLE_CHARS) : joined;
}

/** Whether the customer attributes carry a language given by the caller. */
export function hasGivenLanguage(customer: Record<string, unknown> | undefined | null): boolean {
  const value = customer?.['language'];
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The conversation's detection after one more turn. Detects at most once, and only for a customer
 * turn while no language is given and none was detected confidently yet; otherwise unchanged.
 */
export async function detectAfterTurn(
  state: LanguageDetectionState,
  turn: { role: string; text: string },
  customer: Record<string, unknown>,
  thresholds: DetectionThresholds = DEFAULT_THRESHOLDS,
): Promise<LanguageDetectionState> {
  if (turn.role !== 'customer' || state.detectedLanguage !== null || hasGivenLanguage(customer)) {
    return state;
  }
  const sample = extendSample(state.languageSample, turn.text);
  const detected = detectSample(await loadLanguageDetector(), sample, thresholds);
  return detected.language === 'unknown'
    ? { detectedLanguage: null, languageSample: sample }
    : { detectedLanguage: detected.language, languageSample: null };
}

/**
 * The customer attributes routing, the brief and the customer's messages read: the given language,
 * else the detected one (no `language` when neither).
 */
export function withDetectedLanguage<T extends Record<string, unknown>>(
  customer: T,
  detectedLanguage: string | null | undefined,
): T {
  if (hasGivenLanguage(customer) || !detectedLanguage) return customer;
  return { ...customer, language: detectedLanguage };
}
