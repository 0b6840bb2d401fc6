/**
 * The customer asks for a person. A grammar per language (a request form × a person, negation scope,
 * questions about the bot, third parties that only look like people) in English, Chinese and
 * Japanese (lexicon-human-request.ts) and Spanish, Portuguese, Italian, French, German and Dutch
 * (lexicon-human-languages.ts).
 *
 * Score: 1 for an explicit request for a person ("let me talk to a human", "转人工"), 0.9 for a
 * transfer to a team or service ("put me through to the spa team", "talk to customer service"), 0.7
 * for a service named alone ("support please", "Kundendienst", label `service`), 0.6 for a refusal of
 * the bot that names no one ("I don't want to talk to a machine"), 0 otherwise. A question about the
 * bot ("are you a robot?") scores 0 and carries the label `bot_question`.
 */
import type { TextView } from '../text.ts';
import type { SignalReading } from '../types.ts';
import { ANCHOR } from './lexicon-human-anchors.ts';
import { normaliseForRequest, quoteOriginal, type NormalisedText } from './lexicon-human-normalise.ts';
import {
  LANGUAGE_BOT_QUESTION,
  LANGUAGE_REQUEST,
  LANGUAGE_SERVICE_REQUEST,
  LANGUAGE_SHORT_REQUEST,
  LANGUAGE_SHORT_SERVICE,
} from './lexicon-human-languages.ts';
import {
  BOT_QUESTION,
  BOT_QUESTION_STARTS,
  BOT_REJECTION,
  BOT_REJECTION_STARTS,
  CJK_BOT_QUESTION,
  CJK_DEPARTMENT_REQUEST,
  CJK_NEGATION_AFTER,
  CJK_NEGATION_BEFORE,
  CJK_REQUEST,
  CJK_SHORT_SERVICE,
  DEPARTMENT_OF_PERSON,
  DEPARTMENT_OF_PERSON_STARTS,
  DEPARTMENT_REQUEST,
  DEPARTMENT_REQUEST_STARTS,
  EXPLICIT_REQUEST,
  EXPLICIT_REQUEST_STARTS,
  NEGATION_BEFORE,
  PAST_BEFORE,
  SERVICE_WANTED,
  SHORT_DEPARTMENT,
  SHORT_REQUEST,
} from './lexicon-human-request.ts';
import { firstMatchAtWords, type Span } from './lexicon-human-scan.ts';

/**
 * An explicit request hands off; a transfer to a named team or service ("put me through to customer
 * service") nearly so; a service named alone ("support please", "Kundendienst") or a refusal of the
 * bot leaves room for an offer (the default policy hands off at 0.85 and offers from 0.5).
 */
export const HUMAN_REQUEST_SCORES = {
  explicit: 1,
  department: 0.9,
  service: 0.7,
  botRejection: 0.6,
} as const;

const CALLBACK_WORDS = /call|ring|phone|llam|lig|rappel|appel|chiam|ruf|电话|電話|回电|回電/u;
const GERUND = /^(?:talking|speaking|chatting|dealing|being)\b/u;
const AFTER_PREPOSITION = /(?:^|\s)(?:for|about|of|without|by|after|before|from|like)\s+$/u;
/** A short request ("hi, could I get a real person please, right now!") has at most this many spaces. */
const SHORT_SENTENCE_SPACES = 14;
const SENTENCE_END = new Set(['.', '!', '?', ';']);
const TRAILING = new Set(['.', '!', '?', ';', ':', ' ', ',']);
/** How far back a negation may sit before the request ("I really don't want to | talk to..."). */
const NEGATION_WINDOW = 80;

function isNegated(text: string, start: number, cjk: boolean): boolean {
  const before = text.slice(Math.max(0, start - NEGATION_WINDOW), start);
  if (cjk && CJK_NEGATION_BEFORE.test(before)) return true;
  return NEGATION_BEFORE.test(before) || PAST_BEFORE.test(before);
}

function collectGlobal(pattern: RegExp, text: string, spans: Span[]): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) pattern.lastIndex++;
    else spans.push([match.index, match.index + match[0].length]);
  }
}

/** One turn being read: its text, and its questions about the bot, found only when needed. */
class Reading {
  #questions: Span[] | undefined;
  #tail: { start: number; text: string } | null | undefined;
  constructor(readonly normalised: NormalisedText) {}

  get questions(): readonly Span[] {
    if (this.#questions === undefined) {
      const { text, words, cjk, families } = this.normalised;
      const spans: Span[] = [];
      firstMatchAtWords(text, words, BOT_QUESTION_STARTS, BOT_QUESTION, (start, end) => {
        spans.push([start, end]);
        return false;
      });
      // "¿eres un robot?" has only a bot word to open it.
      if ((families & (ANCHOR.otherLanguages | ANCHOR.bot)) !== 0) {
        collectGlobal(LANGUAGE_BOT_QUESTION, text, spans);
      }
      if (cjk) collectGlobal(CJK_BOT_QUESTION, text, spans);
      this.#questions = spans;
    }
    return this.#questions;
  }

  /** A request is real unless negated, reported in the past, or part of a question about the bot. */
  readonly stands = (start: number, end: number): boolean => {
    const { text, cjk } = this.normalised;
    if (isNegated(text, start, cjk)) return false;
    if (cjk && CJK_NEGATION_AFTER.test(text.slice(end, end + 12))) return false;
    // "a fee for talking to support", "thanks for speaking with me": a talk named, not asked for.
    if (
      GERUND.test(text.slice(start, start + 10)) &&
      AFTER_PREPOSITION.test(text.slice(Math.max(0, start - 12), start))
    )
      return false;
    for (const [questionStart, questionEnd] of this.questions) {
      if (start >= questionStart && start < questionEnd) return false;
    }
    return true;
  };

