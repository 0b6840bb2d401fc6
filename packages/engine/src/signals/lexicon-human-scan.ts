/**
 * Runs a pattern only where it can start: at the words that begin its alternatives. A regular
 * expression with dozens of alternatives costs tens of nanoseconds at every character it scans;
 * trying it (with the sticky `y` flag) at the few words that can open a match makes a long turn cheap.
 */

/** A match as [start, end) character positions. */
export type Span = readonly [start: number, end: number];

/** Splits a list written one word after another ("i we sorry") into a set. */
export function wordSet(list: string): ReadonlySet<string> {
  return new Set(list.trim().split(/\s+/));
}

/**
 * The first match of a sticky `pattern` that starts at one of `startWords`, walking `words` (the
 * text's tokens, in order) through `text`; `accept` may reject a match (negated, quoted, ...).
 */
export function firstMatchAtWords(
  text: string,
  words: readonly string[],
  startWords: ReadonlySet<string>,
  pattern: RegExp,
  accept?: (start: number, end: number) => boolean,
): Span | null {
  let position = 0;
  for (const word of words) {
    const index = text.indexOf(word, position);
    // Tokens always appear in the text in order; if one does not, stop rather than guess.
    if (index === -1) return null;
    position = index + word.length;
    if (!startWords.has(word)) continue;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (match === null) continue;
    const end = index + match[0].length;
    if (accept === undefined || accept(index, end)) return [index, end];
  }
  return null;
}
