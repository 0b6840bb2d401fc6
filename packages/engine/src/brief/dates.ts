/**
 * Finds the dates a customer mentions and resolves them to ISO dates against the turn's own date:
 * absolute ("7th of Jan 2018", "2024-05-07", "05/07/2024"), partial ("Jan the 19th", "the 16th"),
 * relative ("yesterday", "in 3 days", "two weeks ago") and weekdays ("last Friday", "Sunday next week").
 * Periods ("this month", "last 96 days") are not dates and are left alone.
 */
import {
  addMonths,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  formatIsoDate,
  weekdayOfDays,
} from './calendar.ts';
import type { CivilDate } from './calendar.ts';
import { findOtherLanguageDates, nearestMonth, nearestYear } from './dates-multilingual.ts';
import type { Tense } from './dates-multilingual.ts';

export interface DateMention {
  /** YYYY-MM-DD. */
  value: string;
  text: string;
  index: number;
}

export interface DateOptions {
  /** Read 05/07/2024 as 5 July (true) or May 7 (false). */
  dayFirst: boolean;
}

const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri)\b\.?`;
const ORDINAL = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const NUMBER_WORD = String.raw`(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple of|few)`;
const UNIT = String.raw`(day|week|fortnight|month|year)s?`;

// One alternation, tried left to right at each position; named groups say which form matched.
const DATE_PATTERN = new RegExp(
  [
    String.raw`(?<iso>\b(\d{4})-(\d{1,2})-(\d{1,2})\b)`,
    String.raw`(?<numeric>\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b)`,
    String.raw`(?<dayMonth>\b(?:${WEEKDAY},?\s+)?(?:the\s+)?${ORDINAL}(?:\s+of)?\s+${MONTH}(?:,?\s+(\d{4}))?\b)`,
    String.raw`(?<monthDay>\b(?:${WEEKDAY},?\s+)?${MONTH}\s+(?:the\s+)?${ORDINAL}\b(?:,?\s+(\d{4})\b)?)`,
    String.raw`(?<relativeDay>\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today'?s|today|tonight|tomorrow|tmrw|yesterday|last\s+night|this\s+(?:morning|afternoon|evening))\b)`,
    String.raw`(?<inUnits>\b(?:in|within)\s+(?:a\s+)?${NUMBER_WORD}\s+${UNIT}\b(?:\s+time)?)`,
    String.raw`(?<unitsAgo>\b${NUMBER_WORD}\s+${UNIT}\s+(?<direction>ago|from\s+(?:now|today)|later)\b)`,
    String.raw`(?<weekday>\b(?<!(?:every|each|first|second|third|fourth)\s+)(?:(?<modifier>next|last|this|coming|past|previous)\s+)?${WEEKDAY}\b(?!\s+of\s+(?:each|every|the)\s+month)(?<weekShift>\s+(?:next|last)\s+week|\s+in\s+a\s+week)?)`,
    String.raw`(?<lastWeekWeekday>\b(?<weekWord>next|last)\s+week\s+(?:on\s+)?${WEEKDAY}\b)`,
    String.raw`(?<ordinalDay>\b(?:the\s+)${ORDINAL}\b(?![:.]?\d|\s+\d|\s*[ap]\.?m\b|\s+(?:of\s+(?:each|every|the)\b|floor|time|attempt|call|try|class|grade|person|one|card|item|order|payment|transaction)))`,
    String.raw`(?<bareOrdinal>\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+(?:each|every|the)\b|floor|time|attempt|call|try|class|grade|person|one|card|item|order|payment|transaction)))`,
  ].join('|'),
  'gi',
);

const MONTH_NUMBERS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const WEEKDAY_NUMBERS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const SMALL_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  'couple of': 2,
  few: 3,
};

