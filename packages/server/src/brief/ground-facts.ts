/**
 * Facts never come from the model alone: each one it states is kept only when its value is found in
 * the turns, and the facts the rules extracted are always kept.
 */
import type { Role } from '@baton/engine';
import type { CandidateFact } from './llm-answer.ts';

/** A fact of the brief: its type, its value, the turn it came from and the words as written there. */
export interface BriefFact {
  type: string;
  value: string;
  turn: number;
  text: string;
  /** `extractive`: found by the rules; `llm`: stated by the model and found in the turn. */
  origin: 'extractive' | 'llm';
}

/** A fact the extractive brief found; `text` defaults to the value. */
export interface ExtractiveFact {
  type: string;
  value: string;
  turn: number;
  text?: string;
}

/** The text of one turn as it was sent to the model (masked). */
export interface GroundingTurn {
  role: Role;
  text: string;
}

interface FoldedText {
  folded: string;
  /** For each code unit of `folded`, the start and end (exclusive) of the character it came from. */
  origin: [number, number][];
}

// Case- and whitespace-insensitive comparison: lower case, compatibility forms, no whitespace.
function fold(text: string): FoldedText {
  let folded = '';
  const origin: [number, number][] = [];
  let index = 0;
  for (const character of text) {
    const next = index + character.length;
    for (const unit of character.normalize('NFKC').toLowerCase().replace(/\s+/gu, '')) {
      for (let offset = 0; offset < unit.length; offset += 1) origin.push([index, next]);
      folded += unit;
    }
    index = next;
  }
  return { folded, origin };
}

function foldedKey(text: string): string {
  return fold(text).folded;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Finds `value` in `text`, ignoring case and whitespace, and returns the words as written there, or
 * null. A value that starts or ends with a letter or digit must not be part of a longer word, so
 * "123" is not found in "ORD-91234".
 */
export function findValue(text: string, value: string): string | null {
  const needle = foldedKey(value);
  if (needle === '') return null;
  const { folded, origin } = fold(text);
  const checkStart = WORD_CHARACTER.test(needle[0] ?? '');
  const checkEnd = WORD_CHARACTER.test(needle[needle.length - 1] ?? '');
  for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
    const start = origin[at]?.[0] ?? 0;
    const end = origin[at + needle.length - 1]?.[1] ?? text.length;
    if (checkStart && WORD_CHARACTER.test(text[start - 1] ?? '')) continue;
    if (checkEnd && WORD_CHARACTER.test(text[end] ?? '')) continue;
    return text.slice(start, end);
  }
  return null;
}

function locate(fact: CandidateFact, turns: GroundingTurn[]): { turn: number; text: string } | null {
  const named = turns[fact.turn];
  const inNamed = named === undefined ? null : findValue(named.text, fact.value);
  if (inNamed !== null) return { turn: fact.turn, text: inNamed };
  // Models often miscount turns; a value the customer did write is still a fact, at the right index.
  for (const [turn, candidate] of turns.entries()) {
    if (candidate.role !== 'customer') continue;
    const text = findValue(candidate.text, fact.value);
    if (text !== null) return { turn, text };
  }
  return null;
}

function typeValueKey(fact: BriefFact): string {
  return `type:${fact.type}\u0000${foldedKey(fact.value)}`;
}

// The same value or the same words at the same turn are one fact, whatever type each side gave it.
function keysOf(fact: BriefFact): string[] {
  return [
    typeValueKey(fact),
    `turn:${fact.turn}\u0000${foldedKey(fact.value)}`,
    `turn:${fact.turn}\u0000${foldedKey(fact.text)}`,
  ];
}

/**
 * Merges the extractive facts (always kept) with the model's facts that are found in the turns,
 * deduplicated by type and value, and by the same words at the same turn; sorted by turn.
 */
export function groundFacts(
  extractive: ExtractiveFact[],
  candidates: CandidateFact[],
  turns: GroundingTurn[],
): { facts: BriefFact[]; dropped: number } {
  const facts: BriefFact[] = [];
  const seen = new Set<string>();
  const remember = (fact: BriefFact): void => {
    facts.push(fact);
    for (const key of keysOf(fact)) seen.add(key);
  };
  for (const fact of extractive) {
    const brief: BriefFact = {
      type: fact.type,
      value: fact.value,
      turn: fact.turn,
      text: fact.text ?? fact.value,
      origin: 'extractive',
    };
    if (!seen.has(typeValueKey(brief))) remember(brief);
  }
  let dropped = 0;
  for (const candidate of candidates) {
    const found = locate(candidate, turns);
    if (found === null) {
      dropped += 1;
      continue;
    }
    const brief: BriefFact = { ...candidate, ...found, origin: 'llm' };
    if (!keysOf(brief).some((key) => seen.has(key))) remember(brief);
  }
  // Array.prototype.sort is stable, so extractive facts stay ahead of the model's at the same turn.
  return { facts: facts.sort((a, b) => a.turn - b.turn), dropped };
}
