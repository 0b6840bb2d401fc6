/**
 * Evaluates the brief's fact extraction against NLU++ gold slots (banking and hotels, all folds):
 * recall and precision per fact type, with the counts behind them, on a fixed seeded split: the
 * tune part is the only one read while changing the rules; the held-back part is the figure to quote.
 * Each utterance is one customer turn dated 2022-03-15 (the date NLU++ resolves its relative dates
 * against). NLU++ (CC BY 4.0, https://github.com/PolyAI-LDN/task-specific-datasets) is in
 * ../shared/data/nlupp with its licence. A second section scores the hand-written multilingual set
 * of packages/engine/test/data (our own writing, so not evidence on other data).
 * Run alone: `npx tsx scripts/eval/brief.ts` (data from BATON_EVAL_DATA or ../shared/data);
 * BATON_EVAL_VERBOSE=1 lists the misses of the tune part only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBrief } from '../../packages/engine/src/brief/index.ts';
import type { Fact, FactType } from '../../packages/engine/src/brief/index.ts';

const TURN_AT = '2022-03-15T09:00:00Z';
/** NLU++ slot → the fact type that should hold it. Slots absent here have no fact type in the brief. */
const SLOT_TYPES: Record<string, FactType> = {
  amount_of_money: 'amount',
  date: 'date',
  date_from: 'date',
  date_to: 'date',
  person_name: 'person_name',
  company_name: 'company',
  time: 'time',
  time_from: 'time',
  time_to: 'time',
};
const EVALUATED_TYPES: readonly FactType[] = ['amount', 'date', 'time', 'person_name', 'company'];
/** The split's seed: changing it would let held-back rows leak into tuning, so it stays fixed. */
const SPLIT_SEED = 'baton-brief-facts-v1';

interface GoldSlot {
  name: string;
  text: string;
  span: [number, number];
  value?: unknown;
}

interface Example {
  domain: string;
  text: string;
  slots: GoldSlot[];
  part: 'tune' | 'held-back';
}

