/**
 * The customer asks for a person. A small grammar (request verbs × person nouns, negation scope,
 * questions about the bot) in seven languages, see lexicon-human-request.ts.
 *
 * Score: 1 for an explicit request for a person ("let me talk to a human", "转人工"), 0.8 for a
 * transfer to a team or desk ("put me through to the spa team", "talk to customer service"), 0.6 for
 * a refusal of the bot that names no one ("I don't want to talk to a machine"), 0 otherwise. A
 * question about the bot ("are you a robot?") scores 0 and carries the label `bot_question`.
 */
import type { TextView } from '../text.ts';
import type { SignalReading } from '../types.ts';
import { ANCHOR, ANCHOR_WORDS, anchorMasks } from './lexicon-human-anchors.ts';
import {
  BOT_QUESTION,
  BOT_REJECTION,
  CJK_BOT_QUESTION,
  CJK_DEPARTMENT_REQUEST,
  CJK_NEGATION_BEFORE,
  CJK_REQUEST,
  CJK_SCRIPT,
  DEPARTMENT_OF_PERSON,
  DEPARTMENT_REQUEST,
  EXPLICIT_REQUEST,
  EXPLICIT_REQUEST_OTHER_LANGUAGES,
  NEGATION_BEFORE,
  PAST_BEFORE,
  SHORT_DEPARTMENT,
  SHORT_REQUEST,
} from './lexicon-human-request.ts';
import { buildTypoCorrections } from './lexicon-human-typos.ts';

export const HUMAN_REQUEST_SCORES = { explicit: 1, department: 0.8, botRejection: 0.6 } as const;

const ANCHOR_MASKS = anchorMasks();
const TYPO_CORRECTIONS = buildTypoCorrections(Object.values(ANCHOR_WORDS).flat());
/** The families each misspelling opens, through the words it is corrected to. */
const TYPO_MASKS = new Map(
  [...TYPO_CORRECTIONS].map(([typo, corrected]) => [
    typo,
    corrected.split(' ').reduce((mask, word) => mask | (ANCHOR_MASKS.get(word) ?? 0), 0),
  ]),
);
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
const CALLBACK_WORDS = /call|ring|phone|llam|lig|rappel|appel|chiam|ruf|电话|電話|回电|回電/u;
/** How far back a negation may sit before the request ("I really don't want to | talk to..."). */
const NEGATION_WINDOW = 80;

type Span = readonly [start: number, end: number];

/** One corrected word: where it sits in the corrected text and where it came from in the original. */
interface Correction {
  at: number;
  length: number;
  originalAt: number;
  originalLength: number;
}

interface Normalised {
  text: string;
  cjk: boolean;
  /** The pattern families the turn's words open (ANCHOR bits). */
  families: number;
  /** The lowercased text as given, for evidence that quotes the customer's own spelling. */
  original: string;
  corrections: Correction[];
}

function insideAny(spans: readonly Span[] | null, start: number): boolean {
  if (spans === null) return false;
  for (const [spanStart, spanEnd] of spans) if (start >= spanStart && start < spanEnd) return true;
  return false;
}

function collectSpans(pattern: RegExp, text: string, into: Span[] | null): Span[] | null {
  pattern.lastIndex = 0;
  let spans = into;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    (spans ??= []).push([match.index, match.index + match[0].length]);
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return spans;
}

function isNegated(text: string, start: number, cjk: boolean): boolean {
  const before = text.slice(Math.max(0, start - NEGATION_WINDOW), start);
  if (cjk && CJK_NEGATION_BEFORE.test(before)) return true;
  return NEGATION_BEFORE.test(before) || PAST_BEFORE.test(before);
}

/** Questions about the bot in a turn, found once and only when a request needs checking against them. */
class BotQuestions {
  #spans: Span[] | null | undefined;
  constructor(
    private readonly text: string,
    private readonly cjk: boolean,
  ) {}

  get spans(): readonly Span[] | null {
    if (this.#spans === undefined) {
      this.#spans = collectSpans(BOT_QUESTION, this.text, null);
      if (this.cjk) this.#spans = collectSpans(CJK_BOT_QUESTION, this.text, this.#spans);
    }
    return this.#spans;
  }
}

/** The first match of `pattern` that is not negated and not part of a question about the bot. */
function firstRequest(
  pattern: RegExp,
  text: string,
  questions: BotQuestions | null,
  cjk: boolean,
): Span | null {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    if (isNegated(text, match.index, cjk) || insideAny(questions?.spans ?? null, match.index)) continue;
    return [match.index, match.index + match[0].length];
  }
  return null;
}

/** Maps a position of the corrected text back to the original text. */
function originalPosition(corrections: readonly Correction[], position: number, isEnd: boolean): number {
  let shift = 0;
  for (const correction of corrections) {
    if (position < correction.at || (isEnd && position === correction.at)) break;
    if (
      position < correction.at + correction.length ||
      (isEnd && position === correction.at + correction.length)
    ) {
      return isEnd ? correction.originalAt + correction.originalLength : correction.originalAt;
    }
    shift += correction.originalLength - correction.length;
  }
  return position + shift;
}

