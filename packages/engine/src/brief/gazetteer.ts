/**
 * Looks up countries (in en, es, fr, de, pt) and cities by name, from the generated gazetteer data.
 * The indexes are built on first use, so an engine that never builds a brief never pays for them.
 */
import { CITY_LINES, COUNTRY_LINES } from './gazetteer-data.ts';

export interface PlaceEntry {
  kind: 'city' | 'country';
  /** The English name ("Germany" for "Deutschland"). */
  name: string;
  /** ISO 3166-1 alpha-2 code of the country (the city's country for a city). */
  country: string;
  /** Written only in capitals ("USA", "UK"): matches only as written. */
  capitalsOnly: boolean;
}

interface Index {
  byName: Map<string, PlaceEntry>;
  /** Longest name in words, per first word: how far a lookup must read. */
  longestByFirstWord: Map<string, number>;
}

let index: Index | null = null;

const ASCII_WORD = /^[A-Za-z'. -]*$/;

/** Lowercases and strips accents so "Köln" and "koln", "México" and "mexico" meet. */
export function foldName(text: string): string {
  // Most words are plain ASCII: lowercasing is all they need, and it is many times cheaper.
  if (ASCII_WORD.test(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function add(target: Index, name: string, entry: PlaceEntry): void {
  const key = foldName(name);
  if (!key || target.byName.has(key)) return;
  target.byName.set(key, entry);
  const words = key.split(' ');
  const first = words[0] ?? '';
  target.longestByFirstWord.set(first, Math.max(target.longestByFirstWord.get(first) ?? 0, words.length));
}

function buildIndex(): Index {
  const built: Index = { byName: new Map(), longestByFirstWord: new Map() };
  // Countries first: "Singapore", "Luxembourg" and "Mexico" are countries before they are cities.
  for (const line of COUNTRY_LINES.split('\n')) {
    const [code = '', ...names] = line.split('|');
    const english = names[0] ?? code;
    for (const name of names) {
      // Names with a comma are catalogue forms ("Korea, Republic of"); "the" forms are read without it.
      if (name.includes(',') || name.includes('(')) continue;
      const capitalsOnly = /^[A-Z.]{2,5}$/.test(name);
      add(built, name, { kind: 'country', name: english, country: code, capitalsOnly });
    }
  }
  for (const line of CITY_LINES.split('\n')) {
    const [name = '', code = ''] = line.split('|');
    add(built, name, { kind: 'city', name, country: code, capitalsOnly: false });
  }
  return built;
}

/** The place a name stands for, or undefined. */
export function lookupPlace(name: string): PlaceEntry | undefined {
  index ??= buildIndex();
  return index.byName.get(foldName(name));
}

/** How many words the longest place name starting with this word has (0 when none does). */
export function longestPlaceStartingWith(word: string): number {
  index ??= buildIndex();
  return index.longestByFirstWord.get(foldName(word)) ?? 0;
}
