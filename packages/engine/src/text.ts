/**
 * One normalised view of a turn's text, built once per turn and shared by every signal, so the
 * hot path lowercases and tokenises a text once.
 */

/**
 * A long text is analysed as its first and its last this many characters, so a 100 KB paste costs
 * the same as a long message, and what a customer says after a long paste (a log, an email thread,
 * "... can I talk to a person?") is still read. The middle of a text longer than twice this is not.
 */
export const ANALYSED_WINDOW_CHARS = 4000;

/** The most characters of one text that are analysed: both windows. */
export const MAX_ANALYSED_CHARS = 2 * ANALYSED_WINDOW_CHARS;

/** Between the two windows of a long text: a break no phrase or sentence runs across. */
export const WINDOW_BREAK = '\n\n...\n\n';

/** How far a window's edge moves back to a space, so no word is cut in two. */
const WORD_EDGE_CHARS = 40;

/**
 * The part of a text that is analysed: all of it up to MAX_ANALYSED_CHARS, else its first and last
 * ANALYSED_WINDOW_CHARS (cut at spaces) joined by WINDOW_BREAK.
 */
export function analysedText(text: string): string {
  if (text.length <= MAX_ANALYSED_CHARS) return text;
  let headEnd = ANALYSED_WINDOW_CHARS;
  const space = text.lastIndexOf(' ', headEnd);
  if (space > headEnd - WORD_EDGE_CHARS) headEnd = space;
  let tailStart = text.length - ANALYSED_WINDOW_CHARS;
  const next = text.indexOf(' ', tailStart - 1);
  if (next >= 0 && next < tailStart + WORD_EDGE_CHARS) tailStart = next + 1;
  return text.slice(0, headEnd) + WINDOW_BREAK + text.slice(tailStart);
}

export interface TextView {
  /** The text as given, or of a long text its two windows (analysedText). */
  raw: string;
  /** NFKC-normalised, lowercased, curly quotes straightened, whitespace collapsed. */
  lower: string;
  /** Lowercased word tokens (letters, digits, apostrophes inside words; CJK characters one by one). */
  words: string[];
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const ASCII_WORD = /[a-z0-9]+(?:'[a-z]+)*/g;
const HAN = /\p{Script=Han}/u;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at \x00 on purpose
const NON_ASCII = /[^\x00-\x7f]/;
const SPACES = /\s+/g;

/** Builds the view of a text that every signal reads. */
export function viewText(text: string): TextView {
  const raw = analysedText(text);
  // Most turns are plain ASCII: skip Unicode normalisation and the Unicode-aware tokeniser for them.
  if (!NON_ASCII.test(raw)) {
    const lower = raw.toLowerCase().replace(/`/g, "'").replace(SPACES, ' ').trim();
    return { raw, lower, words: lower.match(ASCII_WORD) ?? [] };
  }
  const lower = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”«»„]/g, '"')
    .replace(SPACES, ' ')
    .trim();
  const words: string[] = [];
  for (const match of lower.matchAll(WORD)) {
    const word = match[0].replace(/’/g, "'");
    if (HAN.test(word)) {
      for (const character of word) words.push(character);
    } else {
      words.push(word);
    }
  }
  return { raw, lower, words };
}
