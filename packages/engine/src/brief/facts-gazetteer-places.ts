/**
 * Cities, countries and postcodes in one turn's text, read against the gazetteer. A name is a place
 * by its spelling and its context: "deliver to Munich" and "ordering from canada" are places,
 * "I'm Jordan", "Mr. Jordan" and "Jordan Smith" are people, and an everyday word that is also a
 * town ("nice", "reading") counts only with a capital after a place preposition.
 */
import { NAME_STOP_WORDS, NOT_A_NAME } from './common-words.ts';
import type { RawFact } from './facts-identifiers.ts';
import { foldName, longestPlaceStartingWith, lookupPlace } from './gazetteer.ts';
import type { PlaceEntry } from './gazetteer.ts';

const WORD = /[\p{L}][\p{L}\p{M}'’.-]*/gu;
/** Prepositions (en, es, fr, de, pt) after which a known name is a place, with an optional article. */
const LOCATIVE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:in|into|to|from|at|near|via|towards?|around|across|outside|inside|within|across|ship(?:ped|ping)?\s+to|based\s+in|live\s+in|` +
    String.raw`en|a|al|de|del|desde|hacia|para|por|` +
    String.raw`à|au|aux|vers|depuis|pour|chez|` +
    String.raw`nach|aus|von|bei|zu|im|ins|nahe|` +
    String.raw`em|no|na|nos|nas|do|da|dos|das|para\s+o|para\s+a)` +
    String.raw`\s+(?:(?:the|el|la|los|las|le|les|l'|der|die|das|dem|den|o|a|os|as)\s*)?$`,
  'iu',
);
/** Words before a name that make it a person: a title, a greeting, "I'm", "my name is". */
const PERSON_BEFORE =
  /(?:^|[^\p{L}])(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|dear|hi|hello|hey|herr|frau|sr|sra|srta|señor|señora|don|doña|m|mme|mlle|monsieur|madame|dona|senhor|senhora|i'?m|i\s+am|im|this\s+is|name\s+is|name's|called|soy|llamo|suis|appelle|heiße|heisse|bin|sou|chamo)\.?\s+$/iu;
/** "send 50 euros to Jordan": money goes to a person, not a country. */
const PAYMENT_TO =
  /\b(?:send|sent|sending|transfer\w*|pay|paid|paying|owe|wire\w*|refund\w*)\b[^.?!]{0,40}\b(?:to|from)\s+$/iu;
const COUNTRY_SHAPED = /(?:ia|land|stan|many|ance|ain|ium|ands|ico|ina|ada|ugal|aly|ypt|pan|ina)$|\s/iu;
const HERE_AFTER = /^\s+(?:here|speaking|calling|aqu[ií]|ici|hier|aqui)\b/iu;
const SENTENCE_START = /(?:^|[.!?¡¿\n]\s*)$/u;
const POSTCODE_CUE =
  /\b(?:post\s*code|postal\s+code|zip(?:\s*code)?|c[óo]digo\s+postal|code\s+postal|plz|postleitzahl|cep|cp)\b\s*(?:is|es|est|ist|é|:|=)?\s*(?<value>[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}\s?[A-Z]{2}\b|\d{4,5}(?:-\d{3,4})?)/giu;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g;
const POSTCODE_BEFORE_CITY = /(?:^|[\s,])(\d{4,5}(?:-\d{3})?)\s+$/u;

/** The last words of LOCATIVE, for the cheap first test of a lowercase word. */
const PREPOSITIONS: ReadonlySet<string> = new Set(
  `in into to from at near via toward towards around across outside inside within en a al de del desde hacia para por à au aux vers depuis pour chez nach aus von bei zu im ins nahe em no na nos nas do da dos das the el la los las le les der die dem den o os as`.split(
    ' ',
  ),
);

interface Word {
  text: string;
  index: number;
}

function isCapitalised(text: string): boolean {
  const first = text.charAt(0);
  return first !== first.toLowerCase();
}

/** Whether a known name at this spot is a place, judged on the words around it. */
function readsAsPlace(
  text: string,
  start: number,
  end: number,
  entry: PlaceEntry,
  next: Word | undefined,
): boolean {
  const written = text.slice(start, end);
  if (entry.capitalsOnly && written !== written.toUpperCase()) return false;
  const before = text.slice(Math.max(0, start - 30), start);
  if (PERSON_BEFORE.test(before) || HERE_AFTER.test(text.slice(end))) return false;
  // Unless the name is shaped like a country's ("Germany", "Pakistan"), which nobody is called.
  if (
    PAYMENT_TO.test(before) &&
    !COUNTRY_SHAPED.test(written) &&
    !/\b(?:ship|deliver|post|mail)\w*\b/i.test(before)
  )
    return false;
  const locative = LOCATIVE.test(before);
  const capitalised = isCapitalised(written);
  if (!capitalised && !locative) return false;
  // Two-letter codes ("US", "UK") are words too often: only after a place preposition.
  if (entry.capitalsOnly && written.replace(/\./g, '').length <= 2 && !locative) return false;
  const everyday = NOT_A_NAME.has(foldName(written));
  if (everyday && !(capitalised && locative)) return false;
  // A capitalised word right after makes a person's or a company's name: "Jordan Smith", "Paris Hilton".
  if (next && !locative && /^\s+$/.test(text.slice(end, next.index)) && isCapitalised(next.text)) {
    if (!NAME_STOP_WORDS.has(next.text.toLowerCase()) && longestPlaceStartingWith(next.text) === 0)
      return false;
  }
  // A city opening a sentence with no preposition is as often a word or a name ("Mobile data is off").
  if (entry.kind === 'city' && !locative && SENTENCE_START.test(text.slice(0, start))) {
    return /^\s*(?:[,;:!?)]|$)/u.test(text.slice(end));
  }
  return true;
}

