/**
 * The brief's facts on hand-written conversations in en, es, fr, de and pt (see test/data/README.md):
 * each row lists every fact of the scored types, so a missed fact and an extra one both fail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../src/brief/facts.ts';
import type { FactType } from '../src/brief/schema.ts';
import type { Turn } from '../src/types.ts';

interface Row {
  id: string;
  lang: string;
  turns: string[];
  facts: [FactType, string, number, true?][];
}

const SCORED: ReadonlySet<FactType> = new Set<FactType>([
  'order_id',
  'tracking_id',
  'ticket_id',
  'invoice_id',
  'account_id',
  'username',
  'email',
  'phone',
  'amount',
  'date',
  'time',
  'address',
  'place',
  'person_name',
  'company',
]);

const rows: Row[] = readFileSync(new URL('./data/brief-facts-multilingual.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Row);

function turnsOf(row: Row): Turn[] {
  return row.turns.map((text, index) => ({
    role: text.startsWith('A:') ? 'agent' : 'customer',
    text: text.replace(/^A:/, ''),
    at: `2026-03-13T09:0${index}:00Z`,
  }));
}

describe('hand-written multilingual facts', () => {
  it('covers every language with places, names and corrections', () => {
    for (const lang of ['en', 'es', 'fr', 'de', 'pt']) {
      const ofLanguage = rows.filter((row) => row.lang === lang);
      expect(ofLanguage.length, lang).toBeGreaterThanOrEqual(5);
      expect(
        ofLanguage.some((row) => row.facts.some(([type]) => type === 'place')),
        lang,
      ).toBe(true);
      expect(
        ofLanguage.some((row) => row.facts.some(([type]) => type === 'person_name')),
        lang,
      ).toBe(true);
    }
  });

  it.each(rows.map((row) => [row.id, row] as const))('%s', (_id, row) => {
    const found = extractFacts(turnsOf(row), { dayFirst: true })
      .filter((fact) => SCORED.has(fact.type))
      .map((fact) => [fact.type, fact.value, fact.turn, ...(fact.superseded ? [true] : [])]);
    const sort = (list: unknown[][]) => list.map((item) => JSON.stringify(item)).sort();
    expect(sort(found)).toEqual(sort(row.facts));
  });
});
