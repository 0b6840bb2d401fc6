/**
 * Dates written in Spanish, French, German and Portuguese: "el 12 de marzo", "le 3 mars 2026",
 * "am 12. März", "12 de março"; "ayer", "demain", "übermorgen", "ontem"; weekdays with "próximo",
 * "prochain", "nächsten", "passada"; and a lone day ("el 12", "le 12", "am 12.", "no dia 12").
 * English forms are read by dates.ts; both resolve against the turn's own date.
 */
import { civilFromDays, daysFromCivil, daysInMonth, formatIsoDate, weekdayOfDays } from './calendar.ts';
import type { CivilDate } from './calendar.ts';
import type { DateMention } from './dates.ts';

/** Month names by month number (1..12), in es, fr, de, pt, with their usual abbreviations. */
const MONTH_NAMES: readonly string[] = [
  'enero ene janvier janv januar jän jänner janeiro jan',
  'febrero feb février févr fevrier februar feber fevereiro fev',
  'marzo mar mars märz maerz março marco',
  'abril abr avril avr april',
  'mayo mai maio',
  'junio jun juin juni junho',
  'julio jul juillet juil juli julho',
  'agosto ago août aout august',
  'septiembre setiembre sept septembre september setembro set',
  'octubre oct octobre oktober okt outubro out',
  'noviembre nov novembre november novembro',
  'diciembre dic décembre decembre déc dezember dez dezembro',
];
/** Weekday names by number (0 Sunday .. 6 Saturday). */
const WEEKDAY_NAMES: readonly string[] = [
  'domingo dimanche sonntag',
  'lunes lundi montag segunda segunda-feira',
  'martes mardi dienstag terça terca terça-feira terca-feira',
  'miércoles miercoles mercredi mittwoch quarta quarta-feira',
  'jueves jeudi donnerstag quinta quinta-feira',
  'viernes vendredi freitag sexta sexta-feira',
  'sábado sabado samedi samstag sonnabend',
];
/** Relative days, in days from the turn's date. */
const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  anteayer: -2,
  ayer: -1,
  hoy: 0,
  'pasado mañana': 2,
  mañana: 1,
  'avant-hier': -2,
  hier: -1,
  "aujourd'hui": 0,
  'après-demain': 2,
  demain: 1,
  vorgestern: -2,
  gestern: -1,
  heute: 0,
  übermorgen: 2,
  morgen: 1,
  anteontem: -2,
  ontem: -1,
  hoje: 0,
  'depois de amanhã': 2,
  amanhã: 1,
};

function alternation(lines: readonly string[]): string {
  return lines
    .flatMap((line) => line.split(' '))
    .sort((left, right) => right.length - left.length)
    .join('|');
}

function lookup(lines: readonly string[], word: string, base: number): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  const found = lines.findIndex((line) => line.split(' ').includes(lower));
  return found < 0 ? -1 : found + base;
}

const MONTH = `(${alternation(MONTH_NAMES)})\\.?`;
const WEEKDAY = `(${alternation(WEEKDAY_NAMES)})`;
const DAY = String.raw`(\d{1,2})(?:º|ª|er|\.)?`;
const NEXT_BEFORE = String.raw`próxim[oa]|proxim[oa]|nächste[nmrs]?|naechste[nmrs]?|kommende[nmrs]?|este|esta|diese[nmrs]?|ce`;
const LAST_BEFORE = String.raw`pasado|últim[oa]|ultim[oa]|letzte[nmrs]?|vergangene[nmrs]?|passad[oa]`;
const NEXT_AFTER = String.raw`próxim[oa]|proxim[oa]|prochain|que\s+vem|que\s+viene`;
const LAST_AFTER = String.raw`pasado|dernier|passad[oa]`;

const PATTERN = new RegExp(
  [
    // "12 de marzo de 2026", "le 3 mars 2026", "am 12. März", "12 de março"
    String.raw`(?<dayMonth>(?<![\p{L}\d])${DAY}\s*(?:de\s+)?${MONTH}(?:,?\s+(?:de\s+)?(\d{4}))?(?![\p{L}]))`,
    // "ayer", "après-demain", "übermorgen" (not "guten Morgen", "heute Morgen", "esta mañana")
    String.raw`(?<relative>(?<![\p{L}])(?<!(?<![\p{L}])(?:guten|heute|diesen|am|la|esta|cada|una|toda|por)\s+)(?:${Object.keys(
      RELATIVE_DAYS,
    )
      .sort((left, right) => right.length - left.length)
      .join('|')})(?![\p{L}]))`,
    // "el próximo viernes", "nächsten Freitag", "vendredi prochain", "sexta passada"
    String.raw`(?<weekday>(?<![\p{L}])(?:(?<before>${NEXT_BEFORE}|${LAST_BEFORE})\s+)?${WEEKDAY}(?:\s+(?<after>${NEXT_AFTER}|${LAST_AFTER}))?(?![\p{L}]))`,
    // "el 12", "le 12", "am 12.", "no dia 12", "el día 12": a day of the month alone
    String.raw`(?<loneDay>(?<![\p{L}])(?:el\s+día|el\s+dia|el|le|am|ab\s+dem|bis\s+zum|vom|zum|no\s+dia|o\s+dia|dia|día)\s+(\d{1,2})(?:º|ª|er|\.)?(?![\d:.,]|\.?\s*(?:de\s+)?(?:${alternation(MONTH_NAMES)})(?![\p{L}])|\s*(?:h\b|uhr|%|€|euros?|kg|km|de\s+\p{L}|\.\s*\d)))`,
  ].join('|'),
  'giu',
);

