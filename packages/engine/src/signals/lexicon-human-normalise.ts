/**
 * The text a request-for-a-person reading works on: the turn's lowercased text with misspelt
 * request words corrected ("humna" → "human"), its tokens, the pattern families its words open,
 * and a way back to the customer's own spelling for evidence.
 */
import type { TextView } from '../text.ts';
import { ANCHOR, ANCHOR_WORDS, anchorMasks } from './lexicon-human-anchors.ts';
import type { Span } from './lexicon-human-scan.ts';
import { buildTypoCorrections } from './lexicon-human-typos.ts';

const ANCHOR_MASKS = anchorMasks();
const TYPO_CORRECTIONS = buildTypoCorrections(Object.values(ANCHOR_WORDS).flat());
/** The families each misspelling opens, through the words it is corrected to. */
const TYPO_MASKS = new Map(
  [...TYPO_CORRECTIONS].map(([typo, corrected]) => [
    typo,
    corrected.split(' ').reduce((mask, word) => mask | (ANCHOR_MASKS.get(word) ?? 0), 0),
  ]),
);
/** The tokenizer of text.ts, without its splitting of Chinese characters (the CJK patterns need no tokens). */
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
const CJK_SCRIPT = /[\u3040-\u30ff\u4e00-\u9fff]/u;

/** One corrected word: where it sits in the corrected text and where it came from in the original. */
interface Correction {
  at: number;
  length: number;
  originalAt: number;
  originalLength: number;
}

export interface NormalisedText {
  text: string;
  /** The tokens of `text`, in order. */
  words: readonly string[];
  /** Chinese or Japanese script is present. */
  cjk: boolean;
  /** The pattern families the turn's words open (ANCHOR bits). */
  families: number;
  /** The lowercased text as given, for evidence that quotes the customer's own spelling. */
  original: string;
  corrections: Correction[];
}

/** The turn's text ready for the patterns, or null when no word of any pattern family is present. */
export function normaliseForRequest(view: TextView): NormalisedText | null {
  let families = 0;
  let misspelt = false;
  for (const word of view.words) {
    // "un'operatrice", "l'agent": the word after an elided article is the anchor.
    const apostrophe = word.lastIndexOf("'");
    const mask =
      ANCHOR_MASKS.get(word) ?? (apostrophe > 0 ? ANCHOR_MASKS.get(word.slice(apostrophe + 1)) : undefined);
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
    return { text: original, words: view.words, cjk, families, original, corrections };
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
  return { text, words: text.match(WORD) ?? [], cjk, families, original, corrections };
}

/** Maps a position of the corrected text back to the original text. */
function originalPosition(corrections: readonly Correction[], position: number, isEnd: boolean): number {
  let shift = 0;
  for (const correction of corrections) {
    if (position < correction.at || (isEnd && position === correction.at)) break;
    const inside = position < correction.at + correction.length;
    if (inside || (isEnd && position === correction.at + correction.length)) {
      return isEnd ? correction.originalAt + correction.originalLength : correction.originalAt;
    }
    shift += correction.originalLength - correction.length;
  }
  return position + shift;
}

/** The words of a span, quoted as the customer typed them (lowercased). */
export function quoteOriginal(normalised: NormalisedText, [start, end]: Span): string {
  const { corrections, original, text } = normalised;
  if (corrections.length === 0) return text.slice(start, end).trim();
  const from = originalPosition(corrections, start, false);
  return original.slice(from, originalPosition(corrections, end, true)).trim();
}
