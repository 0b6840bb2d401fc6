/**
 * Money amounts as customers write them: "$1,200", "1.200,50 €", "EUR 300", "300 dollars", "1.5k",
 * "R$ 250,00", "5000円". An amount needs a currency (symbol, ISO code or word) next to the number;
 * the one exception is a number with a "k" or "grand" suffix ("1.5k"), which in a support chat is
 * nearly always money, and is returned without a currency.
 *
 * Rules worth knowing:
 * - Decimal separator: when both "." and "," appear, the last one is the decimal separator; when
 *   one appears once followed by exactly three digits it groups thousands ("1.200 €" = 1200,
 *   "1,200" = 1200), otherwise it is decimal ("1,5 €" = 1.5). Space, no-break space and
 *   apostrophe also group thousands ("1 200 €", "CHF 1'200.50").
 * - "$" alone is USD; "¥" is CNY when the text is Chinese (Han characters and no Japanese kana),
 *   JPY otherwise; "円" is JPY; "元", "块" and "RMB" are CNY; "pesos" are MXN.
 * - Not amounts: numbers next to "%", times ("10:30"), dates ("12/05/2024", "2024.05.01"), numbers
 *   glued to letters or "#" (order numbers), and phone numbers (no currency next to them).
 */

export interface AmountMatch {
  value: number;
  /** ISO 4217 code, when the text names or implies one. */
  currency?: string;
  /** The amount as written, currency included. */
  text: string;
  /** Index of `text` in the input string. */
  index: number;
}

const SYMBOLS: Record<string, string> = {
  us$: 'USD',
  ca$: 'CAD',
  au$: 'AUD',
  nz$: 'NZD',
  hk$: 'HKD',
  mx$: 'MXN',
  r$: 'BRL',
  c$: 'CAD',
  a$: 'AUD',
  s$: 'SGD',
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '￥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  '₱': 'PHP',
  '₫': 'VND',
  '₦': 'NGN',
  '₴': 'UAH',
  'rs.': 'INR',
  rs: 'INR',
  zł: 'PLN',
  円: 'JPY',
  元: 'CNY',
  块: 'CNY',
  人民币: 'CNY',
  美元: 'USD',
  欧元: 'EUR',
  英镑: 'GBP',
  日元: 'JPY',
};

// prettier-ignore
const CODES = [
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'RMB', 'BRL', 'CHF', 'CAD', 'AUD', 'NZD', 'INR', 'MXN', 'SEK',
  'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RUB', 'TRY', 'ZAR', 'SGD', 'HKD', 'KRW', 'ILS', 'AED', 'SAR',
  'THB', 'ARS', 'CLP', 'COP',
];
/** Codes that are also everyday words count only when written in capitals ("try 300 times"). */
const CAPITALS_ONLY = new Set(['TRY']);

const WORDS: Record<string, string> = {
  dollar: 'USD',
  dollars: 'USD',
  bucks: 'USD',
  dólar: 'USD',
  dólares: 'USD',
  dolares: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  quid: 'GBP',
  libras: 'GBP',
  yen: 'JPY',
  yuan: 'CNY',
  renminbi: 'CNY',
  reais: 'BRL',
  franc: 'CHF',
  francs: 'CHF',
  franken: 'CHF',
  franchi: 'CHF',
  peso: 'MXN',
  pesos: 'MXN',
  rupee: 'INR',
  rupees: 'INR',
  rupias: 'INR',
  ruble: 'RUB',
  rubles: 'RUB',
  rouble: 'RUB',
  roubles: 'RUB',
  zloty: 'PLN',
  złoty: 'PLN',
};

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  grand: 1e3,
  mil: 1e3,
  千: 1e3,
  万: 1e4,
  m: 1e6,
  mn: 1e6,
  mio: 1e6,
  million: 1e6,
  millions: 1e6,
  百万: 1e6,
  bn: 1e9,
  billion: 1e9,
  billions: 1e9,
};
/** Multipliers that make an amount on their own, without a currency ("1.5k", "5 grand"). */
const STANDALONE_MULTIPLIERS = new Set(['k', 'grand']);
/** Words after a bare "10k" that show it is not money. */
// prettier-ignore
const NOT_MONEY_AFTER_K_WORDS = [
  'steps', 'km', 'miles', 'mi', 'users', 'followers', 'views', 'subscribers', 'words', 'people', 'members',
  'items', 'points', 'pts', 'likes', 'downloads', 'run', 'race', 'tv', 'video', 'monitor', 'screen', 'display',
  'resolution',
];
const NOT_MONEY_AFTER_K = new RegExp(String.raw`^\s?(?:${NOT_MONEY_AFTER_K_WORDS.join('|')})\b`, 'i');
/**
 * Words that make a bare "56 k" money: written apart from its number, a "k" is as often a letter
 * of a code or a seat ("34 d 56 k") as thousands, so it needs the talk to be about money.
 */
