/**
 * One normalised view of a turn's text, built once per turn and shared by every signal, so the
 * hot path lowercases and tokenises a text once.
 */

/** Texts are analysed up to this many characters; a 100 KB paste costs the same as a long message. */
export const MAX_ANALYSED_CHARS = 4000;

export interface TextView {
  /** The text as given, cut to MAX_ANALYSED_CHARS. */
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
  const raw = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
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