/** FNV-1a over the seed and the text: a fixed, seeded half of the rows is held back. */
function partOf(domain: string, text: string): 'tune' | 'held-back' {
  let hash = 0x811c9dc5;
  for (const char of `${SPLIT_SEED}:${domain}:${text}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2 === 0 ? 'tune' : 'held-back';
}

interface Counts {
  truePositives: number;
  falsePositives: number;
  /** Predictions that miss every gold slot of their type but overlap a gold slot the brief has no type for. */
  otherSlot: number;
  goldFound: number;
  gold: number;
  /** Dates whose span matched and whose ISO value equals the gold day. */
  valueAgrees: number;
  valueCompared: number;
}

function loadExamples(dataDir: string): Example[] {
  const examples: Example[] = [];
  for (const domain of ['banking', 'hotels']) {
    const folder = join(dataDir, 'nlupp', domain);
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort()) {
      const rows = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
        text: string;
        slots?: Record<string, Omit<GoldSlot, 'name'>>;
      }[];
      for (const row of rows) {
        const slots = Object.entries(row.slots ?? {}).map(([name, slot]) => ({ name, ...slot }));
        examples.push({ domain, text: row.text, slots, part: partOf(domain, row.text) });
      }
    }
  }
  return examples;
}

function overlaps(fact: Fact, slot: GoldSlot): boolean {
  return fact.index < slot.span[1] && fact.index + fact.text.length > slot.span[0];
}

function goldIsoDate(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { day, month, year } = value as { day?: number; month?: number; year?: number };
  if (!day || !month || !year) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function valueMatches(fact: Fact, slot: GoldSlot): boolean {
  if (fact.type === 'date') return goldIsoDate(slot.value) === fact.value;
  if (fact.type === 'time') {
    const gold = slot.value as { hour?: number; minute?: number } | undefined;
    if (gold?.hour === undefined) return false;
    return (
      fact.value === `${String(gold.hour).padStart(2, '0')}:${String(gold.minute ?? 0).padStart(2, '0')}`
    );
  }
  if (fact.type === 'amount') {
    const gold = slot.value as { amount?: number } | undefined;
    return gold?.amount !== undefined && fact.amount?.value === gold.amount;
  }
  return typeof slot.value === 'string' && slot.value.toLowerCase() === fact.value.toLowerCase();
}

function matches(fact: Fact, slot: GoldSlot): boolean {
  return SLOT_TYPES[slot.name] === fact.type && (overlaps(fact, slot) || valueMatches(fact, slot));
}

function emptyCounts(): Counts {
  return {
    truePositives: 0,
    falsePositives: 0,
    otherSlot: 0,
    goldFound: 0,
    gold: 0,
    valueAgrees: 0,
    valueCompared: 0,
  };
}

function score(examples: readonly Example[], counts: Map<FactType, Counts>, misses: string[]): void {
  for (const example of examples) {
    const brief = buildBrief({
      conversationId: 'eval',
      turns: [{ role: 'customer', text: example.text, at: TURN_AT }],
      firings: [],
      now: TURN_AT,
    });
    const facts = brief.facts.filter((fact) => EVALUATED_TYPES.includes(fact.type));
    for (const fact of facts) {
      const count = counts.get(fact.type) ?? emptyCounts();
      const gold = example.slots.find((slot) => matches(fact, slot));
      if (gold) {
        count.truePositives++;
        if (fact.type === 'date' && goldIsoDate(gold.value) !== null && overlaps(fact, gold)) {
          count.valueCompared++;
          if (valueMatches(fact, gold)) count.valueAgrees++;
        }
      } else {
        count.falsePositives++;
        const other = example.slots.find((slot) => !SLOT_TYPES[slot.name] && overlaps(fact, slot));
        if (other) count.otherSlot++;
        if (misses.length < 400)
          misses.push(
            `  FP ${fact.type} "${fact.text}"${other ? ` [gold ${other.name}]` : ''} in: ${example.text}`,
          );
      }
      counts.set(fact.type, count);
    }
    for (const slot of example.slots) {
      const type = SLOT_TYPES[slot.name];
      if (!type) continue;
      const count = counts.get(type) ?? emptyCounts();
      count.gold++;
      if (facts.some((fact) => matches(fact, slot))) count.goldFound++;
      else if (misses.length < 400) misses.push(`  FN ${type} "${slot.text}" in: ${example.text}`);
      counts.set(type, count);
    }
  }
}

function percent(numerator: number, denominator: number): string {
  return denominator === 0 ? '  n/a' : `${((100 * numerator) / denominator).toFixed(1).padStart(5)}%`;
}

function table(title: string, counts: Map<FactType, Counts>): string[] {
  const lines = [
    `${title}`,
    '  type         recall (found/gold)      precision (correct/predicted)  F1     [FP on an unmapped slot]',
  ];
  const total = emptyCounts();
  for (const type of EVALUATED_TYPES) {
    const count = counts.get(type) ?? emptyCounts();
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += count[key];
    lines.push(row(type, count));
  }
  lines.push(row('all mapped', total));
  return lines;
}

function row(label: string, count: Counts): string {
  const predicted = count.truePositives + count.falsePositives;
  const recall = count.gold === 0 ? 0 : count.goldFound / count.gold;
  const precision = predicted === 0 ? 0 : count.truePositives / predicted;
  const f1 = recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
  return (
    `  ${label.padEnd(12)} ${percent(count.goldFound, count.gold)} (${count.goldFound}/${count.gold})`.padEnd(
      40,
    ) +
    ` ${percent(count.truePositives, predicted)} (${count.truePositives}/${predicted})`.padEnd(32) +
    ` ${f1.toFixed(3)}  [${count.otherSlot}]`
  );
}

function addInto(target: Map<FactType, Counts>, source: Map<FactType, Counts>): void {
  for (const [type, count] of source) {
    const sum = target.get(type) ?? emptyCounts();
    for (const key of Object.keys(sum) as (keyof Counts)[]) sum[key] += count[key];
    target.set(type, sum);
  }
}

/** The printable brief section of `npm run eval`. */
export default async function evaluate(dataDir: string): Promise<string> {
  const all = loadExamples(dataDir);
  const heldBack = all.filter((example) => example.part === 'held-back');
  const tune = all.filter((example) => example.part === 'tune');
  const lines = [
    `## brief facts (NLU++ slots, each utterance one customer turn; seeded split "${SPLIT_SEED}": ${tune.length} tune, ${heldBack.length} held back)`,
  ];
  const overall = new Map<FactType, Counts>();
  const misses: string[] = [];
  for (const domain of ['banking', 'hotels']) {
    const counts = new Map<FactType, Counts>();
    const rows = heldBack.filter((example) => example.domain === domain);
    score(rows, counts, []);
    lines.push(...table(`held back, ${domain} (${rows.length} utterances)`, counts));
    addInto(overall, counts);
  }
  lines.push(...table(`held back, both (${heldBack.length} utterances) — the figure to quote`, overall));
  const tuneCounts = new Map<FactType, Counts>();
  score(tune, tuneCounts, misses);
  lines.push(...table(`tune part, both (${tune.length} utterances), for comparison`, tuneCounts));
  const dates = overall.get('date') ?? emptyCounts();
  lines.push(
    `Held-back date values: ${percent(dates.valueAgrees, dates.valueCompared)} (${dates.valueAgrees}/${dates.valueCompared}) of span-matched dates resolve to the gold day`,
    `  (gold reads a yearless date as the next one; the brief reads it as the last one in a past-tense sentence,`,
    '  the next one otherwise, unless it fell within the last 7 days).',
    `Slot mapping: ${Object.entries(SLOT_TYPES)
      .map(([slot, type]) => `${slot}→${type}`)
      .join(', ')};`,
    '  date_period, time_period, number, people, rooms and shopping_category have no fact type and are not scored.',
    'A fact matches when its span overlaps a gold slot of its type or its normalised value equals the gold value.',
    'NLU++ has no places, ids, emails or phones, and is English only: those are scored on the hand-written set below.',
    '',
    ...handWritten(),
  );
  if (process.env['BATON_EVAL_VERBOSE']) lines.push('Misses (tune part only):', ...misses);
  return lines.join('\n');
}

