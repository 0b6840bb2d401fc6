/**
 * How often the default policy interrupts conversations that went fine: the share of ordinary
 * dialogues (every corpus in dialogues/, and the USS dialogues no rater marked down) in which the
 * engine offers a person or hands off, replayed turn by turn as `baton replay` does. Beside it, the
 * recall the same policy keeps on utterances that should escalate, so a lower rate is not bought
 * with missed requests. Dialogues and utterances are split by a seeded hash of their id: the tune
 * part is the only one read while changing the signals; the figures are the held-back part's.
 * Run alone: `npx tsx scripts/eval/interruption.ts` (BATON_EVAL_EXAMPLES=1 prints tune examples).
 */
import { parse } from 'csv-parse/sync';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isHeldBack } from '../../packages/engine/src/calibration/seeded-split.ts';
import { compilePolicy } from '../../packages/engine/src/policy/compile-policy.ts';
import { defaultPolicy } from '../../packages/engine/src/policy/default-policy.ts';
import { replayTurns } from '../../packages/engine/src/replay-turns.ts';
import type { Role, Turn } from '../../packages/engine/src/types.ts';

const SEED = 2026;
const HELD_BACK = 0.5;
const FRUSTRATION_TRIGGERS = new Set(['customer-frustrated', 'customer-very-frustrated']);

interface Dialogue {
  id: string;
  turns: Turn[];
  /** The corpus's own domain label, where it has one (MultiDoGO). */
  domain?: string;
}

interface Corpus {
  name: string;
  /** The goal: development corpora ≤ 3%, other data ≤ 5%. */
  dialogues: Dialogue[];
}

const AT = '2025-01-01T00:00:00.000Z';
const turn = (role: Role, text: string): Turn => ({ role, text, at: AT });
const ROLE: Record<string, Role> = {
  user: 'customer',
  customer: 'customer',
  system: 'agent',
  assistant: 'agent',
};

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function jsonlIn(folder: string): string {
  const file = readdirSync(folder).find((name) => name.endsWith('.jsonl'));
  if (file === undefined) throw new Error(`no .jsonl in ${folder}`);
  return join(folder, file);
}

interface RecordedDialogue {
  dialogue_id?: string;
  conversation_id?: string;
  domain?: string;
  turns?: { speaker: string; text: string }[];
  customer_turns?: { speaker: string; text: string }[];
}

function loadDialogues(dataDir: string, folder: string, name: string): Corpus {
  const rows = readJsonLines<RecordedDialogue>(jsonlIn(join(dataDir, 'dialogues', folder)));
  return {
    name,
    dialogues: rows.map((row, index) => ({
      id: `${folder}:${row.dialogue_id ?? row.conversation_id ?? index}`,
      domain: row.domain,
      turns: (row.turns ?? row.customer_turns ?? []).map((recorded) =>
        turn(ROLE[recorded.speaker] ?? 'customer', recorded.text),
      ),
    })),
  };
}

/** USS dialogues where every rating of every user turn, and of the whole dialogue, is 3 or more. */
function loadUss(dataDir: string, file: string): Corpus {
  const dialogues: Dialogue[] = [];
  let turns: Turn[] = [];
  let markedDown = false;
  const close = (): void => {
    if (turns.length > 0 && !markedDown) dialogues.push({ id: `${file}:${dialogues.length}`, turns });
    turns = [];
    markedDown = false;
  };
  let index = 0;
  for (const line of readFileSync(join(dataDir, 'uss-satisfaction', `${file}.txt`), 'utf8').split('\n')) {
    if (line.trim() === '') {
      close();
      continue;
    }
    const [role = '', text = '', , ratings = ''] = line.split('\t');
    const scores = ratings
      .split(',')
      .map(Number)
      .filter((value) => Number.isFinite(value) && value > 0);
    if (scores.some((score) => score < 3)) markedDown = true;
    if (text === 'OVERALL') {
      index++;
      continue;
    }
    turns.push(turn(role === 'USER' ? 'customer' : 'agent', text));
  }
  close();
  void index;
  return { name: `USS ${file} (no rating < 3)`, dialogues };
}

interface Interruption {
  trigger: string;
  action: string;
  turn: number;
  text: string;
  evidence: string;
}

