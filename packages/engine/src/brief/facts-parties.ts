/**
 * People and companies a customer names. Names are taken only after a cue, because chat text is
 * often all lowercase ("transfer 700£ to guy kephart"): "my name is", "booked under", "transfer to"
 * give a person; "direct debit with", "paid at", "X's ATMs" give a company; a company word in the
 * phrase ("santore restaurant", "post office") makes it a company whatever the cue.
 */
import { MONTH_OR_DAY, NAME_STOP_WORDS, NOT_A_NAME } from './common-words.ts';
import type { RawFact } from './facts-identifiers.ts';

type PartyType = 'person_name' | 'company';

const COMPANY_WORDS =
  /\b(?:restaurant|kitchen|shop|shops|store|stores|gifts?|hotel|office|taxis?|cabs?|eats|prime|video|shopping|bank|airways|airlines|ltd|inc|llc|gmbh|plc|corp|company|group|cafe|café|bar|pub|market|supermarket|pharmacy|telecom|energy|insurance|motors|foods|club|studio|cinema|books|electronics|flowers|pay|subscription|business|services|solutions|holdings|partners)\b|[&]|\.(?:com|co\.uk|net|org|io|de|fr)\b/iu;
/** Well-known consumer brands: a payee with one of these names is a company, whatever the cue. */
const KNOWN_BRANDS = new Set(
  `amazon uber ubereats deliveroo waitrose tesco sainsbury sainsburys asda aldi lidl morrisons starbucks costa netflix
  spotify apple google paypal ebay ikea m&s costco walmart target mcdonalds kfc subway pret santander barclays barclay hsbc
  lloyds natwest monzo revolut amex visa mastercard airbnb expedia ryanair easyjet lufthansa hyatt hilton marriott vodafone
  o2 bt sky virgin microsoft steam playstation xbox nintendo disney hbo argos boots zara primark nike adidas shell bp esso
  doordash grubhub lyft bolt etsy shein temu aliexpress zalando booking.com american`.split(/\s+/),
);

// A sentence-internal stretch of text: a decimal point ("554.2 euros") does not end the sentence.
const SAME_SENTENCE = String.raw`(?:[^.?!]|\.(?=\d)){0,60}$`;
/** Money words before "to/from": the name after the preposition is the other party of a payment. */
const PAYMENT_CONTEXT = new RegExp(
  String.raw`\b(?:transfer\w*|send|sent|sending|resend|pay|paid|paying|payments?|wire\w*|owe|standing\s+orders?|transactions?|recipient|money|remit\w*|receiv\w*|got|refund\w*|debit)\b${SAME_SENTENCE}`,
  'i',
);
const MESSAGE_OBJECT =
  /\b(?:e-?mails?|mail|messages?|letters?|texts?|photos?|pictures?|documents?|files?|forms?|complaints?|requests?|feedback|screenshots?|link)\b/i;
/** Booking words before "for": "a table for X", "the standing order I set up for X". */
const BOOKING_CONTEXT = new RegExp(
  String.raw`\b(?:booking|booked|book|reservation|reserved|table|standing\s+orders?|set\s+up|appointment|transfer\w*)\b${SAME_SENTENCE}`,
  'i',
);
/** Shopping words before "at/in/with": the name after the preposition is a merchant. */
const COMPANY_CONTEXT = new RegExp(
  String.raw`\b(?:direct\s+debits?|subscriptions?|membership|shop(?:ped|ping)?|buy|bought|purchas\w*|spen[dt]|spending|paid|pay(?:ing)?|payments?|contactless|charged|charges?|declined|rejected|transactions?|withdraw\w*|visited|card|cash|orders?|ordered|atms?|refund\w*)\b${SAME_SENTENCE}`,
  'i',
);
/** Before "on": only spending ("spent £20 on X"). */
const SPENDING_CONTEXT = /\bspen(?:d|t|ding)\b(?:[^.?!]|\.(?=\d)){0,20}$/i;
/** Phrases after which the payee is a merchant even after "to/for/from". */
const MERCHANT_CONTEXT =
  /\b(?:direct\s+debits?|subscriptions?|membership|refund\s+from|ordered\s+from|bought\s+from|purchased\s+from|recurring\s+debit)\b(?:[^.?!]|\.(?=\d)){0,30}$/i;

interface Cue {
  pattern: RegExp;
  /** The party type this cue suggests; a company word in the phrase overrides it. */
  type: PartyType | 'context';
  /** For "it's X" and "I am X": the name must end the clause, else "it's gona be" would be a name. */
  endsClause?: boolean;
  /** The customer names themselves ("my name is", "this is", sign-off). */
  self?: boolean;
  /** The name must be written with a capital: the cue alone is too weak ("soy cliente"). */
  capital?: boolean;
  /** Read at most this many words (default 4). */
  maxWords?: number;
  /** A preposition before a full name: two capitalised words at least, a merchant after "bought from". */
  fullName?: boolean;
}