function postcodes(text: string, facts: RawFact[]): void {
  const free = (start: number, length: number) =>
    !facts.some((fact) => start < fact.index + fact.text.length && start + length > fact.index);
  for (const pattern of [POSTCODE_CUE, UK_POSTCODE]) {
    for (const match of text.matchAll(pattern)) {
      const value = match.groups?.['value'] ?? match[0];
      const index = match.index + match[0].length - value.length;
      if (!free(index, value.length)) continue;
      facts.push({
        type: 'place',
        value: value.toUpperCase().replace(/\s+/g, ' '),
        text: value,
        index,
        place: { kind: 'postcode' },
      });
    }
  }
}

/** Finds the cities, countries and postcodes named in one text. */
export function findPlaces(text: string): RawFact[] {
  const facts: RawFact[] = [];
  const words: Word[] = [];
  for (const match of text.matchAll(WORD))
    words.push({ text: match[0].replace(/[.'’-]+$/, ''), index: match.index });
  for (let position = 0; position < words.length; position++) {
    const first = words[position];
    if (!first) continue;
    // A place is capitalised or follows a preposition: other words need no look-up.
    if (!isCapitalised(first.text) && !PREPOSITIONS.has((words[position - 1]?.text ?? '').toLowerCase()))
      continue;
    const longest = longestPlaceStartingWith(first.text);
    if (longest === 0) continue;
    for (let count = Math.min(longest, words.length - position); count >= 1; count--) {
      const last = words[position + count - 1];
      if (!last) continue;
      const end = last.index + last.text.length;
      const written = text.slice(first.index, end);
      // A place name runs over spaces and hyphens only, never over a comma or a full stop.
      if (!/^[\p{L}\p{M}'’. -]+$/u.test(written)) continue;
      const entry = lookupPlace(written);
      if (!entry || !readsAsPlace(text, first.index, end, entry, words[position + count])) continue;
      const fact: RawFact = {
        type: 'place',
        value: entry.name,
        text: written,
        index: first.index,
        place: { kind: entry.kind, country: entry.country },
      };
      facts.push(fact);
      // "75002 Paris", "10115 Berlin": the number before a city is its postcode.
      const postcode = entry.kind === 'city' ? POSTCODE_BEFORE_CITY.exec(text.slice(0, first.index)) : null;
      if (postcode?.[1]) {
        const index = first.index - postcode[0].length + postcode[0].indexOf(postcode[1]);
        facts.push({
          type: 'place',
          value: postcode[1],
          text: postcode[1],
          index,
          place: { kind: 'postcode', country: entry.country },
        });
      }
      position += count - 1;
      break;
    }
  }
  postcodes(text, facts);
  return facts.sort((left, right) => left.index - right.index);
}
