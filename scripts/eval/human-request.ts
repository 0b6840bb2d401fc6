/**
 * Evaluation of the human_request signal on public data, on a fixed, seeded held-back half of every
 * development source: Bitext (contact_human_agent against every other intent), NLU++ (`handoff`,
 * banking and hotels apart), BANKING77 (all negative), xSID (benign assistant requests in seven
 * languages, all negative) and ChatterBot (chit-chat in ten languages, all negative; its questions
 * about the bot reported apart). The hand-written examples of
 * packages/engine/test/data/human-request-examples.jsonl are scored apart: they are tuning data.
 *
 * How the grammar was tuned: written from the grammar of each language, checked against the examples
 * file and the misses of the tune halves (`BATON_EVAL_MISSES=1` lists them, never a held-back row).
 * No pattern was changed by reading a held-back row.
 *
 * Policy for Bitext `contact_customer_service` ("how do I reach customer service?"): left out of
 * precision and recall, reported apart as the share that fires. The detector fires on it when the
 * customer asks to talk or be put through to customer service (a transfer, score 0.9) or names it
 * alone (score 0.7, an offer), not when they ask for its e-mail address or phone number.
 *
 * Run: `npm run eval human-request` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { parse } from 'csv-parse/sync';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { detectAgentUncertainty } from '../../packages/engine/src/signals/agent-uncertainty.ts';
import { detectHumanRequest } from '../../packages/engine/src/signals/human-request.ts';
import { viewText } from '../../packages/engine/src/text.ts';

/** A turn fires when its score reaches this: every graded form counts (explicit, transfer, service, bot refusal). */
const FIRING_SCORE = 0.5;
/** The default policy hands off from this score (explicit requests and transfers); below it, it offers. */
const HANDOFF_SCORE = 0.85;
/** The split: a row is held back when the seeded hash of its source and text is odd. */
const SPLIT_SEED = 'baton-human-request-1';
const EXAMPLES = path.resolve(
  import.meta.dirname,
  '../../packages/engine/test/data/human-request-examples.jsonl',
);
/** ChatterBot files whose statements are questions about the bot itself. */
const BOT_FILES = new Set(['ai.yml', 'IA.yml', 'botprofile.yml', 'perfilbot.yml']);
const showMisses = process.env.BATON_EVAL_MISSES === '1';

interface Counts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

const emptyCounts = (): Counts => ({ truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 });

/** FNV-1a over the seed, the source and the text: the same row always lands in the same half. */
export function isHeldBack(source: string, text: string): boolean {
  let hash = 0x811c9dc5;
  const key = `${SPLIT_SEED}\u0000${source}\u0000${text}`;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash & 1) === 1;
}

function score(text: string): number {
  return detectHumanRequest(viewText(text)).score;
}

function count(counts: Counts, positive: boolean, fired: boolean): void {
  if (positive && fired) counts.truePositive++;
  else if (positive) counts.falseNegative++;
  else if (fired) counts.falsePositive++;
  else counts.trueNegative++;
}

const ratio = (numerator: number, denominator: number): string =>
  denominator === 0 ? '  n/a' : (numerator / denominator).toFixed(3);

function formatRow(name: string, counts: Counts): string {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn } = counts;
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  const cells = [ratio(tp, tp + fp), ratio(tp, tp + fn), Number.isFinite(f1) ? f1.toFixed(3) : '  n/a'];
  return `  ${name.padEnd(38)} P ${cells[0]}  R ${cells[1]}  F1 ${cells[2]}   TP ${tp}  FP ${fp}  FN ${fn}  TN ${tn}`;
}

function formatRate(name: string, fired: number, total: number): string {
  return `  ${name.padEnd(38)} fires on ${String(fired).padStart(4)} of ${String(total).padStart(5)} (${ratio(fired, total)})`;
}

/** Prints a miss of a tune half, never of a held-back one (`BATON_EVAL_MISSES=1`). */
function reportMiss(source: string, heldBack: boolean, expected: string, text: string, got: number): void {
  if (showMisses && !heldBack)
    console.error(`[tune miss] ${source} expected ${expected} got ${got}: ${text}`);
}