  /** The first standing match of an English (sticky) pattern, tried at its start words. */
  english(pattern: RegExp, starts: ReadonlySet<string>): Span | null {
    const { text, words } = this.normalised;
    return firstMatchAtWords(text, words, starts, pattern, this.stands);
  }

  /** The first standing match of a global pattern (other languages, Chinese). */
  global(pattern: RegExp): Span | null {
    const { text } = this.normalised;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) pattern.lastIndex++;
      else if (this.stands(match.index, match.index + match[0].length))
        return [match.index, match.index + match[0].length];
    }
    return null;
  }

  /** The last sentence when it is nothing but a request ("Useless. Agent!"), without its punctuation. */
  lastSentence(pattern: RegExp): Span | null {
    const tail = this.tail;
    if (tail === null) return null;
    const match = pattern.exec(tail.text);
    if (match === null) return null;
    const leading = /^[.!?;\s]*/u.exec(match[0])?.[0].length ?? 0;
    return [tail.start + match.index + leading, tail.start + match.index + match[0].length];
  }

  /** The last sentence, when it is short enough to be nothing but a request; found once. */
  get tail(): { start: number; text: string } | null {
    if (this.#tail === undefined) {
      const { text } = this.normalised;
      let end = text.length;
      while (end > 0 && TRAILING.has(text[end - 1] ?? '')) end--;
      let start = end;
      while (start > 0 && !SENTENCE_END.has(text[start - 1] ?? '')) start--;
      // Back over the punctuation, which the short patterns expect before a sentence.
      while (start > 0 && (SENTENCE_END.has(text[start - 1] ?? '') || text[start - 1] === ' ')) start--;
      const sentence = text.slice(start);
      let spaces = 0;
      for (let index = 0; index < sentence.length && spaces <= SHORT_SENTENCE_SPACES; index++)
        if (sentence[index] === ' ') spaces++;
      this.#tail = spaces > SHORT_SENTENCE_SPACES ? null : { start, text: sentence };
    }
    return this.#tail;
  }
}

function result(score: number, explicit: boolean, department: boolean, labels: string[], evidence: string[]) {
  return {
    score,
    values: { explicit: explicit ? 1 : 0, department: department ? 1 : 0 },
    labels,
    evidence,
  } satisfies SignalReading;
}

/** Reads whether a customer turn asks for a person, with the words that ask. */
export function detectHumanRequest(view: TextView): SignalReading {
  const normalised = normaliseForRequest(view);
  if (normalised === null) return result(0, false, false, [], []);
  const reading = new Reading(normalised);
  const { cjk, families } = normalised;
  const has = (family: number): boolean => (families & family) !== 0;
  const otherLanguages = has(ANCHOR.otherLanguages);

  const explicit =
    reading.lastSentence(SHORT_REQUEST) ??
    (otherLanguages ? reading.lastSentence(LANGUAGE_SHORT_REQUEST) : null) ??
    (has(ANCHOR.person) ? reading.english(EXPLICIT_REQUEST, EXPLICIT_REQUEST_STARTS) : null) ??
    (otherLanguages ? reading.global(LANGUAGE_REQUEST) : null) ??
    (cjk ? reading.global(CJK_REQUEST) : null);
  const department =
    (has(ANCHOR.department) ? reading.english(DEPARTMENT_REQUEST, DEPARTMENT_REQUEST_STARTS) : null) ??
    (otherLanguages ? reading.global(LANGUAGE_SERVICE_REQUEST) : null) ??
    (explicit !== null ? reading.english(DEPARTMENT_OF_PERSON, DEPARTMENT_OF_PERSON_STARTS) : null) ??
    (cjk ? reading.global(CJK_DEPARTMENT_REQUEST) : null);

  const labels: string[] = [];
  const evidence: string[] = [];
  if (explicit !== null) {
    const words = quoteOriginal(normalised, explicit);
    evidence.push(words);
    if (CALLBACK_WORDS.test(words)) labels.push('callback');
  }
  if (department !== null) {
    labels.push('department');
    const words = quoteOriginal(normalised, department);
    if (!evidence.includes(words)) evidence.push(words);
  }
  if (explicit !== null)
    return result(HUMAN_REQUEST_SCORES.explicit, true, department !== null, labels, evidence);
  if (department !== null) return result(HUMAN_REQUEST_SCORES.department, false, true, labels, evidence);

  const service =
    reading.lastSentence(SHORT_DEPARTMENT) ??
    (has(ANCHOR.department) ? reading.lastSentence(SERVICE_WANTED) : null) ??
    (otherLanguages ? reading.lastSentence(LANGUAGE_SHORT_SERVICE) : null) ??
    (cjk ? reading.lastSentence(CJK_SHORT_SERVICE) : null);
  if (service !== null && reading.stands(service[0], service[1])) {
    return result(
      HUMAN_REQUEST_SCORES.service,
      false,
      false,
      ['service'],
      [quoteOriginal(normalised, service)],
    );
  }

  if (!has(ANCHOR.bot | ANCHOR.otherLanguages) && !cjk) return result(0, false, false, [], []);
  const { text, words } = normalised;
  const rejection = firstMatchAtWords(text, words, BOT_REJECTION_STARTS, BOT_REJECTION);
  if (rejection !== null) {
    const quoted = [quoteOriginal(normalised, rejection)];
    return result(HUMAN_REQUEST_SCORES.botRejection, false, false, ['bot_rejection'], quoted);
  }
  const question = reading.questions[0];
  if (question !== undefined)
    return result(0, false, false, ['bot_question'], [quoteOriginal(normalised, question)]);
  return result(0, false, false, [], []);
}
