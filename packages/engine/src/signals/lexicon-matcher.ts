/**
 * A phrase matcher over the word tokens of a TextView: phrases are compiled once into a map keyed
 * by their first word, so matching a turn costs one or two map look-ups per word instead of one
 * regular expression per phrase.
 *
 * Phrase syntax (space separated, lowercased on compile):
 * - `refund` matches the word exactly; `refund*` matches any word starting with `refund`.
 * - `cancel|stop` matches either word (alternatives are single words or prefixes).
 * - `~` matches zero to three words of anything: `cancel ~ subscription*` matches
 *   "cancel my monthly subscription".
 * - Chinese characters are split one by one, as the tokenizer does: `退款` is two tokens.
 * - Accented phrases also match their unaccented spelling ("inútil" matches "inutil").
 */
import { viewText } from '../text.ts';

/** Words a `~` may skip. */
const GAP_WORDS = 3;
/** Prefix patterns are indexed by this many leading characters of the word. */
const PREFIX_KEY_LENGTH = 3;

/** One position of a phrase: any of some words and word prefixes, or a gap. */
type Token = { kind: 'words'; exact: ReadonlySet<string>; prefixes: readonly string[] } | { kind: 'gap' };

interface CompiledPhrase<Tag> {
  tokens: Token[];
  tag: Tag;
  phrase: string;
}

export interface PhraseMatch<Tag> {
  tag: Tag;
  /** The phrase as written in the lexicon. */
  phrase: string;
  /** The words of the text that matched, joined by spaces (Chinese characters joined directly). */
  text: string;
  /** Index of the first matched word in `view.words`. */
  start: number;
  /** Index one past the last matched word. */
  end: number;
}

export interface PhraseMatcher<Tag> {
  exact: Map<string, CompiledPhrase<Tag>[]>;
  prefix: Map<string, CompiledPhrase<Tag>[]>;
}

const COMBINING_MARKS = /\p{M}+/gu;
const HAN = /\p{Script=Han}/u;

/** Removes accents, so customers who type without them still match ("inutil" for "inútil"). */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** The words of one alternative; a prefix shorter than the index key is a whole word ("su*" is too wide). */
function readAlternative(alternative: string): { words: string[]; prefix: boolean } {
  const starred = alternative.endsWith('*');
  const words = viewText(starred ? alternative.slice(0, -1) : alternative).words;
  const last = words.at(-1);
  return { words, prefix: starred && last !== undefined && last.length >= PREFIX_KEY_LENGTH };
}

function tokenize(phrase: string): Token[] {
  const tokens: Token[] = [];
  for (const chunk of phrase.trim().split(/\s+/)) {
    if (chunk === '~') {
      tokens.push({ kind: 'gap' });
      continue;
    }
    const alternatives = chunk.split('|').map(readAlternative);
    const [only] = alternatives;
    if (alternatives.length === 1 && only !== undefined) {
      // One alternative may be several words ("e-mail", or Chinese characters one by one).
      only.words.forEach((word, position) => {
        const prefix = only.prefix && position === only.words.length - 1;
        tokens.push({ kind: 'words', exact: new Set(prefix ? [] : [word]), prefixes: prefix ? [word] : [] });
      });
      continue;
    }
    // Alternatives are single words: "cancel|stop ~ order*|subscription*".
    const singles = alternatives.filter((alternative) => alternative.words.length === 1);
    const exact = singles.filter((single) => !single.prefix).map((single) => single.words[0] ?? '');
    const prefixes = singles.filter((single) => single.prefix).map((single) => single.words[0] ?? '');
    if (exact.length + prefixes.length > 0) tokens.push({ kind: 'words', exact: new Set(exact), prefixes });
  }
  // A phrase cannot start or end with a gap: it would match anything.
  while (tokens[0]?.kind === 'gap') tokens.shift();
  while (tokens.at(-1)?.kind === 'gap') tokens.pop();
  return tokens;
}

function addToList<Tag>(
  index: Map<string, CompiledPhrase<Tag>[]>,
  key: string,
  compiled: CompiledPhrase<Tag>,
): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [compiled]);
  else if (!list.includes(compiled)) list.push(compiled);
}

