/**
 * Street addresses and products in one turn's text. Both are cue-bound: an address needs a house
 * number and a street word (or "my address is"), a product needs a buying verb before it.
 */
import { NAME_STOP_WORDS } from './common-words.ts';
import type { RawFact } from './facts-identifiers.ts';

const HAS_DIGIT = /\d/;
const STREET_WORDS = String.raw`street|st|avenue|ave|road|rd|lane|ln|boulevard|blvd|drive|dr|way|court|ct|place|pl|square|sq|terrace|close|crescent|parkway|pkwy|highway|hwy|strasse|straße|str|rue|calle|via|allee|gasse|weg|platz`;
// Every address shape holds one of these; testing for it first spares the full patterns on most texts.
const STREET_WORD = new RegExp(
  String.raw`\b(?:${STREET_WORDS})\b|(?:straße|strasse|weg|gasse|platz|allee)\s+\d`,
  'i',
);
const ADDRESS = new RegExp(
  String.raw`\b\d{1,5}[A-Za-z]?,?\s+(?:[\p{L}'’.-]+\s+){0,4}(?:${STREET_WORDS})\b\.?` +
    String.raw`(?:,?\s*(?:apt|apartment|suite|unit|flat|floor)\.?\s*#?\w+)?` +
    String.raw`(?:,\s*[\p{L}][\p{L}'’.-]*\b(?!\d)(?:\s+[\p{L}][\p{L}'’.-]*\b(?!\d)){0,3}){0,3}` +
    String.raw`(?:,?\s+(?:[A-Z]{2}\s+)?\d{5}(?:-\d{4})?|,?\s+\d{4,5}|,?\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})?`,
  'giu',
);
// Street names that come first in many European addresses: "Hauptstraße 5, 10115 Berlin".
const STREET_FIRST = new RegExp(
  String.raw`\b[\p{L}-]+(?:straße|strasse|weg|gasse|platz|allee)\s+\d{1,4}[a-z]?(?:,\s*\d{4,5}\s+[\p{L}-]+)?`,
  'giu',
);
const ADDRESS_CUE =
  /\b(?:(?:my\s+)?(?:new\s+)?(?:shipping\s+|delivery\s+|billing\s+|home\s+)?address\s+(?:is|was|should\s+be|:)|(?:mi\s+)?(?:nueva\s+)?direcci[óo]n(?:\s+de\s+(?:env[íi]o|entrega))?\s+(?:es|:)|(?:mon\s+)?(?:nouvelle\s+)?adresse(?:\s+de\s+livraison)?\s+(?:est|:)|(?:meine\s+)?(?:neue\s+)?(?:liefer)?adresse\s+(?:ist|lautet|:)|(?:a\s+)?(?:minha\s+)?(?:nova\s+)?morada\s+(?:é|:)|(?:o\s+)?(?:meu\s+)?(?:novo\s+)?endereço\s+(?:é|:))\s*/giu;

// Buying verbs take the product directly; "return", "exchange" and "replace" only with an article,
// so "exchange rate" is not a product.
const PRODUCT_CUE =
  /\b(?:(?:bought|ordered|purchased|order\s+of)\s+(?:(?:a|an|the|my|this|that|two|2|new)\s+)*|(?:returned|return|exchange|replace|replacement\s+for|refund\s+for)\s+(?:(?:a|an|the|my|this|that|two|2|new)\s+)+)/giu;
const VERB_SHAPE = /^[a-z]+(?:ed|ing|ly|ent)$/;
const PRODUCT_TOKEN = /([\p{L}\p{N}][\p{L}\p{N}'’+.-]*)(?=[\s,.;:!?)]|$)/uy;
// Things bought-verbs take that are not products.
const NOT_PRODUCTS = new Set(
  `email emails message messages text call refund money payment payments confirmation notification letter reply update code
  link it them one something anything nothing everything item items thing things order package parcel size colour color
  wrong same last first stuff goods product products delivery response answer help information card cash transfer
  amount money pin salary balance return returned transaction refund abroad earlier today rate rates`.split(
    /\s+/,
  ),
);

/** Finds street addresses in one text: after "my address is" first, then by the shape of a street. */
export function findAddresses(text: string): RawFact[] {
  const facts: RawFact[] = [];
  if (!HAS_DIGIT.test(text)) return facts;
  const free = (start: number, length: number) =>
    !facts.some((fact) => start < fact.index + fact.text.length && start + length > fact.index);
  for (const match of text.matchAll(ADDRESS_CUE)) {
    const start = match.index + match[0].length;
    const rest = text.slice(start);
    const end = rest.search(/[.!?\n](?:\s|$)|$/);
    const value = rest.slice(0, Math.min(end, 120)).trim();
    if (value.length < 6 || !/\d/.test(value) || !free(start, value.length)) continue;
    facts.push({ type: 'address', value, text: value, index: start });
  }
  if (!STREET_WORD.test(text)) return facts;
  for (const pattern of [ADDRESS, STREET_FIRST]) {
    for (const match of text.matchAll(pattern)) {
      const value = match[0].replace(/[\s,.]+$/, '');
      if (free(match.index, value.length))
        facts.push({ type: 'address', value, text: value, index: match.index });
    }
  }
  return facts;
}

/** Finds products the customer bought, ordered or wants to return ("I ordered a Sony WH-1000XM5 headset"). */
export function findProducts(text: string): RawFact[] {
  const facts: RawFact[] = [];
  for (const match of text.matchAll(PRODUCT_CUE)) {
    const start = match.index + match[0].length;
    const tokens: string[] = [];
    let cursor = start;
    while (tokens.length < 5) {
      PRODUCT_TOKEN.lastIndex = cursor;
      const raw = PRODUCT_TOKEN.exec(text)?.[1];
      // "yet." ends a sentence: the word is checked without its full stop, and the phrase ends there.
      const token = raw?.replace(/[.]+$/, '');
      if (!raw || !token || NAME_STOP_WORDS.has(token.toLowerCase().replace(/['’]s$/, ''))) break;
      tokens.push(token);
      cursor += raw.length;
      if (text[cursor] !== ' ') break;
      while (text[cursor] === ' ') cursor++;
    }
    // The head noun is the last word; a currency amount or an everyday noun there means no product.
    // Words shaped like verbs or adjectives end the phrase: "rate calculated" is about the rate.
    while (tokens.length > 1 && VERB_SHAPE.test(tokens.at(-1) ?? '')) tokens.pop();
    const head = tokens.at(-1)?.toLowerCase() ?? '';
    if (
      tokens.length === 0 ||
      NOT_PRODUCTS.has(head) ||
      VERB_SHAPE.test(head) ||
      /^\d+([.,]\d+)?$/.test(head)
    )
      continue;
    const value = tokens.join(' ');
    facts.push({ type: 'product', value, text: value, index: start });
  }
  return facts;
}
