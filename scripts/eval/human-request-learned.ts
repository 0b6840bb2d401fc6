/**
 * Does a learned scorer help the human_request grammar across sources? Trains a logistic regression
 * over hashed character n-grams (fixed seed) on the tune half of Bitext, then scores, on the held-back
 * halves of the other sources, the grammar alone, the learned scorer alone and the two together
 * (fires when either fires). Measurement only: nothing here ships in the engine.
 *
 * Run: `npx tsx scripts/eval/human-request-learned.ts` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { parse } from 'csv-parse/sync';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { detectHumanRequest } from '../../packages/engine/src/signals/human-request.ts';
import { viewText } from '../../packages/engine/src/text.ts';
import { isHeldBack } from './human-request.ts';

const SEED = 20261203;
const BUCKETS = 1 << 18;
const EPOCHS = 6;
const LEARNING_RATE = 0.2;
const L2 = 1e-6;

/** A small seeded generator (mulberry32), so training is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hashed character 2- to 4-grams of the lowercased text, padded with spaces. */
function features(text: string): number[] {
  const padded = ` ${viewText(text).lower} `;
  const seen = new Set<number>();
  for (let n = 2; n <= 4; n++) {
    for (let index = 0; index + n <= padded.length; index++) {
      let hash = 0x811c9dc5 ^ n;
      for (let k = index; k < index + n; k++) hash = Math.imul(hash ^ padded.charCodeAt(k), 0x01000193);
      seen.add((hash >>> 0) % BUCKETS);
    }
  }
  return [...seen];
}

class Logistic {
  readonly weights = new Float64Array(BUCKETS);
  bias = 0;
  probability(indices: readonly number[]): number {
    let sum = this.bias;
    for (const index of indices) sum += this.weights[index] ?? 0;
    return 1 / (1 + Math.exp(-sum));
  }
  train(rows: { x: number[]; y: number }[], next: () => number): void {
    const positives = rows.filter((row) => row.y === 1).length;
    const positiveWeight = (rows.length - positives) / Math.max(1, positives);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const order = rows.map((_, index) => index);
      for (let index = order.length - 1; index > 0; index--) {
        const swap = Math.floor(next() * (index + 1));
        [order[index], order[swap]] = [order[swap]!, order[index]!];
      }
      for (const position of order) {
        const row = rows[position]!;
        const error = (this.probability(row.x) - row.y) * (row.y === 1 ? positiveWeight : 1);
        const step = LEARNING_RATE / Math.sqrt(row.x.length);
        for (const feature of row.x)
          this.weights[feature] = (this.weights[feature] ?? 0) * (1 - L2) - step * error;
        this.bias -= step * error;
      }
    }
  }
}

interface Row {
  text: string;
  positive: boolean;
}

const parseCsv = (content: string) =>
  parse(content, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<
    string,
    string
  >[];

async function sources(dataDirectory: string) {
  const bitext = parseCsv(
    await readFile(path.join(dataDirectory, 'bitext/bitext_20k_utterances.csv'), 'utf8'),
  )
    .filter((row) => row.intent !== 'contact_customer_service')
    .map((row) => ({ text: row.utterance ?? '', positive: row.intent === 'contact_human_agent' }));
  const nlupp: Row[] = [];
  for (const domain of ['banking', 'hotels']) {
    const folder = path.join(dataDirectory, 'nlupp', domain);
    for (const file of (await readdir(folder)).filter((name) => /^fold\d+\.json$/.test(name))) {
      const items = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as {
        text: string;
        intents?: string[];
      }[];
      for (const item of items)
        if (isHeldBack(`nlupp-${domain}`, item.text))
          nlupp.push({ text: item.text, positive: item.intents?.includes('handoff') ?? false });
    }
  }
  const banking77 = parseCsv(await readFile(path.join(dataDirectory, 'banking77/train.csv'), 'utf8'))
    .filter((row) => isHeldBack('banking77', row.text ?? ''))
    .map((row) => ({ text: row.text ?? '', positive: false }));
  const jsonLines = async (file: string) =>
    (await readFile(path.join(dataDirectory, file), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { lang: string; text: string });
  const negatives = async (file: string, source: string) =>
    (await jsonLines(file))
      .filter((row) => isHeldBack(source, `${row.lang}:${row.text}`))
      .map((row) => ({ text: row.text, positive: false }));
  const examples = (
    await readFile(
      path.resolve(import.meta.dirname, '../../packages/engine/test/data/human-request-examples.jsonl'),
      'utf8',
    )
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; label: string })
    .map((row) => ({ text: row.text, positive: row.label === 'person' || row.label === 'service' }));
  return {
    train: bitext.filter((row) => !isHeldBack('bitext', row.text)),
    evaluate: {
      'Bitext held back (same source)': bitext.filter((row) => isHeldBack('bitext', row.text)),
      'NLU++ held back': nlupp,
      'BANKING77 held back': banking77,
      'xSID held back': await negatives('xsid/xsid_v0.7_negatives.jsonl', 'xsid'),
      'ChatterBot held back': await negatives('chatterbot/chatterbot_user_statements.jsonl', 'chatterbot'),
      'hand-written examples (9 languages)': examples,
    },
  };
}

function figures(rows: Row[], fires: (text: string) => boolean): string {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const fired = fires(row.text);
    if (row.positive && fired) tp++;
    else if (row.positive) fn++;
    else if (fired) fp++;
  }
  const negatives = rows.filter((row) => !row.positive).length;
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  const show = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : '  n/a');
  return `P ${show(precision)} R ${show(recall)} F1 ${show(f1)} FPR ${show(fp / negatives)} (TP ${tp} FP ${fp} FN ${fn})`;
}

/** Trains on the Bitext tune half and prints the comparison. */
export default async function evaluate(dataDirectory: string): Promise<string> {
  const { train, evaluate: sets } = await sources(dataDirectory);
  const model = new Logistic();
  model.train(
    train.map((row) => ({ x: features(row.text), y: row.positive ? 1 : 0 })),
    random(SEED),
  );
  const grammar = (text: string) => detectHumanRequest(viewText(text)).score >= 0.5;
  const learned = (text: string) => model.probability(features(text)) >= 0.5;
  const lines = [
    `human_request: grammar vs a learned scorer (char 2-4-grams, logistic regression, seed ${SEED}, trained on the Bitext tune half)`,
  ];
  for (const [name, rows] of Object.entries(sets)) {
    lines.push(`${name}:`);
    lines.push(`  grammar            ${figures(rows, grammar)}`);
    lines.push(`  learned            ${figures(rows, learned)}`);
    lines.push(`  grammar or learned ${figures(rows, (text) => grammar(text) || learned(text))}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDirectory =
    process.env.BATON_EVAL_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDirectory));
}