const TITLES = String.raw`mr|mrs|ms|miss|mx|dr|prof|sir|herr|frau|sr|sra|srta|señor|señora|señorita|doña|mme|mlle|monsieur|madame|senhor|senhora|dona`;

const CUES: readonly Cue[] = [
  // "Mr. Jones", "Frau Dr. Weber", "Sra. Gómez": a title before a capitalised word is a person.
  {
    pattern: new RegExp(String.raw`\b(?:${TITLES})\.?\s+(?:(?:dr|prof)\.?\s+)?(?=\p{Lu})`, 'giu'),
    type: 'person_name',
    capital: true,
    maxWords: 3,
  },
  {
    pattern:
      /\b(?:me\s+llamo|mi\s+nombre\s+es|je\s+m'appelle|mon\s+nom\s+est|ich\s+heiße|ich\s+heisse|mein\s+name\s+ist|meu\s+nome\s+é|me\s+chamo|chamo-me)\s+/giu,
    type: 'person_name',
    self: true,
  },
  {
    pattern: /\b(?:soy|je\s+suis|ich\s+bin|sou)\s+/giu,
    type: 'person_name',
    self: true,
    endsClause: true,
    capital: true,
  },
  // "the invoice from David Miller", "a call with Anna Schmidt": a first and last name after a preposition.
  {
    pattern:
      /\b(?:from|to|for|with|by|de|para|con|avec|pour|von|mit|für|an|com|por)\s+(?=\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?\s+\p{Lu}\p{Ll}+)/gu,
    type: 'person_name',
    capital: true,
    maxWords: 3,
    fullName: true,
  },
  {
    pattern:
      /\b(?:my\s+(?:sur|last\s+|first\s+|full\s+)?name\s+is|my\s+name'?s|(?:change\s+)?my\s+(?:sur|last\s+|first\s+)?name\s+to|(?:kind\s+)?regards,?|signed,?|cheers,?)\s+/giu,
    type: 'person_name',
    self: true,
  },
  {
    pattern:
      /\b(?:the\s+name\s+is|name\s+is|(?:under|in|on)\s+(?:the\s+)?(?:same\s+)?name(?:\s+of)?|on\s+behalf\s+of|under(?:\s+the\s+(?:reservation|booking))?)\s+/giu,
    type: 'person_name',
  },
  {
    pattern: /\b(?:this\s+is|it'?s|it\s+is|i\s+am|i'm|im)\s+/giu,
    type: 'person_name',
    endsClause: true,
    self: true,
  },
  {
    pattern: /^\s*(?:(?:hi|hello|hey)[,!.]?\s+)?(?=[\p{L}]+(?:\s+[\p{L}]+)?\s+here\b)/giu,
    type: 'person_name',
    self: true,
  },
  { pattern: /^\s*(?:(?:hi|hello|hey|yes|no)[,!.]?\s+)?(?:for|to)\s+/giu, type: 'person_name' },
  { pattern: /\b(?:owe|pay|paid|paying)\s+/giu, type: 'person_name' },
  { pattern: /\b(?:to|from|for)\s+/giu, type: 'context' },
  { pattern: /\b(?:at|in|with|on)\s+(?:the\s+)?/giu, type: 'context' },
];

const VERB_OBJECT = /^\s+(?:it|them|him|her|me|us|you|one|of\s+it|about\s+it|up|out|off|down)\b/i;
const ADJECTIVE_SHAPE = /(?:ous|ful|ble|ing|ed|ive|less|ish|ent|ant|ical|ary|ory|ly|est)$/i;
// Sticky, so a phrase is read in place from an offset without slicing the text.
const NAME_TOKEN = /([\p{L}][\p{L}\p{M}'’.&-]*)(?=[\s,.;:!?)]|$)/uy;
const CLAUSE_END = /^\s*(?:$|[,.;:!?]|(?:here|calling|speaking|from|and|on|at|for)\b)/iu;

interface Phrase {
  text: string;
  tokens: string[];
}

function bareWord(token: string): string {
  return token
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/[.'’]+$/, '');
}

/** Reads name-like tokens from a position: the first must not be an everyday word, the rest stop at function words. */
function readPhrase(text: string, start: number, maxTokens: number): Phrase | null {
  const tokens: string[] = [];
  let cursor = start;
  while (tokens.length < maxTokens) {
    NAME_TOKEN.lastIndex = cursor;
    const raw = NAME_TOKEN.exec(text)?.[1];
    if (!raw) break;
    const token = raw.replace(/[.]$/, (dot) => (/^\p{L}\.$/u.test(raw) ? dot : ''));
    const word = bareWord(token);
    if (word.length < 2 && tokens.length === 0) break;
    if (tokens.length === 0 ? NOT_A_NAME.has(word) : NAME_STOP_WORDS.has(word)) break;
    tokens.push(token.replace(/['’]s$/, ''));
    cursor += raw.length;
    // A possessive or a comma ends the phrase; otherwise exactly the spaces before the next word.
    if (/['’]s$/.test(raw) || text[cursor] !== ' ') break;
    while (text[cursor] === ' ') cursor++;
  }
  if (tokens.length === 0) return null;
  return { text: tokens.join(' '), tokens };
}

const CAPITALISED_WORDS =
  /(\p{Lu}[\p{Ll}\p{M}'’-]+)(?:\s+(\p{Lu}[\p{Ll}\p{M}'’-]+))?(?:\s+(\p{Lu}[\p{Ll}\p{M}'’-]+))?/uy;

/** Up to three capitalised words: "May Chen", "David Miller" (a month or weekday may open a name). */
function readCapitalised(text: string, start: number): Phrase | null {
  CAPITALISED_WORDS.lastIndex = start;
  const match = CAPITALISED_WORDS.exec(text);
  if (!match) return null;
  const tokens = [match[1], match[2], match[3]].filter((token): token is string => token !== undefined);
  const first = bareWord(tokens[0] ?? '');
  if (NOT_A_NAME.has(first) && !MONTH_OR_DAY.has(first)) return null;
  return { text: tokens.join(' '), tokens };
}

/** A person's name keeps its name-like words only: "nyla reason" stays, "kiela martell payment" loses the last. */
function trimPersonName(phrase: Phrase): Phrase {
  const kept = [phrase.tokens[0] ?? ''];
  for (const token of phrase.tokens.slice(1, 3)) {
    if (NOT_A_NAME.has(bareWord(token))) break;
    kept.push(token);
  }
  return { text: kept.join(' '), tokens: kept };
}

/** A company keeps its words up to the last one that is a name or a company word: "google pay top" → "google pay". */
function trimCompanyName(phrase: Phrase): Phrase {
  let end = phrase.tokens.length;
  while (end > 1) {
    const last = phrase.tokens[end - 1] ?? '';
    if (!NOT_A_NAME.has(bareWord(last)) || COMPANY_WORDS.test(last)) break;
    end--;
  }
  const tokens = phrase.tokens.slice(0, end);
  return { text: tokens.join(' '), tokens };
}

function isCompanyName(phrase: Phrase): boolean {
  // A lone "pharmacy" or "taxis" is a spending category; "elia greek restaurant" is a company.
  return (
    (phrase.tokens.length > 1 && COMPANY_WORDS.test(phrase.text)) ||
    KNOWN_BRANDS.has(bareWord(phrase.tokens[0] ?? ''))
  );
}

function classify(cue: Cue, before: string, cueText: string, phrase: Phrase): PartyType | null {
  if (isCompanyName(phrase)) return 'company';
  if (cue.type !== 'context') return cue.type;
  const preposition = cueText.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (preposition === 'on') return SPENDING_CONTEXT.test(before) ? 'company' : null;
  if (preposition === 'at' || preposition === 'in' || preposition === 'with') {
    return COMPANY_CONTEXT.test(before) ? 'company' : null;
  }
  if (MERCHANT_CONTEXT.test(`${before}${cueText}`)) return 'company';
  if (preposition === 'for') return BOOKING_CONTEXT.test(before) ? 'person_name' : null;
  // "send an email to X" is a message, not a payment.
  const context = PAYMENT_CONTEXT.exec(before);
  return context && !MESSAGE_OBJECT.test(context[0]) ? 'person_name' : null;
}

const COMPANY_VERB =
  /['’]s\s+(?:atms?|webshop|website|app|stores?|shops?|branch)|\b(?:rejected|declined|refused|charged|stopped\s+accepting)\b/i;
const COMPANY_BEFORE_VERB =
  /(?<![\p{L}])([\p{L}][\p{L}'’&]*(?:\s+[\p{L}][\p{L}'’&]*){0,2})(?:['’]s\s+(?:atms?|webshop|website|app|stores?|shops?|branch)|\s+(?:rejected|declined|refused|charged|stopped\s+accepting)\b)/giu;

/** "Snappy Snaps rejected my card", "Barclay's ATMs": a company named before what it did. */
function findCompaniesBeforeVerbs(text: string, facts: RawFact[], taken: [number, number][]): void {
  // The full pattern starts at every word; most texts have none of its verbs, so look for them first.
  if (!COMPANY_VERB.test(text)) return;
  for (const match of text.matchAll(COMPANY_BEFORE_VERB)) {
    const words = (match[1] ?? '').split(/\s+/);
    // The trailing run of words that are not function words, less its leading everyday words:
    // "I think Waitrose" → "Waitrose", "Amazon Shopping" stays whole.
    let first = words.length;
    while (first > 0 && !NAME_STOP_WORDS.has(bareWord(words[first - 1] ?? ''))) first--;
    while (
      first < words.length &&
      (NOT_A_NAME.has(bareWord(words[first] ?? '')) || ADJECTIVE_SHAPE.test(words[first] ?? ''))
    )
      first++;
    const kept = words.slice(first).join(' ');
    const name = kept.replace(/['’]s$/, '');
    if (!name) continue;
    const index = match.index + (match[1] ?? '').length - kept.length;
    if (taken.some(([from, to]) => index < to && index + name.length > from)) continue;
    facts.push({ type: 'company', value: name, text: name, index });
    taken.push([index, index + name.length]);
  }
}

/** Finds the people and companies named in one text. */
export function findParties(text: string): RawFact[] {
  const facts: RawFact[] = [];
  const taken: [number, number][] = [];
  findCompaniesBeforeVerbs(text, facts, taken);
  for (const cue of CUES) {
    cue.pattern.lastIndex = 0;
    for (let match = cue.pattern.exec(text); match; match = cue.pattern.exec(text)) {
      // A zero-width match ("X here" is found by lookahead) must still move the search on.
      if (match[0].length === 0) cue.pattern.lastIndex++;
      const start = match.index + match[0].length;
      if (taken.some(([from, to]) => start >= from && start < to)) continue;
      // A title ("Mr.", "Frau") is the title cue's to read: a phrase never starts with one.
      if (
        /^(?:mr|mrs|ms|mx|dr|prof|herr|frau|sr|sra|srta|mme|mlle)\b\.?\s/iu.test(text.slice(start, start + 6))
      )
        continue;
      if (cue.capital && !/^\p{Lu}/u.test(text.slice(start, start + 1))) continue;
      let phrase = cue.fullName ? readCapitalised(text, start) : readPhrase(text, start, cue.maxWords ?? 4);
      if (!phrase) continue;
      // Capitalised cues keep their capitalised words only: "Anna Schmidt about" stops before "about".
      if (cue.capital) {
        const kept: string[] = [];
        for (const token of phrase.tokens) {
          if (!/^\p{Lu}/u.test(token)) break;
          kept.push(token);
        }
        phrase = { text: kept.join(' '), tokens: kept };
        if (kept.length === 0) continue;
      }
      if (cue.fullName) {
        const name = trimPersonName(phrase);
        if (name.tokens.length < 2 && !isCompanyName(phrase)) continue;
        const merchant =
          MERCHANT_CONTEXT.test(`${text.slice(0, match.index)}${match[0]}`) || isCompanyName(phrase);
        const value = merchant ? phrase.text : name.text.toLowerCase();
        facts.push({
          type: merchant ? 'company' : 'person_name',
          value,
          text: merchant ? phrase.text : name.text,
          index: start,
        });
        taken.push([start, start + (merchant ? phrase.text : name.text).length]);
        continue;
      }
      const type = classify(cue, text.slice(0, match.index), match[0], phrase);
      if (!type) continue;
      // "to notify it", "to inform of it": a word followed by an object pronoun is a verb, not a name.
      if (/^to\b/i.test(match[0]) && VERB_OBJECT.test(text.slice(start + phrase.text.length))) continue;
      phrase = type === 'person_name' ? trimPersonName(phrase) : trimCompanyName(phrase);
      if (cue.endsClause && !CLAUSE_END.test(text.slice(start + phrase.text.length))) continue;
      // "I'm exhausted", "this is outrageous": after "I am", one word shaped like an adjective or a verb is not a name.
      if (cue.endsClause && phrase.tokens.length === 1 && ADJECTIVE_SHAPE.test(phrase.text)) continue;
      // "this is taking forever", "I'm waiting": a lowercase -ing word after "I am" / "this is" is a verb.
      if (cue.endsClause && /^\p{Ll}+ing$/u.test(phrase.tokens[0] ?? '')) continue;
      const value = type === 'person_name' ? phrase.text.toLowerCase() : phrase.text;
      const self = cue.self === true && type === 'person_name';
      facts.push({ type, value, text: phrase.text, index: start, ...(self ? { self } : {}) });
      taken.push([start, start + phrase.text.length]);
    }
  }
  return facts.sort((left, right) => left.index - right.index);
}