const MONEY_CONTEXT =
  /\b(?:pa(?:y|id|ying|yment)|cost|price|spen[dt]|owe|loan|salary|charge|budget|worth|b(?:uy|ought)|s(?:ell|old)|afford|refund|money|cash|deposit|withdr[ae]w|transfer|bill|fee|invoice|sav(?:e|ed|ings)|earn|income|debt|mortgage|rent|dollars?|bucks|balance|bonus)/i;
/** A lone letter or number next to a "56k": the number is part of a code, not an amount. */
const CODE_NEIGHBOUR_BEFORE = /(?:^|\s)(?:(?![ai]\s)\p{L}|\d+)\s+$/iu;
const CODE_NEIGHBOUR_AFTER = /^\s+(?:(?![ai](?:\s|$))\p{L}|\d+)(?:\s|$)/iu;

const escape = (text: string): string => text.replace(/[$.*+?^()[\]{}|\\]/g, '\\$&');
const byLengthDescending = (a: string, b: string): number => b.length - a.length;
const alternation = (items: readonly string[]): string =>
  [...items].sort(byLengthDescending).map(escape).join('|');

const LETTER_LED = /^[a-z]/;
/** Symbols that start with a letter ("R$", "Rs") must stand alone as words: "hrs 20" is no amount. */
const SYMBOL_ALTERNATION = alternation(Object.keys(SYMBOLS).filter((symbol) => !LETTER_LED.test(symbol)));
const LETTER_SYMBOL_ALTERNATION = alternation(
  Object.keys(SYMBOLS).filter((symbol) => LETTER_LED.test(symbol)),
);
const CODE_ALTERNATION = alternation(CODES);
const WORD_ALTERNATION = alternation(Object.keys(WORDS));
const MULTIPLIER_ALTERNATION = alternation(Object.keys(MULTIPLIERS));

const NUMBER =
  String.raw`\d{1,3}(?<group>[ \u00a0\u202f.,'’])\d{3}(?:\k<group>\d{3})*(?:[.,]\d{1,2})?` +
  String.raw`|\d+(?:[.,]\d{1,2})?`;
/** A number is cut short when followed by more digits, a time, date or decimal part, or a "%". */
const NUMBER_END = String.raw`(?![.,:/]?\d)(?!\s?%)`;
/** Word edges look at alphabetic scripts only: Chinese writes "付了500元" with no spaces. */
const WORD_CHARACTER = String.raw`\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}`;
const LATIN_END = String.raw`(?![${WORD_CHARACTER}])`;
/** A code before the number may touch it ("USD50"), but not another letter ("USDT"). */
const CODE_BEFORE_END = String.raw`(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}])`;