const policy = compilePolicy(defaultPolicy);

/** Every offer or handoff the default policy makes while replaying one dialogue. */
function interruptions(dialogue: Dialogue): Interruption[] {
  const found: Interruption[] = [];
  let index = 0;
  for (const { decision } of replayTurns(dialogue.turns, policy)) {
    if (decision.action !== 'continue') {
      const firing = decision.firings.find((candidate) => candidate.trigger === decision.trigger);
      found.push({
        trigger: decision.trigger ?? '?',
        action: decision.action,
        turn: index,
        text: dialogue.turns[index]!.text.slice(0, 140),
        evidence: (firing?.evidence ?? []).join('; ').slice(0, 140),
      });
    }
    index++;
  }
  return found;
}

const percent = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;

function corpusLines(corpus: Corpus, goal: string, examples: string[]): string[] {
  const held = corpus.dialogues.filter((dialogue) => isHeldBack(dialogue.id, SEED, HELD_BACK));
  const tune = corpus.dialogues.filter((dialogue) => !isHeldBack(dialogue.id, SEED, HELD_BACK));
  const measure = (dialogues: Dialogue[]) => {
    let interrupted = 0;
    let withoutFrustration = 0;
    const perTrigger = new Map<string, number>();
    for (const dialogue of dialogues) {
      const found = interruptions(dialogue);
      if (found.length > 0) interrupted++;
      if (found.some((entry) => !FRUSTRATION_TRIGGERS.has(entry.trigger))) withoutFrustration++;
      for (const trigger of new Set(found.map((entry) => entry.trigger)))
        perTrigger.set(trigger, (perTrigger.get(trigger) ?? 0) + 1);
    }
    return { interrupted, withoutFrustration, perTrigger };
  };
  const heldFigures = measure(held);
  const tuneFigures = measure(tune);
  if (process.env['BATON_EVAL_EXAMPLES']) {
    const limit = examples.length + 80;
    for (const dialogue of tune) {
      for (const entry of interruptions(dialogue)) {
        if (examples.length >= limit) break;
        examples.push(
          `  [${corpus.name}] ${entry.trigger} (${entry.action}) turn ${entry.turn}: "${entry.text}" — ${entry.evidence}`,
        );
      }
    }
  }
  const breakdown = [...heldFigures.perTrigger]
    .sort((a, b) => b[1] - a[1])
    .map(([trigger, count]) => `${trigger} ${count}`)
    .join(', ');
  return [
    `  ${corpus.name.padEnd(34)} ${percent(heldFigures.interrupted, held.length).padStart(6)} ` +
      `(${heldFigures.interrupted}/${held.length})  goal ${goal}; without frustration triggers ` +
      `${percent(heldFigures.withoutFrustration, held.length)}; tune part ` +
      `${percent(tuneFigures.interrupted, tune.length)} (${tuneFigures.interrupted}/${tune.length})`,
    `      by trigger (dialogues): ${breakdown === '' ? 'none' : breakdown}`,
    ...domainLines(held),
  ];
}

/** Per domain, where the corpus has domains: a finance chat about a stolen card is a real escalation. */
function domainLines(held: Dialogue[]): string[] {
  const domains = [...new Set(held.flatMap((dialogue) => (dialogue.domain ? [dialogue.domain] : [])))].sort();
  if (domains.length === 0) return [];
  const parts = domains.map((domain) => {
    const inDomain = held.filter((dialogue) => dialogue.domain === domain);
    const interrupted = inDomain.filter((dialogue) => interruptions(dialogue).length > 0).length;
    return `${domain} ${percent(interrupted, inDomain.length)} (${interrupted}/${inDomain.length})`;
  });
  return [`      by domain: ${parts.join(', ')}`];
}

interface Utterance {
  id: string;
  text: string;
  label: string;
}

