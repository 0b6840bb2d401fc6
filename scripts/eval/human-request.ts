/**
 * Evaluation of the human_request signal on public data: Bitext (contact_human_agent against every
 * other intent), NLU++ (`handoff`, banking and hotels apart) and BANKING77 (all negative).
 *
 * Policy for Bitext `contact_customer_service` ("how do I reach customer service?"): left out of
 * precision and recall, reported apart as the share that fires. The detector fires on it only when
 * the customer asks to talk or be put through to customer service (a department transfer, score
 * 0.8), not when they ask for its e-mail address or phone number.
 *
 * Run: `npx tsx scripts/eval/human-request.ts` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { parse } from 'csv-parse/sync';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { detectAgentUncertainty } from '../../packages/engine/src/signals/agent-uncertainty.ts';
import { detectHumanRequest } from '../../packages/engine/src/signals/human-request.ts';
import { viewText } from '../../packages/engine/src/text.ts';

/** A turn fires when its score reaches this: every graded form counts (explicit, department, bot refusal). */
const FIRING_SCORE = 0.5;

interface Counts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

const emptyCounts = (): Counts => ({ truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 });

function fires(text: string): boolean {
  return detectHumanRequest(viewText(text)).score >= FIRING_SCORE;
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
  return `  ${name.padEnd(34)} P ${cells[0]}  R ${cells[1]}  F1 ${cells[2]}   TP ${tp}  FP ${fp}  FN ${fn}  TN ${tn}`;
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

async function evaluateBitext(dataDirectory: string): Promise<string[]> {
  const rows = parseCsv(await readFile(path.join(dataDirectory, 'bitext/bitext_20k_utterances.csv'), 'utf8'));
  const all = emptyCounts();
  const byFlag = new Map<string, Counts>();
  const explicitOnly = emptyCounts();
  let customerService = 0;
  let customerServiceFired = 0;
  let customerServiceExplicit = 0;
  for (const row of rows) {
    const text = row.utterance ?? '';
    const score = detectHumanRequest(viewText(text)).score;
    const fired = score >= FIRING_SCORE;
    if (row.intent === 'contact_customer_service') {
      customerService++;
      if (fired) customerServiceFired++;
      if (score === 1) customerServiceExplicit++;
      continue;
    }
    const positive = row.intent === 'contact_human_agent';
    count(all, positive, fired);
    count(explicitOnly, positive, score === 1);
    for (const flag of ['Z', 'Q', 'W', 'D']) {
      if (!(row.flags ?? '').includes(flag)) continue;
      const counts = byFlag.get(flag) ?? emptyCounts();
      count(counts, positive, fired);
      byFlag.set(flag, counts);
    }
  }
  const flagNames: Record<string, string> = {
    Z: 'typos',
    Q: 'colloquial',
    W: 'offensive',
    D: 'indirect ("ask an agent")',
  };
  return [
    'Bitext (contact_human_agent vs 25 other intents; contact_customer_service left out):',
    formatRow('all', all),
    formatRow('all, explicit only (score 1)', explicitOnly),
    ...[...byFlag].map(([flag, counts]) => formatRow(`flag ${flag} (${flagNames[flag]})`, counts)),
    `  contact_customer_service (reported apart): fires on ${customerServiceFired} of ${customerService} (${ratio(customerServiceFired, customerService)}), explicitly (score 1) on ${customerServiceExplicit}`,
  ];
}

async function evaluateNluPlusPlus(dataDirectory: string, domain: string): Promise<string> {
  const folder = path.join(dataDirectory, 'nlupp', domain);
  const files = (await readdir(folder)).filter((name) => /^fold\d+\.json$/.test(name)).sort();
  const counts = emptyCounts();
  for (const file of files) {
    const items = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as {
      text: string;
      intents?: string[];
    }[];
    for (const item of items) count(counts, item.intents?.includes('handoff') ?? false, fires(item.text));
  }
  return formatRow(`NLU++ ${domain} (handoff)`, counts);
}

async function evaluateBanking77(dataDirectory: string): Promise<string> {
  const rows = parseCsv(await readFile(path.join(dataDirectory, 'banking77/train.csv'), 'utf8'));
  let fired = 0;
  for (const row of rows) if (fires(row.text ?? '')) fired++;
  return `  BANKING77 (all negative): false-positive rate ${ratio(fired, rows.length)} (FP ${fired} of ${rows.length})`;
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
      if (fires(text)) fired++;
    }
  }
  return `  USS user turns (SGD + ReDial, no requests for a person): fires on ${fired} of ${turns} (${ratio(fired, turns)})`;
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
      detectAgentUncertainty(viewText(text)).values?.fallback === 1,
    );
  }
  for (const [, text = ''] of await systemTurns('ReDial.txt')) {
    redialTurns++;
    if (detectAgentUncertainty(viewText(text)).score >= FIRING_SCORE) redialFired++;
  }
  return [
    'agent_uncertainty (proxy; see the note in scripts/eval/human-request.ts):',
    formatRow('SGD fallback vs NOTIFY_FAILURE', counts),
    `  ReDial system turns (chit-chat about films) scoring >= ${FIRING_SCORE}: ${redialFired} of ${redialTurns} (${ratio(redialFired, redialTurns)})`,
  ];
}

/** Measures the human_request signal on the public data and returns a printable report section. */
export default async function evaluate(dataDir: string): Promise<string> {
  const lines = [
    `human_request (fires at score >= ${FIRING_SCORE})`,
    ...(await evaluateBitext(dataDir)),
    'NLU++ (positive = has the handoff intent; all 20 folds):',
    await evaluateNluPlusPlus(dataDir, 'banking'),
    await evaluateNluPlusPlus(dataDir, 'hotels'),
    await evaluateBanking77(dataDir),
    await evaluateUssUserTurns(dataDir),
    ...(await evaluateAgentUncertainty(dataDir)),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDirectory =
    process.env.BATON_EVAL_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDirectory));
}