/** Parses a CSV file with a header row (RFC 4180, with its BOM) into records by column name. */
function parseCsv(content: string): Record<string, string>[] {
  return parse(content, {
    bom: true,
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

async function readJsonLines<T>(file: string): Promise<T[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

async function evaluateBitext(dataDirectory: string): Promise<string[]> {
  const rows = parseCsv(await readFile(path.join(dataDirectory, 'bitext/bitext_20k_utterances.csv'), 'utf8'));
  const held = emptyCounts();
  const tune = emptyCounts();
  const heldHandoff = emptyCounts();
  const byFlag = new Map<string, Counts>();
  let customerService = 0;
  let customerServiceFired = 0;
  let customerServiceHandoff = 0;
  for (const row of rows) {
    const text = row.utterance ?? '';
    const heldBack = isHeldBack('bitext', text);
    const value = score(text);
    const fired = value >= FIRING_SCORE;
    if (row.intent === 'contact_customer_service') {
      if (!heldBack) continue;
      customerService++;
      if (fired) customerServiceFired++;
      if (value >= HANDOFF_SCORE) customerServiceHandoff++;
      continue;
    }
    const positive = row.intent === 'contact_human_agent';
    if (positive !== fired) reportMiss('bitext', heldBack, positive ? 'request' : 'none', text, value);
    if (!heldBack) {
      count(tune, positive, fired);
      continue;
    }
    count(held, positive, fired);
    count(heldHandoff, positive, value >= HANDOFF_SCORE);
    for (const flag of ['Z', 'Q', 'W']) {
      if (!(row.flags ?? '').includes(flag)) continue;
      const counts = byFlag.get(flag) ?? emptyCounts();
      count(counts, positive, fired);
      byFlag.set(flag, counts);
    }
  }
  const flagNames: Record<string, string> = { Z: 'typos', Q: 'colloquial', W: 'offensive' };
  return [
    'Bitext, en (contact_human_agent vs 25 other intents; contact_customer_service apart):',
    formatRow('held back', held),
    formatRow(`held back, handoff level (>= ${HANDOFF_SCORE})`, heldHandoff),
    ...[...byFlag].map(([flag, counts]) => formatRow(`held back, flag ${flag} (${flagNames[flag]})`, counts)),
    formatRow('tune half (for comparison)', tune),
    `  contact_customer_service, held back (reported apart): fires on ${customerServiceFired} of ${customerService} (${ratio(customerServiceFired, customerService)}), at handoff level on ${customerServiceHandoff}`,
  ];
}

async function evaluateNluPlusPlus(dataDirectory: string, domain: string): Promise<string[]> {
  const folder = path.join(dataDirectory, 'nlupp', domain);
  const files = (await readdir(folder)).filter((name) => /^fold\d+\.json$/.test(name)).sort();
  const held = emptyCounts();
  const tune = emptyCounts();
  for (const file of files) {
    const items = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as {
      text: string;
      intents?: string[];
    }[];
    for (const item of items) {
      const heldBack = isHeldBack(`nlupp-${domain}`, item.text);
      const positive = item.intents?.includes('handoff') ?? false;
      const value = score(item.text);
      if (positive !== value >= FIRING_SCORE)
        reportMiss(`nlupp-${domain}`, heldBack, positive ? 'request' : 'none', item.text, value);
      count(heldBack ? held : tune, positive, value >= FIRING_SCORE);
    }
  }
  return [
    formatRow(`NLU++ ${domain}, en, held back`, held),
    formatRow(`NLU++ ${domain}, en, tune half`, tune),
  ];
}

async function evaluateBanking77(dataDirectory: string): Promise<string> {
  const rows = parseCsv(await readFile(path.join(dataDirectory, 'banking77/train.csv'), 'utf8'));
  let total = 0;
  let fired = 0;
  for (const row of rows) {
    const text = row.text ?? '';
    if (!isHeldBack('banking77', text)) continue;
    total++;
    if (score(text) >= FIRING_SCORE) fired++;
  }
  return formatRate('BANKING77, en, held back (all negative)', fired, total);
}

/** A false-positive rate per language over the held-back rows of an all-negative source. */
async function evaluateNegatives(dataDirectory: string, source: 'xsid' | 'chatterbot'): Promise<string[]> {
  const file =
    source === 'xsid' ? 'xsid/xsid_v0.7_negatives.jsonl' : 'chatterbot/chatterbot_user_statements.jsonl';
  const rows = await readJsonLines<{ lang: string; text: string; file?: string }>(
    path.join(dataDirectory, file),
  );
  const benign = new Map<string, [fired: number, total: number]>();
  const bot = new Map<string, [fired: number, labelled: number, total: number]>();
  for (const row of rows) {
    const heldBack = isHeldBack(source, `${row.lang}:${row.text}`);
    const reading = detectHumanRequest(viewText(row.text));
    if (reading.score >= FIRING_SCORE)
      reportMiss(`${source}-${row.lang}`, heldBack, 'none', row.text, reading.score);
    if (!heldBack) continue;
    const fired = reading.score >= FIRING_SCORE ? 1 : 0;
    if (source === 'chatterbot' && BOT_FILES.has(row.file ?? '')) {
      const [f, l, t] = bot.get(row.lang) ?? [0, 0, 0];
      bot.set(row.lang, [f + fired, l + ((reading.labels ?? []).includes('bot_question') ? 1 : 0), t + 1]);
      continue;
    }
    const [f, t] = benign.get(row.lang) ?? [0, 0];
    benign.set(row.lang, [f + fired, t + 1]);
  }
  const name = source === 'xsid' ? 'xSID' : 'ChatterBot';
  const lines = [`${name}, held back, all negative (false-positive rate per language):`];
  let allFired = 0;
  let allTotal = 0;
  for (const [lang, [fired, total]] of [...benign].sort()) {
    lines.push(formatRate(`${lang}`, fired, total));
    allFired += fired;
    allTotal += total;
  }
  lines.push(formatRate('all languages', allFired, allTotal));
  if (bot.size > 0) {
    lines.push(
      `${name} questions about the bot (ai/botprofile files), held back: read as requests, and labelled bot_question:`,
    );
    let botFired = 0;
    let botTotal = 0;
    for (const [lang, [fired, labelled, total]] of [...bot].sort()) {
      lines.push(`${formatRate(lang, fired, total)}, labelled ${labelled}`);
      botFired += fired;
      botTotal += total;
    }
    lines.push(formatRate('all languages', botFired, botTotal));
  }
  return lines;
}

interface Example {
  lang: string;
  text: string;
  label: 'person' | 'service' | 'none' | 'bot_question';
  form: string;
}

/** The hand-written examples per language: tuning data, scored apart, never an evaluation. */
async function evaluateExamples(): Promise<string[]> {
  const rows = await readJsonLines<Example>(EXAMPLES);
  const byLanguage = new Map<string, Counts>();
  let botQuestions = 0;
  let botQuestionsFired = 0;
  let wrongLevel = 0;
  for (const row of rows) {
    const value = score(row.text);
    const positive = row.label === 'person' || row.label === 'service';
    const counts = byLanguage.get(row.lang) ?? emptyCounts();
    count(counts, positive, value >= FIRING_SCORE);
    byLanguage.set(row.lang, counts);
    if (row.label === 'bot_question') {
      botQuestions++;
      if (value >= FIRING_SCORE) botQuestionsFired++;
    }
    // A person asked for hands off; a service named alone only offers.
    if (row.label === 'person' && value >= FIRING_SCORE && value < HANDOFF_SCORE) wrongLevel++;
    if (row.label === 'service' && value >= HANDOFF_SCORE) wrongLevel++;
  }
  return [
    `Hand-written examples (tuning data, not an evaluation; ${path.relative(process.cwd(), EXAMPLES)}):`,
    ...[...byLanguage].map(([lang, counts]) => formatRow(lang, counts)),
    `  questions about the bot read as requests: ${botQuestionsFired} of ${botQuestions}; requests at the wrong level (person offered, service handed off): ${wrongLevel}`,
  ];
}

/** USS user turns (SGD services, ReDial films): nobody there asks for a person, so each firing is read as a false alarm. */
async function evaluateUssUserTurns(dataDirectory: string): Promise<string> {
  let turns = 0;
  let fired = 0;
  for (const file of ['SGD.txt', 'ReDial.txt']) {
    const content = await readFile(path.join(dataDirectory, 'uss-satisfaction', file), 'utf8');
    for (const [role, text = ''] of content.split('\n').map((line) => line.split('\t'))) {
      if (role !== 'USER') continue;
      turns++;
      if (score(text) >= FIRING_SCORE) fired++;
    }
  }
  return `  USS user turns (SGD + ReDial, no requests for a person): fires on ${fired} of ${turns} (${ratio(fired, turns)})`;
}

/** A fallback ("I can't help with that") or a task the agent says it could not do ("I was unable to book"). */
function isFailureReading(values: Readonly<Record<string, number>> | undefined): boolean {
  return values?.['fallback'] === 1 || values?.['failure'] === 1;
}

/**
 * A proxy for agent_uncertainty: SGD system turns whose dialogue act is NOTIFY_FAILURE ("Sorry, I
 * couldn't book that") against the others. The file lists one act per turn, so a failure told inside
 * an INFORM turn counts as a false positive here; read precision as a lower bound.
 */
async function evaluateAgentUncertainty(dataDirectory: string): Promise<string[]> {
  const counts = emptyCounts();
  let redialTurns = 0;
  let redialFired = 0;
  const systemTurns = async (file: string) =>
    (await readFile(path.join(dataDirectory, 'uss-satisfaction', file), 'utf8'))
      .split('\n')
      .map((line) => line.split('\t'))
      .filter(([role]) => role === 'SYSTEM');
  for (const [, text = '', act = ''] of await systemTurns('SGD.txt')) {
    count(
      counts,
      act.includes('NOTIFY_FAILURE'),
      isFailureReading(detectAgentUncertainty(viewText(text)).values),
    );
  }
  for (const [, text = ''] of await systemTurns('ReDial.txt')) {
    redialTurns++;
    if (detectAgentUncertainty(viewText(text)).score >= FIRING_SCORE) redialFired++;
  }
  return [
    'agent_uncertainty (proxy; see the note in scripts/eval/human-request.ts):',
    formatRow('SGD fallback or failed task vs NOTIFY_FAILURE', counts),
    `  ReDial system turns (chit-chat about films) scoring >= ${FIRING_SCORE}: ${redialFired} of ${redialTurns} (${ratio(redialFired, redialTurns)})`,
  ];
}

/** Measures the human_request signal on the public data and returns a printable report section. */
export default async function evaluate(dataDir: string): Promise<string> {
  const lines = [
    `human_request (fires at score >= ${FIRING_SCORE}; held back = the seeded half "${SPLIT_SEED}" of each source)`,
    'Tuned on: the hand-written examples and the tune halves (misses only). Never read: the held-back halves.',
    ...(await evaluateBitext(dataDir)),
    'NLU++ (positive = has the handoff intent; all 20 folds):',
    ...(await evaluateNluPlusPlus(dataDir, 'banking')),
    ...(await evaluateNluPlusPlus(dataDir, 'hotels')),
    await evaluateBanking77(dataDir),
    ...(await evaluateNegatives(dataDir, 'xsid')),
    ...(await evaluateNegatives(dataDir, 'chatterbot')),
    await evaluateUssUserTurns(dataDir),
    ...(await evaluateExamples()),
    ...(await evaluateAgentUncertainty(dataDir)),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDirectory =
    process.env.BATON_EVAL_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDirectory));
}