function parseCsv(path: string): string[][] {
  return parse(readFileSync(path, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
}

function loadUtterances(dataDir: string): Utterance[] {
  const utterances: Utterance[] = [];
  parseCsv(join(dataDir, 'bitext/bitext_20k_utterances.csv'))
    .slice(1)
    .forEach((row, index) =>
      utterances.push({ id: `bitext:${index}`, text: row[1] ?? '', label: `Bitext ${row[3] ?? ''}` }),
    );
  parseCsv(join(dataDir, 'banking77/train.csv'))
    .slice(1)
    .forEach((row, index) =>
      utterances.push({ id: `banking77:${index}`, text: row[0] ?? '', label: `BANKING77 ${row[1] ?? ''}` }),
    );
  for (const domain of ['banking', 'hotels']) {
    const folder = join(dataDir, 'nlupp', domain);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const items = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
        text: string;
        intents?: string[];
      }[];
      items.forEach((item, index) => {
        for (const intent of item.intents ?? [])
          utterances.push({
            id: `nlupp:${domain}:${file}:${index}`,
            text: item.text,
            label: `NLU++ ${domain}/${intent}`,
          });
      });
    }
  }
  return utterances;
}

/** Labels whose utterances should escalate (offer or handoff) under the default policy. */
const SHOULD_ESCALATE = [
  'Bitext contact_human_agent',
  'Bitext get_refund',
  'Bitext cancel_order',
  'Bitext delete_account',
  'BANKING77 compromised_card',
  'BANKING77 card_payment_not_recognised',
  'BANKING77 request_refund',
  'BANKING77 terminate_account',
  'NLU++ banking/handoff',
  'NLU++ hotels/handoff',
];
/**
 * A card reported lost or stolen: the default policy lets the agent block it and order a new one
 * (a safe, reversible act); only money taken with it (fraud) or an account takeover escalates.
 */
const HANDLED_BY_THE_AGENT = ['BANKING77 lost_or_stolen_card', 'NLU++ banking/lost_stolen'];
/** Questions about a rule: an answer, not a person, is what they ask for. */
const QUESTIONS_ABOUT_A_RULE = ['Bitext check_refund_policy', 'Bitext check_cancellation_fee'];

function recallLines(dataDir: string): string[] {
  const held = loadUtterances(dataDir).filter((utterance) => isHeldBack(utterance.id, SEED, HELD_BACK));
  const escalates = (text: string): boolean => {
    for (const { decision } of replayTurns([turn('customer', text)], policy))
      if (decision.action !== 'continue') return true;
    return false;
  };
  const line = (label: string): string => {
    const rows = held.filter((utterance) => utterance.label === label);
    const hits = rows.filter((utterance) => escalates(utterance.text)).length;
    return `  ${label.padEnd(40)} ${percent(hits, rows.length).padStart(6)} (${hits}/${rows.length})`;
  };
  return [
    'Recall beside it: share of single utterances the default policy escalates (offer or handoff), held-back part',
    ...SHOULD_ESCALATE.map(line),
    'Lost or stolen cards (the agent blocks the card itself; escalated only with fraud or a takeover, by design):',
    ...HANDLED_BY_THE_AGENT.map(line),
    'Questions about a rule (answered, not escalated, by design):',
    ...QUESTIONS_ABOUT_A_RULE.map(line),
  ];
}

/** Runs the interruption evaluation and returns a printable report section. */
export default async function evaluate(dataDir: string): Promise<string> {
  const development: Corpus[] = [
    loadDialogues(dataDir, 'sgd', 'SGD (en)'),
    loadDialogues(dataDir, 'taskmaster4', 'Taskmaster-4 coffee (en)'),
    loadDialogues(dataDir, 'multidogo', 'MultiDoGO customer turns (en)'),
    loadDialogues(dataDir, 'crosswoz-zh', 'CrossWOZ (zh)'),
    loadDialogues(dataDir, 'multiwoz-zh', 'MultiWOZ-ZH (zh)'),
    loadUss(dataDir, 'SGD'),
    loadUss(dataDir, 'ReDial'),
  ];
  const examples: string[] = [];
  const lines = [
    '## interruption: offers or handoffs by the default policy in conversations that went fine',
    `Held-back part (seed ${SEED}, ${HELD_BACK * 100}% of dialogues by id); a dialogue counts once, whatever its number of interruptions`,
    ...development.flatMap((corpus) => corpusLines(corpus, '≤ 3%', examples)),
    ...recallLines(dataDir),
  ];
  if (examples.length > 0) lines.push('Tune-part examples:', ...examples);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDir));
}