const AMOUNT = new RegExp(
  String.raw`(?:(?<before>${SYMBOL_ALTERNATION}|(?<![${WORD_CHARACTER}])` +
    String.raw`(?:${LETTER_SYMBOL_ALTERNATION}|(?:${CODE_ALTERNATION})${CODE_BEFORE_END}))\s?` +
    String.raw`|(?<![${WORD_CHARACTER}_#/.,:\-]))` +
    String.raw`(?<number>${NUMBER})${NUMBER_END}` +
    String.raw`(?:\s?(?<multiplier>${MULTIPLIER_ALTERNATION})(?![\p{Ll}\p{Lu}]))?` +
    String.raw`(?:\s?(?<after>${SYMBOL_ALTERNATION}|` +
    String.raw`(?:${LETTER_SYMBOL_ALTERNATION}|${CODE_ALTERNATION}|${WORD_ALTERNATION})${LATIN_END}))?`,
  'giu',
);

const HAS_DIGIT = /\d/;
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Reads "1.200,50", "1,200.50", "1 200" or "1,5" as a number (see the rules at the top). */
function readNumber(written: string): number {
  const compact = written.replace(/[ \u00a0\u202f'’]/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  if (lastDot === -1 && lastComma === -1) return Number(compact);
  if (lastDot !== -1 && lastComma !== -1) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    return Number(compact.split(grouping).join('').replace(decimal, '.'));
  }
  const separator = lastDot !== -1 ? '.' : ',';
  const parts = compact.split(separator);
  const groupsThousands = parts.length > 2 || parts[1]?.length === 3;
  return Number(groupsThousands ? parts.join('') : parts.join('.'));
}

function currencyOf(written: string | undefined, text: string): string | undefined | null {
  if (written === undefined) return undefined;
  const lower = written.toLowerCase();
  const upper = written.toUpperCase();
  if (CODES.includes(upper)) {
    if (CAPITALS_ONLY.has(upper) && written !== upper) return null;
    return upper === 'RMB' ? 'CNY' : upper;
  }
  const symbol = SYMBOLS[lower];
  if (symbol === 'JPY' && (lower === '¥' || lower === '￥')) {
    return HAN.test(text) && !KANA.test(text) ? 'CNY' : 'JPY';
  }
  return symbol ?? WORDS[lower];
}

/** Finds the money amounts written in a text, in order; never throws. */
export function parseAmounts(text: string): AmountMatch[] {
  if (!HAS_DIGIT.test(text)) return [];
  const amounts: AmountMatch[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const groups = match.groups ?? {};
    const before = currencyOf(groups['before'], text);
    const after = currencyOf(groups['after'], text);
    if (before === null || after === null) continue;
    const multiplierWord = groups['multiplier']?.toLowerCase();
    const currency = before ?? after;
    const end = (match.index ?? 0) + match[0].length;
    if (currency === undefined) {
      if (multiplierWord === undefined || !STANDALONE_MULTIPLIERS.has(multiplierWord)) continue;
      if (NOT_MONEY_AFTER_K.test(text.slice(end, end + 16))) continue;
      // "4K" and "8K" are screen resolutions far more often than amounts.
      if (multiplierWord === 'k' && (groups['number'] === '4' || groups['number'] === '8')) continue;
      if (multiplierWord === 'k' && !MONEY_CONTEXT.test(text)) {
        const start = match.index ?? 0;
        if (/\sk$/i.test(match[0].trimEnd())) continue;
        if (CODE_NEIGHBOUR_BEFORE.test(text.slice(0, start)) || CODE_NEIGHBOUR_AFTER.test(text.slice(end)))
          continue;
      }
    }
    const multiplier = multiplierWord === undefined ? 1 : (MULTIPLIERS[multiplierWord] ?? 1);
    const value = Math.round(readNumber(groups['number'] ?? '') * multiplier * 100) / 100;
    if (!Number.isFinite(value)) continue;
    const amount: AmountMatch = { value, text: match[0].trim(), index: match.index ?? 0 };
    if (currency !== undefined) amount.currency = currency;
    amounts.push(amount);
  }
  return amounts;
}
