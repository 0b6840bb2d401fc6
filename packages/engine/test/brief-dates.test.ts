import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  civilFromDays,
  daysFromCivil,
  formatIsoDate,
  parseTimestamp,
  weekdayOfDays,
} from '../src/brief/calendar.ts';
import { findDates } from '../src/brief/dates.ts';

// Tuesday 15 March 2022.
const TUESDAY = { year: 2022, month: 3, day: 15 };

describe('calendar arithmetic agrees with the platform calendar', () => {
  it('converts day counts both ways and names the weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (days) => {
        const reference = new Date(days * 86_400_000);
        const civil = civilFromDays(days);
        expect(formatIsoDate(civil)).toBe(reference.toISOString().slice(0, 10));
        expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
        expect(weekdayOfDays(days)).toBe(reference.getUTCDay());
      }),
    );
  });

  it('parses ISO timestamps with offsets to the same instant as Date.parse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: -12, max: 14 }),
        fc.constantFrom(0, 30, 45),
        (epochMs, offsetHours, offsetMinutes) => {
          const sign = offsetHours < 0 ? '-' : '+';
          const offset = `${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:${String(offsetMinutes).padStart(2, '0')}`;
          const shift = (offsetHours < 0 ? -1 : 1) * (Math.abs(offsetHours) * 60 + offsetMinutes) * 60_000;
          const local = new Date(epochMs + shift).toISOString().slice(0, 23);
          const text = `${local}${offset}`;
          expect(parseTimestamp(text)?.epochMs).toBe(Date.parse(text));
          expect(formatIsoDate(parseTimestamp(text)!.localDate)).toBe(local.slice(0, 10));
        },
      ),
    );
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-01-15', -13, '2022-12-15'],
  ])('adds months with clamping: %s %+d → %s', (start, months, expected) => {
    const [year, month, day] = start.split('-').map(Number) as [number, number, number];
    expect(formatIsoDate(addMonths({ year, month, day }, months))).toBe(expected);
  });

  it.each(['not a date', '2024-13-01T00:00:00Z', '2023-02-29', ''])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

describe('findDates resolves dates against the turn date', () => {
  it.each([
    // relative days
    ['I lost it yesterday', 'yesterday', '2022-03-14'],
    ['it happened the day before yesterday', 'the day before yesterday', '2022-03-13'],
    ['can you do it tomorrow?', 'tomorrow', '2022-03-16'],
    ['my wallet got stolen last night', 'last night', '2022-03-14'],
    ['cancel todays pedicure', 'todays', '2022-03-15'],
    // counts of units
    ['can i transfer it in 3 days', 'in 3 days', '2022-03-18'],
    ['I paid two weeks ago', 'two weeks ago', '2022-03-01'],
    ['move it to two days from now', 'two days from now', '2022-03-17'],
    ['spent on pharmacy 8 weeks ago', '8 weeks ago', '2022-01-18'],
    ['due in a month', 'in a month', '2022-04-15'],
    // weekdays: the next one in a present sentence, the last one in a past one
    ['I need the money by Wednesday', 'Wednesday', '2022-03-16'],
    ['I paid on Wednesday', 'Wednesday', '2022-03-09'],
    ['i lost my card last Thursday', 'last Thursday', '2022-03-10'],
    ['see you next Tuesday', 'next Tuesday', '2022-03-22'],
    ['staying until Sunday next week', 'Sunday next week', '2022-03-27'],
    ['arrive earlier than Wednesday in a week', 'Wednesday in a week', '2022-03-23'],
    // absolute and partial dates
    ['I started on the 7th of Jan 2018', 'the 7th of Jan 2018', '2018-01-07'],
    ['the Jan the 19th please', 'Jan the 19th', '2023-01-19'],
    ['I was charged on Feb 17', 'Feb 17', '2022-02-17'],
    ['book Saturday 3 December', 'Saturday 3 December', '2022-12-03'],
    ['on 2024-05-07 exactly', '2024-05-07', '2024-05-07'],
    ['on 13/02/2024', '13/02/2024', '2024-02-13'],
    ['can you do the 24th?', 'the 24th', '2022-03-24'],
    ['it was on the 3rd', 'the 3rd', '2022-03-03'],
    ["on New Year's Eve", "New Year's Eve", '2022-12-31'],
    ['since April', 'April', '2021-04-01'],
    ['until May please', 'May', '2022-05-31'],
  ])('%s → %s = %s', (text, mention, value) => {
    const found = findDates(text, TUESDAY);
    expect(found).toContainEqual({ value, text: mention, index: text.indexOf(mention) });
  });

  it('reads a day range sharing one month as two dates', () => {
    expect(findDates('from 26 to 29 May', TUESDAY).map((date) => date.value)).toEqual([
      '2022-05-26',
      '2022-05-29',
    ]);
  });

  it('reads an ambiguous numeric date day-first or month-first as asked', () => {
    expect(findDates('on 05/07/2024', TUESDAY, { dayFirst: true })[0]?.value).toBe('2024-07-05');
    expect(findDates('on 05/07/2024', TUESDAY, { dayFirst: false })[0]?.value).toBe('2024-05-07');
  });

  it.each([
    'the 4th of each month',
    'every Monday',
    'on the first Wednesday of each month',
    'I have taken the 11:05 slot',
    'this month I spent a lot',
    'it was my 3rd attempt',
    'on 31/02/2024',
  ])('finds no date in %j', (text) => {
    expect(findDates(text, TUESDAY)).toEqual([]);
  });
});