interface HandWrittenRow {
  id: string;
  lang: string;
  turns: string[];
  facts: [FactType, string, number, true?][];
}

/** Recall and precision per type on the hand-written multilingual set (exact type, value and turn). */
function handWritten(): string[] {
  const path = resolve(import.meta.dirname, '../../packages/engine/test/data/brief-facts-multilingual.jsonl');
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HandWrittenRow);
  const counts = new Map<string, { gold: number; found: number; predicted: number; correct: number }>();
  const count = (type: string) => {
    const existing = counts.get(type) ?? { gold: 0, found: 0, predicted: 0, correct: 0 };
    counts.set(type, existing);
    return existing;
  };
  for (const row of rows) {
    const turns = row.turns.map((text, index) => ({
      role: text.startsWith('A:') ? ('agent' as const) : ('customer' as const),
      text: text.replace(/^A:/, ''),
      at: `2026-03-13T09:0${index}:00Z`,
    }));
    const gold = new Set(row.facts.map(([type, value, turn]) => `${type}|${value}|${turn}`));
    const types = new Set(row.facts.map(([type]) => type));
    const found = buildBrief({
      conversationId: row.id,
      turns,
      firings: [],
      now: '2026-03-13T10:00:00Z',
    }).facts.filter(
      (fact) => fact.type !== 'tool_result' && fact.type !== 'product' && fact.type !== 'card_number',
    );
    const predicted = new Set(found.map((fact) => `${fact.type}|${fact.value}|${fact.turn}`));
    for (const key of gold) {
      const entry = count(key.split('|')[0] ?? '');
      entry.gold++;
      if (predicted.has(key)) entry.found++;
    }
    for (const key of predicted) {
      const entry = count(key.split('|')[0] ?? '');
      entry.predicted++;
      if (gold.has(key)) entry.correct++;
    }
    void types;
  }
  const lines = [
    `## brief facts, hand-written multilingual set (${rows.length} conversations in en, es, fr, de, pt; our own writing, used by the tests)`,
    '  type         recall (found/gold)      precision (correct/predicted)',
  ];
  for (const [type, entry] of [...counts.entries()].sort(([left], [right]) => left.localeCompare(right))) {
    lines.push(
      `  ${type.padEnd(12)} ${percent(entry.found, entry.gold)} (${entry.found}/${entry.gold})`.padEnd(40) +
        ` ${percent(entry.correct, entry.predicted)} (${entry.correct}/${entry.predicted})`,
    );
  }
  return lines;
}
if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDir));
}