function addToIndex<Tag>(matcher: PhraseMatcher<Tag>, compiled: CompiledPhrase<Tag>): void {
  const first = compiled.tokens[0];
  if (first === undefined || first.kind === 'gap') return;
  for (const word of first.exact) addToList(matcher.exact, word, compiled);
  for (const prefix of first.prefixes)
    addToList(matcher.prefix, prefix.slice(0, PREFIX_KEY_LENGTH), compiled);
}

const listSets = (_key: string, value: unknown): unknown => (value instanceof Set ? [...value] : value);

/** Compiles phrases with their tags into a matcher; call at module load or policy compile time. */
export function compilePhrases<Tag>(
  entries: Iterable<readonly [phrase: string, tag: Tag]>,
): PhraseMatcher<Tag> {
  const matcher: PhraseMatcher<Tag> = { exact: new Map(), prefix: new Map() };
  const seen = new Set<string>();
  for (const [phrase, tag] of entries) {
    if (typeof phrase !== 'string') continue;
    for (const spelling of new Set([phrase, stripAccents(phrase)])) {
      const tokens = tokenize(spelling);
      const key = `${String(tag)}\u0000${JSON.stringify(tokens, listSets)}`;
      if (tokens.length === 0 || seen.has(key)) continue;
      seen.add(key);
      addToIndex(matcher, { tokens, tag, phrase });
    }
  }
  return matcher;
}

function tokenMatches(token: Token, word: string): boolean {
  if (token.kind === 'gap') return false;
  if (token.exact.has(word)) return true;
  for (const prefix of token.prefixes) if (word.startsWith(prefix)) return true;
  return false;
}

/** Returns the end index of a match of `tokens[at..]` starting at word `position`, or -1. */
function matchFrom(tokens: readonly Token[], at: number, words: readonly string[], position: number): number {
  if (at === tokens.length) return position;
  const token = tokens[at];
  if (token === undefined) return position;
  if (token.kind === 'gap') {
    for (let skip = 0; skip <= GAP_WORDS && position + skip <= words.length; skip++) {
      const end = matchFrom(tokens, at + 1, words, position + skip);
      if (end !== -1) return end;
    }
    return -1;
  }
  const word = words[position];
  if (word === undefined || !tokenMatches(token, word)) return -1;
  return matchFrom(tokens, at + 1, words, position + 1);
}

function joinWords(words: readonly string[], start: number, end: number): string {
  let text = '';
  for (let position = start; position < end; position++) {
    const word = words[position] ?? '';
    const previous = words[position - 1];
    const glue = text === '' || (HAN.test(word) && previous !== undefined && HAN.test(previous)) ? '' : ' ';
    text += glue + word;
  }
  return text;
}

function tryCandidates<Tag>(
  candidates: readonly CompiledPhrase<Tag>[] | undefined,
  words: readonly string[],
  position: number,
  found: PhraseMatch<Tag>[],
  skip: readonly CompiledPhrase<Tag>[] | undefined,
): void {
  if (candidates === undefined) return;
  const word = words[position] ?? '';
  for (const candidate of candidates) {
    // A phrase indexed under both the word and its prefix is tried once.
    if (skip?.includes(candidate)) continue;
    const first = candidate.tokens[0];
    if (first === undefined || !tokenMatches(first, word)) continue;
    const end = matchFrom(candidate.tokens, 1, words, position + 1);
    if (end === -1) continue;
    found.push({
      tag: candidate.tag,
      phrase: candidate.phrase,
      text: joinWords(words, position, end),
      start: position,
      end,
    });
  }
}

/** Finds every phrase of the matcher in the words, in text order (overlapping matches included). */
export function matchPhrases<Tag>(matcher: PhraseMatcher<Tag>, words: readonly string[]): PhraseMatch<Tag>[] {
  const found: PhraseMatch<Tag>[] = [];
  for (let position = 0; position < words.length; position++) {
    const word = words[position] ?? '';
    const exact = matcher.exact.get(word);
    tryCandidates(exact, words, position, found, undefined);
    if (word.length >= PREFIX_KEY_LENGTH) {
      tryCandidates(matcher.prefix.get(word.slice(0, PREFIX_KEY_LENGTH)), words, position, found, exact);
    }
  }
  return found;
}