const QUICK =
  /\d|ayer|hoy|mañana|hier|demain|aujourd|gestern|heute|morgen|ontem|hoje|amanhã|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|sonnabend|segunda|ter[çc]a|quarta|quinta|sexta/i;
const PAST =
  /(?<![\p{L}])(?:fue|era|hice|pagué|compré|pedí|recibí|llegó|hace|pasado|ayer|était|ai|as|avons|j'ai|a\s+été|hier|dernier|war|habe|hat|hatte|wurde|gestern|letzte[nmrs]?|vor|foi|era|fiz|paguei|comprei|recebi|chegou|ontem|passad[oa]|há)(?![\p{L}])/iu;

function shift(reference: CivilDate, days: number): CivilDate {
  return civilFromDays(daysFromCivil(reference.year, reference.month, reference.day) + days);
}

function valid(year: number, month: number, day: number): CivilDate | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return null;
  return day <= daysInMonth(year, month) ? { year, month, day } : null;
}

/** Days back a date with no tense may lie: "the 12th" said on the 13th is yesterday, not next month. */
const RECENT_DAYS = 7;

function allowed(offset: number, tense: Tense): boolean {
  if (tense === 'past') return offset <= 0;
  if (tense === 'future') return offset >= 0;
  return offset >= -RECENT_DAYS;
}

/** The occurrence of a day and month closest to the reference in the sentence's tense (nearest when none). */
export function nearestYear(
  month: number,
  day: number,
  reference: CivilDate,
  tense: Tense,
): CivilDate | null {
  const referenceDays = daysFromCivil(reference.year, reference.month, reference.day);
  const options = [reference.year - 1, reference.year, reference.year + 1]
    .map((year) => valid(year, month, day))
    .filter((date): date is CivilDate => date !== null)
    .map((date) => ({ date, offset: daysFromCivil(date.year, date.month, date.day) - referenceDays }))
    .filter(({ offset }) => allowed(offset, tense));
  options.sort((left, right) => Math.abs(left.offset) - Math.abs(right.offset) || right.offset - left.offset);
  return options[0]?.date ?? null;
}

/** The occurrence of a lone day of the month closest to the reference in the sentence's tense. */
export function nearestMonth(day: number, reference: CivilDate, tense: Tense): CivilDate | null {
  const referenceDays = daysFromCivil(reference.year, reference.month, reference.day);
  const options: { date: CivilDate; offset: number }[] = [];
  for (let offset = -2; offset <= 2; offset++) {
    const total = reference.year * 12 + reference.month - 1 + offset;
    const date = valid(Math.floor(total / 12), (total % 12) + 1, day);
    if (date) options.push({ date, offset: daysFromCivil(date.year, date.month, date.day) - referenceDays });
  }
  const kept = options.filter(({ offset }) => allowed(offset, tense));
  kept.sort((left, right) => Math.abs(left.offset) - Math.abs(right.offset) || right.offset - left.offset);
  return kept[0]?.date ?? null;
}

export type Tense = 'past' | 'future' | 'unknown';

function weekdayDate(
  reference: CivilDate,
  weekday: number,
  direction: 'next' | 'last' | 'this',
  past: boolean,
): CivilDate {
  const referenceDays = daysFromCivil(reference.year, reference.month, reference.day);
  const today = weekdayOfDays(referenceDays);
  const forward = (weekday - today + 7) % 7 || 7;
  const backward = (today - weekday + 7) % 7 || 7;
  if (direction === 'last' || (direction === 'this' && past)) return shift(reference, -backward);
  return shift(reference, forward);
}

/** Finds the es, fr, de and pt dates of a text, resolved against the reference date. */
export function findOtherLanguageDates(text: string, reference: CivilDate): DateMention[] {
  const mentions: DateMention[] = [];
  // The full pattern tries every position; a text with no digit and no day word cannot match it.
  if (!QUICK.test(text)) return mentions;
  const past = PAST.test(text);
  const tense: Tense = past ? 'past' : 'unknown';
  PATTERN.lastIndex = 0;
  for (let match = PATTERN.exec(text); match; match = PATTERN.exec(text)) {
    const groups = match.groups ?? {};
    let date: CivilDate | null = null;
    if (groups['dayMonth']) {
      const month = lookup(MONTH_NAMES, match[3] ?? '', 1);
      const day = Number(match[2]);
      // A bare "mar" or "set" is a word too often; the abbreviations need a day before them, as here.
      date = match[4] ? valid(Number(match[4]), month, day) : nearestYear(month, day, reference, tense);
    } else if (groups['relative']) {
      const offset = RELATIVE_DAYS[match[0].toLowerCase().replace(/\s+/g, ' ')];
      if (offset !== undefined) date = shift(reference, offset);
    } else if (groups['weekday']) {
      const weekday = lookup(WEEKDAY_NAMES, match[8] ?? '', 0);
      const modifier = (groups['before'] ?? groups['after'] ?? '').toLowerCase();
      // "segunda", "quarta" and "sexta" are also ordinals: read them as weekdays only with a modifier.
      if (weekday < 0 || (/^(?:segunda|terça|terca|quarta|quinta|sexta)$/i.test(match[8] ?? '') && !modifier))
        continue;
      const direction = !modifier
        ? 'this'
        : new RegExp(`^(?:${LAST_BEFORE}|${LAST_AFTER})$`, 'iu').test(modifier)
          ? 'last'
          : 'next';
      date = weekdayDate(reference, weekday, direction, past);
    } else if (groups['loneDay']) {
      date = nearestMonth(Number(match[11]), reference, tense);
    }
    if (date) mentions.push({ value: formatIsoDate(date), text: match[0], index: match.index });
  }
  return mentions;
}
