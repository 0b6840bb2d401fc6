/**
 * Evaluates the frustration score: AUROC against USS user-satisfaction ratings (SGD, ReDial), per
 * turn and per dialogue, and on Bitext `complaint` against every other intent.
 * Run alone: `npx tsx scripts/eval/frustration.ts` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureFrustration } from '../../packages/engine/src/signals/frustration.ts';
import { viewText } from '../../packages/engine/src/text.ts';

/** The caller keeps this many previous customer scores for the trend, as the engine does. */
const RECENT_TURNS = 4;
/** Turn-level threshold for the precision/recall line. */
const THRESHOLD = 0.5;

interface Scored {
  score: number;
  positive: boolean;
}

/** Area under the ROC curve by ranks (Mann–Whitney U), ties counted as half. */
export function auroc(items: readonly Scored[]): number {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSumPositives = 0;
  let positives = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end < sorted.length && sorted[end]?.score === sorted[start]?.score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index++) {
      if (sorted[index]?.positive) {
        rankSumPositives += averageRank;
        positives++;
      }
    }
    start = end;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function precisionRecall(items: readonly Scored[], threshold: number): string {
  const flagged = items.filter((item) => item.score >= threshold);
  const truePositives = flagged.filter((item) => item.positive).length;
  const positives = items.filter((item) => item.positive).length;
  const precision = flagged.length === 0 ? 0 : truePositives / flagged.length;
  const recall = positives === 0 ? 0 : truePositives / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return (
    `at score ≥ ${threshold}: precision ${precision.toFixed(3)} (${truePositives}/${flagged.length}), ` +
    `recall ${recall.toFixed(3)} (${truePositives}/${positives}), F1 ${f1.toFixed(3)}`
  );
}

interface Ratings {
  /** More than half the raters gave 1 or 2. */
  majorityLow: boolean;
  /** The mean rating is 2 or less. */
  meanLow: boolean;
}

function readRatings(field: string): Ratings | undefined {
  const ratings = field
    .split(',')
    .map(Number)
    .filter((rating) => Number.isFinite(rating) && rating > 0);
  if (ratings.length === 0) return undefined;
  const low = ratings.filter((rating) => rating <= 2).length;
  const mean = ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length;
  return { majorityLow: low * 2 > ratings.length, meanLow: mean <= 2 };
}

interface UssResult {
  turnsByMajority: Scored[];
  turnsByMean: Scored[];
  dialogues: Scored[];
}

/** Scores every user turn of a USS file, each with its dialogue's previous user scores. */
function scoreUss(path: string): UssResult {
  const result: UssResult = { turnsByMajority: [], turnsByMean: [], dialogues: [] };
  let recent: number[] = [];
  let highest = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') {
      recent = [];
      highest = 0;
      continue;
    }
    const [role, text = '', , ratingField = ''] = line.split('\t');
    if (role !== 'USER') continue;
    const ratings = readRatings(ratingField);
    if (text === 'OVERALL') {
      if (ratings !== undefined) result.dialogues.push({ score: highest, positive: ratings.majorityLow });
      continue;
    }
    const reading = measureFrustration(viewText(text), recent.slice(-RECENT_TURNS));
    recent.push(reading.score);
    highest = Math.max(highest, reading.score);
    if (ratings === undefined) continue;
    result.turnsByMajority.push({ score: reading.score, positive: ratings.majorityLow });
    result.turnsByMean.push({ score: reading.score, positive: ratings.meanLow });
  }
  return result;
}

/** Splits one CSV line of the Bitext file (quoted fields with doubled quotes; no newlines inside). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quoted && character === '"' && line[index + 1] === '"') {
      field += '"';
      index++;
    } else if (character === '"') quoted = !quoted;
    else if (character === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += character;
  }
  fields.push(field);
  return fields;
}

const count = (items: readonly Scored[]): string =>
  `${items.filter((item) => item.positive).length} positive / ${items.length}`;

/** Runs the frustration evaluation and returns a printable report section. */
export default async function evaluate(dataDir: string): Promise<string> {
  const lines = [
    '## frustration',
    'USS (user turns; positive = majority of raters gave 1 or 2; trend fed the previous ' +
      `${RECENT_TURNS} user scores of the dialogue)`,
  ];
  for (const corpus of ['SGD', 'ReDial']) {
    const result = scoreUss(join(dataDir, 'uss-satisfaction', `${corpus}.txt`));
    lines.push(
      `  ${corpus.padEnd(7)} turn AUROC ${auroc(result.turnsByMajority).toFixed(3)} (${count(result.turnsByMajority)}); ` +
        `positive = mean ≤ 2: ${auroc(result.turnsByMean).toFixed(3)} (${count(result.turnsByMean)})`,
      `  ${''.padEnd(7)} dialogue AUROC (highest turn score vs OVERALL majority ≤ 2) ` +
        `${auroc(result.dialogues).toFixed(3)} (${count(result.dialogues)})`,
      `  ${''.padEnd(7)} ${precisionRecall(result.turnsByMajority, THRESHOLD)}`,
    );
  }
  const bitext: Scored[] = [];
  // The same, without the complaint rows that say "complain": how much rests on that one word.
  const withoutKeyword: Scored[] = [];
  const rows = readFileSync(join(dataDir, 'bitext/bitext_20k_utterances.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1);
  for (const row of rows) {
    if (row.trim() === '') continue;
    const fields = splitCsvLine(row);
    const text = fields[1] ?? '';
    const scored = {
      score: measureFrustration(viewText(text), []).score,
      positive: fields[3] === 'complaint',
    };
    bitext.push(scored);
    if (!(scored.positive && /complain/i.test(text))) withoutKeyword.push(scored);
  }
  lines.push(
    `Bitext complaint vs every other intent: AUROC ${auroc(bitext).toFixed(3)} (${count(bitext)})`,
    `  ${precisionRecall(bitext, THRESHOLD)}`,
    `  complaint rows without the word "complain": AUROC ${auroc(withoutKeyword).toFixed(3)} (${count(withoutKeyword)})`,
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDir));
}