// Words that put a sentence in the past, so "Friday" or "March 3" means the one before the turn.
const PAST_CUES =
  /\b(?:was|were|did|didn't|had|has been|have been|ago|since|last|paid|made|bought|ordered|received|charged|sent|spent|lost|stole|stolen|happened|tried|got|went|came|arrived|booked|placed|called|emailed|noticed|saw|took|gave|left|cancell?ed|transferred|withdrew|moved)\b/i;

// Words that put a sentence in the future, so "the 12th" is the next one; with neither cue, the nearest.
const FUTURE_CUES =
  /\b(?:will|won't|going\s+to|gonna|next|coming|upcoming|deliver(?:y|ed)?\s+(?:on|by)|arrive|arriving|schedul\w*|book|booking|reserv\w*|appointment|until|till|by\s+the|plan\w*|expect\w*|need\s+it|want\s+(?:it|to)|can\s+you|could\s+you|check[\s-]?in|check[\s-]?out|stay|staying)\b/i;

function monthNumber(name: string): number {
  return MONTH_NUMBERS[name.slice(0, 3).toLowerCase()] ?? 0;
}

function numberValue(word: string): number {
  const lower = word.toLowerCase().replace(/\s+/g, ' ');
  return /^\d+$/.test(lower) ? Number(lower) : (SMALL_NUMBERS[lower] ?? 1);
}

function valid(year: number, month: number, day: number): CivilDate | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return null;
  return day <= daysInMonth(year, month) ? { year, month, day } : null;
}

/** Picks the year for a day and month written without one: the past occurrence in a past-tense sentence, else the next. */
function inferYear(month: number, day: number, reference: CivilDate, past: boolean): CivilDate | null {
  const thisYear = valid(reference.year, month, day);
  const referenceDays = daysFromCivil(reference.year, reference.month, reference.day);
  if (thisYear) {
    const days = daysFromCivil(thisYear.year, month, day);
    if (past && days > referenceDays) return valid(reference.year - 1, month, day);
    if (!past && days < referenceDays) return valid(reference.year + 1, month, day);
  }
  return thisYear ?? valid(reference.year + (past ? -1 : 1), month, day);
}

function shiftDays(reference: CivilDate, days: number): CivilDate {
  return civilFromDays(daysFromCivil(reference.year, reference.month, reference.day) + days);
}

function shiftUnits(reference: CivilDate, count: number, unit: string): CivilDate {
  const lower = unit.toLowerCase();
  if (lower.startsWith('day')) return shiftDays(reference, count);
  if (lower.startsWith('fortnight')) return shiftDays(reference, count * 14);
  if (lower.startsWith('week')) return shiftDays(reference, count * 7);
  if (lower.startsWith('month')) return addMonths(reference, count);
  return addMonths(reference, count * 12);
}

function resolveWeekday(
  reference: CivilDate,
  weekday: number,
  modifier: string | undefined,
  weekShift: string | undefined,
  past: boolean,
): CivilDate {
  const referenceDays = daysFromCivil(reference.year, reference.month, reference.day);
  const today = weekdayOfDays(referenceDays);
  const shift = weekShift?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (shift === 'next week' || shift === 'last week') {
    // Weeks start on Monday: "Sunday next week" is the Sunday of the coming Monday-to-Sunday week.
    const mondayThisWeek = referenceDays - ((today + 6) % 7);
    const offset = (weekday + 6) % 7;
    return civilFromDays(mondayThisWeek + (shift === 'next week' ? 7 : -7) + offset);
  }
  const forward = (weekday - today + 7) % 7 || 7;
  const backward = (today - weekday + 7) % 7 || 7;
  const lowerModifier = modifier?.toLowerCase();
  let days: number;
  if (lowerModifier === 'last' || lowerModifier === 'past' || lowerModifier === 'previous') days = -backward;
  else if (lowerModifier === 'next' || lowerModifier === 'coming') days = forward;
  else if (lowerModifier === 'this') days = weekday === today ? 0 : forward;
  else days = past ? -backward : forward;
  if (shift === 'in a week') days += 7;
  return civilFromDays(referenceDays + days);
}

function resolve(
  groups: Record<string, string | undefined>,
  match: RegExpExecArray,
  reference: CivilDate,
  past: boolean,
  options: DateOptions,
  tense: Tense,
): CivilDate | null {
  const part = (index: number) => match[index] ?? '';
  const text = match[0];
  if (groups.iso) return valid(Number(part(2)), Number(part(3)), Number(part(4)));
  if (groups.numeric) {
    const first = Number(part(6));
    const second = Number(part(7));
    const rawYear = part(8);
    const year = rawYear.length === 2 ? 2000 + Number(rawYear) : Number(rawYear);
    const dayFirst = first > 12 ? true : second > 12 ? false : options.dayFirst;
    return dayFirst ? valid(year, second, first) : valid(year, first, second);
  }
  if (groups.dayMonth) {
    const day = Number(part(11));
    const month = monthNumber(part(12));
    return part(13) ? valid(Number(part(13)), month, day) : nearestYear(month, day, reference, tense);
  }
  if (groups.monthDay) {
    const month = monthNumber(part(16));
    const day = Number(part(17));
    return part(18) ? valid(Number(part(18)), month, day) : nearestYear(month, day, reference, tense);
  }
  if (groups.relativeDay) {
    const lower = text.toLowerCase().replace(/\s+/g, ' ');
    if (lower.includes('before yesterday')) return shiftDays(reference, -2);
    if (lower.includes('after tomorrow')) return shiftDays(reference, 2);
    if (lower === 'yesterday' || lower === 'last night') return shiftDays(reference, -1);
    if (lower === 'tomorrow' || lower === 'tmrw') return shiftDays(reference, 1);
    return reference;
  }
  if (groups.inUnits) return shiftUnits(reference, numberValue(part(21)), part(22));
  if (groups.unitsAgo) {
    const sign = /ago/i.test(groups.direction ?? '') ? -1 : 1;
    return shiftUnits(reference, sign * numberValue(part(24)), part(25));
  }
  if (groups.weekday) {
    const weekday = WEEKDAY_NUMBERS[part(29).slice(0, 3).toLowerCase()] ?? 0;
    return resolveWeekday(reference, weekday, groups.modifier, groups.weekShift, past);
  }
  if (groups.lastWeekWeekday) {
    const weekday = WEEKDAY_NUMBERS[part(33).slice(0, 3).toLowerCase()] ?? 0;
    return resolveWeekday(reference, weekday, undefined, `${groups.weekWord} week`, past);
  }
  if (groups.ordinalDay) return nearestMonth(Number(part(35)), reference, tense);
  if (groups.bareOrdinal) return nearestMonth(Number(part(37)), reference, tense);
  return null;
}

// Forms found before the main pattern, each with its own resolver.
const DAY_RANGE = new RegExp(
  String.raw`\b${ORDINAL}\s*(?:-|–|to|until|till|through)\s*(?:the\s+)?${ORDINAL}(?:\s+of)?\s+${MONTH}(?:,?\s+(\d{4}))?\b|\b${MONTH}\s+${ORDINAL}\s*(?:-|–|to|until|till|through)\s*${ORDINAL}\b(?!\s*(?:[:.]\d|[ap]\.?m\b))(?:,?\s+(\d{4}))?`,
  'gi',
);
const HOLIDAYS: readonly [RegExp, number, number][] = [
  [/\bnew\s+year'?s\s+eve\b/i, 12, 31],
  [/\bnew\s+year'?s(?:\s+day)?\b/i, 1, 1],
  [/\bchristmas\s+eve\b/i, 12, 24],
  [/\b(?:christmas|xmas)(?:\s+day)?\b/i, 12, 25],
  [/\bboxing\s+day\b/i, 12, 26],
  [/\bvalentine'?s(?:\s+day)?\b/i, 2, 14],
  [/\bhalloween\b/i, 10, 31],
  [/\bindependence\s+day\b/i, 7, 4],
];
const HOLIDAY_YEAR = /^\s+(\d{4})\b/;
// A month or a year alone is a date only after a preposition: "since April", "until May", "from 2009".
const MONTH_ALONE = new RegExp(
  String.raw`\b(?<preposition>since|from|until|till|til|by|before|after|for|through)\s+(?:the\s+(?:start|beginning|end)\s+of\s+)?${MONTH}(?:\s+(\d{4}))?\b(?!\s+(?:the\s+)?\d)`,
  'gi',
);
const YEAR_ALONE =
  /\b(since|from|until|till|to|before|after|on)\s+((?:19|20)\d{2})\b(?!\s*(?:[-/.:]\d|%|\s*(?:euros?|dollars?|pounds?)))/gi;
const CLOSING_PREPOSITIONS = new Set(['until', 'till', 'til', 'by', 'before', 'through', 'to']);

function findSpecialDates(text: string, reference: CivilDate, past: boolean): DateMention[] {
  const mentions: DateMention[] = [];
  const push = (date: CivilDate | null, mentionText: string, index: number) => {
    if (date) mentions.push({ value: formatIsoDate(date), text: mentionText, index });
  };
  for (const match of text.matchAll(DAY_RANGE)) {
    const [first, second, month, year] = match[1]
      ? [Number(match[1]), Number(match[2]), monthNumber(match[3] ?? ''), match[4]]
      : [Number(match[6]), Number(match[7]), monthNumber(match[5] ?? ''), match[8]];
    // Both days share the month: "from 26 to 29 May" is May 26 and May 29.
    const start = year ? valid(Number(year), month, first) : inferYear(month, first, reference, past);
    push(start, match[0], match.index);
    if (start) push(valid(start.year, month, second), match[0], match.index);
  }
  for (const [pattern, month, day] of HOLIDAYS) {
    const match = pattern.exec(text);
    if (!match || mentions.some((mention) => overlapsMention(mention, match.index, match[0].length)))
      continue;
    const year = HOLIDAY_YEAR.exec(text.slice(match.index + match[0].length))?.[1];
    const mentionText = year ? `${match[0]} ${year}` : match[0];
    push(
      year ? valid(Number(year), month, day) : inferYear(month, day, reference, past),
      mentionText,
      match.index,
    );
  }
  for (const match of text.matchAll(MONTH_ALONE)) {
    // "from May Chen": a capitalised word after the month makes it a name.
    if (/^\s+\p{Lu}\p{Ll}/u.test(text.slice(match.index + match[0].length))) continue;
    const month = monthNumber(match[2] ?? '');
    // "May" after "in" is too often the verb ("in may be"); ask for a capital there.
    if (/^may$/i.test(match[2] ?? '') && !/^May/.test(match[2] ?? '')) continue;
    const closing =
      CLOSING_PREPOSITIONS.has((match.groups?.preposition ?? '').toLowerCase()) ||
      /\bend\s+of/i.test(match[0]);
    const anchor = match[3]
      ? valid(Number(match[3]), month, 1)
      : inferYear(month, 1, { ...reference, day: 1 }, past);
    if (!anchor) continue;
    const offset = match[0].length - match[0].replace(/^\S+\s+/, '').length;
    push(
      closing ? { ...anchor, day: daysInMonth(anchor.year, anchor.month) } : anchor,
      match[0].slice(offset),
      match.index + offset,
    );
  }
  for (const match of text.matchAll(YEAR_ALONE)) {
    const preposition = (match[1] ?? '').toLowerCase();
    const year = Number(match[2]);
    const offset = match[0].length - (match[2] ?? '').length;
    push(
      CLOSING_PREPOSITIONS.has(preposition) ? { year, month: 12, day: 31 } : { year, month: 1, day: 1 },
      match[2] ?? '',
      match.index + offset,
    );
  }
  return mentions;
}

function overlapsMention(mention: DateMention, index: number, length: number): boolean {
  return index < mention.index + mention.text.length && index + length > mention.index;
}

/** Finds every date in a text, resolved against the reference date (the turn's own date). */
export function findDates(
  text: string,
  reference: CivilDate,
  options: DateOptions = { dayFirst: true },
): DateMention[] {
  const past = PAST_CUES.test(text);
  const tense: Tense = past ? 'past' : FUTURE_CUES.test(text) ? 'future' : 'unknown';
  const mentions = findSpecialDates(text, reference, past);
  const special = mentions.length;
  DATE_PATTERN.lastIndex = 0;
  for (let match = DATE_PATTERN.exec(text); match; match = DATE_PATTERN.exec(text)) {
    const { index } = match;
    const length = match[0].length;
    if (mentions.slice(0, special).some((mention) => overlapsMention(mention, index, length))) continue;
    // "mon", "wed", "fri" alone in lowercase are words ("mon adresse") more often than days.
    if (match.groups?.weekday && /^(?:mon|tues?|wed|thu|thurs?|fri)$/.test(match[0])) continue;
    const date = resolve(match.groups ?? {}, match, reference, past, options, tense);
    if (date) mentions.push({ value: formatIsoDate(date), text: match[0], index });
  }
  for (const mention of findOtherLanguageDates(text, reference))
    if (!mentions.some((other) => overlapsMention(other, mention.index, mention.text.length)))
      mentions.push(mention);
  return mentions.sort((left, right) => left.index - right.index);
}