/** The words of a span, quoted as the customer typed them. */
function quote(normalised: Normalised, [start, end]: Span): string {
  const { corrections, original, text } = normalised;
  if (corrections.length === 0) return text.slice(start, end).trim();
  return original
    .slice(originalPosition(corrections, start, false), originalPosition(corrections, end, true))
    .trim();
}

/** Lowercased text with misspelt request words corrected, or null when no request word is present. */
function normalise(view: TextView): Normalised | null {
  let families = 0;
  let misspelt = false;
  for (const word of view.words) {
    const mask = ANCHOR_MASKS.get(word);
    if (mask !== undefined) {
      families |= mask;
      continue;
    }
    const typoMask = TYPO_MASKS.get(word);
    if (typoMask === undefined) continue;
    misspelt = true;
    families |= typoMask;
  }
  const cjk = CJK_SCRIPT.test(view.lower);
  if (families === 0 && !cjk) return null;
  const original = view.lower;
  const corrections: Correction[] = [];
  // Corrections are English: "contacto" or "agenti" are words in Spanish and Italian, not typos.
  if (!misspelt || (families & ANCHOR.otherLanguages) !== 0) {
    return { text: original, cjk, families, original, corrections };
  }
  let shift = 0;
  const text = original.replace(WORD, (word: string, offset: number) => {
    const corrected = TYPO_CORRECTIONS.get(word);
    if (corrected === undefined) return word;
    corrections.push({
      at: offset + shift,
      length: corrected.length,
      originalAt: offset,
      originalLength: word.length,
    });
    shift += corrected.length - word.length;
    return corrected;
  });
  return { text, cjk, families, original, corrections };
}

function reading(
  score: number,
  explicit: boolean,
  department: boolean,
  labels: string[],
  evidence: string[],
) {
  return {
    score,
    values: { explicit: explicit ? 1 : 0, department: department ? 1 : 0 },
    labels,
    evidence,
  } satisfies SignalReading;
}

/** The last sentence when it is nothing but a request ("Useless. Agent!"), trimmed of its punctuation. */
function shortMatch(pattern: RegExp, text: string): Span | null {
  const match = pattern.exec(text);
  if (match === null) return null;
  const leading = /^[.!?;\s]*/u.exec(match[0])?.[0].length ?? 0;
  return [match.index + leading, match.index + match[0].length];
}

/** Reads whether a customer turn asks for a person, with the words that ask. */
export function detectHumanRequest(view: TextView): SignalReading {
  const normalised = normalise(view);
  if (normalised === null) return reading(0, false, false, [], []);
  const { text, cjk, families } = normalised;
  const questions = new BotQuestions(text, cjk);
  const has = (family: number): boolean => (families & family) !== 0;
  const otherLanguages = has(ANCHOR.otherLanguages);

  const explicit =
    shortMatch(SHORT_REQUEST, text) ??
    (has(ANCHOR.person) ? firstRequest(EXPLICIT_REQUEST, text, questions, cjk) : null) ??
    (otherLanguages ? firstRequest(EXPLICIT_REQUEST_OTHER_LANGUAGES, text, questions, cjk) : null) ??
    (cjk ? firstRequest(CJK_REQUEST, text, questions, cjk) : null);
  const department =
    shortMatch(SHORT_DEPARTMENT, text) ??
    (has(ANCHOR.department) || otherLanguages
      ? firstRequest(DEPARTMENT_REQUEST, text, questions, cjk)
      : null) ??
    (explicit !== null ? firstRequest(DEPARTMENT_OF_PERSON, text, questions, cjk) : null) ??
    (cjk ? firstRequest(CJK_DEPARTMENT_REQUEST, text, questions, cjk) : null);

  const labels: string[] = [];
  const evidence: string[] = [];
  if (explicit !== null) {
    const words = quote(normalised, explicit);
    evidence.push(words);
    if (CALLBACK_WORDS.test(words)) labels.push('callback');
  }
  if (department !== null) {
    labels.push('department');
    const words = quote(normalised, department);
    if (!evidence.includes(words)) evidence.push(words);
  }
  if (explicit !== null)
    return reading(HUMAN_REQUEST_SCORES.explicit, true, department !== null, labels, evidence);
  if (department !== null) return reading(HUMAN_REQUEST_SCORES.department, false, true, labels, evidence);

  if (!has(ANCHOR.bot | ANCHOR.otherLanguages) && !cjk) return reading(0, false, false, [], []);
  const rejection = firstRequest(BOT_REJECTION, text, null, false);
  if (rejection !== null) {
    return reading(
      HUMAN_REQUEST_SCORES.botRejection,
      false,
      false,
      ['bot_rejection'],
      [quote(normalised, rejection)],
    );
  }
  const question = questions.spans?.[0];
  if (question !== undefined)
    return reading(0, false, false, ['bot_question'], [quote(normalised, question)]);
  return reading(0, false, false, [], []);
}
