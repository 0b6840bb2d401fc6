/**
 * How well the customer's language is detected when none is given (language-detection.ts): per
 * language precision and recall, and the share left `unknown`, on single customer utterances in
 * many languages (xSID, ChatterBot, and English from Bitext, NLU++ and Banking77), and on whole
 * dialogues whose customer turns accumulate as the server does (CrossWOZ and MultiWOZ-ZH in
 * Chinese; SGD, Taskmaster-4 and MultiDoGO in English, where any non-English answer is a false
 * routing). Each source is split by a seeded hash of its row id (xSID by its parallel sentence id,
 * so no translation of a held-back sentence is tuned on): the thresholds are chosen on the tune half
 * only, and every figure below is the held-back half's.
 * Run alone: `npx tsx scripts/eval.ts language`.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isHeldBack } from '../../packages/engine/src/calibration/seeded-split.ts';
import {
  DEFAULT_THRESHOLDS,
  detectSample,
  extendSample,
  loadLanguageDetector,
  type DetectionThresholds,
  type DetectedLanguage,
} from '../../packages/server/src/service/language-detection.ts';

const SEED = 2026;
const HELD_BACK = 0.5;
/** A wrong language routes a customer to people who cannot read them; unknown only falls back. */
const WRONG_COST = 4;
/** Dialogues are followed for this many customer turns (the sample is bounded anyway). */
const MAX_DIALOGUE_TURNS = 12;

type Detector = Awaited<ReturnType<typeof loadLanguageDetector>>;

interface Utterance {
  id: string;
  source: string;
  language: string;
  text: string;
}

interface Dialogue {
  id: string;
  source: string;
  language: string;
  customerTurns: string[];
}

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function loadUtterances(dataDir: string): Utterance[] {
  const rows: Utterance[] = [];
  for (const row of readJsonLines<{ lang: string; split: string; id: string; text: string }>(
    join(dataDir, 'xsid', 'xsid_v0.7_negatives.jsonl'),
  )) {
    rows.push({ id: `xsid:${row.split}:${row.id}`, source: 'xSID', language: row.lang, text: row.text });
  }
  for (const row of readJsonLines<{ lang: string; file: string; text: string }>(
    join(dataDir, 'chatterbot', 'chatterbot_user_statements.jsonl'),
  )) {
    const language = row.lang.split('-')[0]!;
    rows.push({ id: `chatterbot:${row.lang}:${row.text}`, source: 'ChatterBot', language, text: row.text });
  }
  const bitext = parse(readFileSync(join(dataDir, 'bitext', 'bitext_20k_utterances.csv')), {
    columns: true,
  }) as { utterance: string }[];
  bitext.forEach((row, index) =>
    rows.push({ id: `bitext:${index}`, source: 'Bitext', language: 'en', text: row.utterance }),
  );
  const banking = parse(readFileSync(join(dataDir, 'banking77', 'train.csv')), { columns: true }) as {
    text: string;
  }[];
  banking.forEach((row, index) =>
    rows.push({ id: `banking77:${index}`, source: 'Banking77', language: 'en', text: row.text }),
  );
  for (const domain of ['banking', 'hotels']) {
    const folder = join(dataDir, 'nlupp', domain);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const fold = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { text: string }[];
      fold.forEach((row, index) =>
        rows.push({
          id: `nlupp:${domain}:${file}:${index}`,
          source: 'NLU++',
          language: 'en',
          text: row.text,
        }),
      );
    }
  }
  return rows;
}

function loadDialogues(dataDir: string): Dialogue[] {
  const corpora: [string, string, string][] = [
    ['crosswoz-zh', 'CrossWOZ', 'zh'],
    ['multiwoz-zh', 'MultiWOZ-ZH', 'zh'],
    ['sgd', 'SGD', 'en'],
    ['taskmaster4', 'Taskmaster-4', 'en'],
    ['multidogo', 'MultiDoGO', 'en'],
  ];
  const dialogues: Dialogue[] = [];
  for (const [folder, source, language] of corpora) {
    const directory = join(dataDir, 'dialogues', folder);
    const file = readdirSync(directory).find((name) => name.endsWith('.jsonl'))!;
    readJsonLines<{
      dialogue_id?: string;
      conversation_id?: string;
      turns?: { speaker: string; text: string }[];
      customer_turns?: { speaker: string; text: string }[];
    }>(join(directory, file)).forEach((row, index) => {
      const turns = row.turns ?? row.customer_turns ?? [];
      dialogues.push({
        id: `${folder}:${row.dialogue_id ?? row.conversation_id ?? index}`,
        source,
        language,
        customerTurns: turns
          .filter((turn) => turn.speaker === 'user' || turn.speaker === 'customer')
          .map((turn) => turn.text),
      });
    });
  }
  return dialogues;
}

/** The detector's answer for one customer utterance, as its first turn. */
type Judge = (row: Utterance, thresholds: DetectionThresholds) => string;

interface Tally {
  truth: Map<string, number>;
  detected: Map<string, number>;
  correct: Map<string, number>;
  unknown: Map<string, number>;
}

function tally(pairs: Iterable<[truth: string, answer: string]>): Tally {
  const result: Tally = { truth: new Map(), detected: new Map(), correct: new Map(), unknown: new Map() };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const [truth, answer] of pairs) {
    add(result.truth, truth);
    if (answer === 'unknown') add(result.unknown, truth);
    else {
      add(result.detected, answer);
      if (answer === truth) add(result.correct, truth);
    }
  }
  return result;
}

const pct = (part: number, whole: number) =>
  whole === 0 ? '   n/a' : `${((100 * part) / whole).toFixed(1)}%`.padStart(6);

function tallyTable(result: Tally): string[] {
  const lines = ['  lang   rows   precision (correct/detected)   recall (correct/rows)   unknown'];
  let wrong = 0;
  let rows = 0;
  let unknown = 0;
  for (const [language, count] of [...result.truth].sort((a, b) => a[0].localeCompare(b[0]))) {
    const correct = result.correct.get(language) ?? 0;
    const detected = result.detected.get(language) ?? 0;
    const unknowns = result.unknown.get(language) ?? 0;
    rows += count;
    unknown += unknowns;
    wrong += count - correct - unknowns;
    lines.push(
      `  ${language.padEnd(4)} ${String(count).padStart(6)}   ${pct(correct, detected)} (${correct}/${detected})`.padEnd(
        49,
      ) +
        `   ${pct(correct, count)} (${correct}/${count})`.padEnd(24) +
        `   ${pct(unknowns, count)} (${unknowns})`,
    );
  }
  lines.push(
    `  all  ${String(rows).padStart(6)}   wrong language ${pct(wrong, rows)} (${wrong}), unknown ${pct(unknown, rows)} (${unknown})`,
  );
  return lines;
}

/** Correct minus WRONG_COST × wrong, over the pairs given: the tuning objective. */
function objective(pairs: Iterable<[truth: string, answer: string]>): number {
  let score = 0;
  for (const [truth, answer] of pairs) {
    if (answer === truth) score += 1;
    else if (answer !== 'unknown') score -= WRONG_COST;
  }
  return score;
}

/** The raw detection after each of a dialogue's first customer turns (the sample the server keeps). */
function dialogueSteps(detector: Detector, dialogue: Dialogue): DetectedLanguage[] {
  const steps: DetectedLanguage[] = [];
  let sample: string | null = null;
  for (const text of dialogue.customerTurns.slice(0, MAX_DIALOGUE_TURNS)) {
    if (text.trim() === '') continue;
    sample = extendSample(sample, text);
    steps.push(detectSample(detector, sample, { minLetters: 0, minMargin: 0 }));
  }
  return steps;
}

/** The first confident answer over the accumulated turns, as detectAfterTurn stops at it. */
function dialogueAnswer(steps: readonly DetectedLanguage[], thresholds: DetectionThresholds): string {
  for (const step of steps) {
    if (step.guess !== null && step.letters >= thresholds.minLetters && step.margin >= thresholds.minMargin)
      return step.guess;
  }
  return 'unknown';
}

export default async function evaluateLanguage(dataDir: string): Promise<string> {
  const detector = await loadLanguageDetector();
  const utterances = loadUtterances(dataDir);
  // Detected once per utterance with no threshold; each threshold pair is then a cheap filter.
  const started = performance.now();
  const raw = new Map(
    utterances.map((row) => [
      row,
      detectSample(detector, extendSample(null, row.text), { minLetters: 0, minMargin: 0 }),
    ]),
  );
  const perUtterance = ((performance.now() - started) * 1000) / utterances.length;
  // The worst case of a turn: a full sample (MAX_SAMPLE_CHARS) detected once.
  const fullSample = extendSample(
    extendSample(extendSample(null, utterances[0]!.text.repeat(20)), utterances[1]!.text.repeat(20)),
    utterances[2]!.text.repeat(20),
  );
  const fullStarted = performance.now();
  for (let index = 0; index < 1000; index++) detectSample(detector, fullSample);
  const perFullSample = performance.now() - fullStarted;
  const judge: Judge = (row, thresholds) => {
    const detected = raw.get(row)!;
    return detected.guess !== null &&
      detected.letters >= thresholds.minLetters &&
      detected.margin >= thresholds.minMargin
      ? detected.guess
      : 'unknown';
  };
  const tune = utterances.filter((row) => !isHeldBack(row.id, SEED, HELD_BACK));
  const heldBack = utterances.filter((row) => isHeldBack(row.id, SEED, HELD_BACK));

  const allDialogues = loadDialogues(dataDir).map((dialogue) => ({
    dialogue,
    steps: dialogueSteps(detector, dialogue),
  }));
  const tuneDialogues = allDialogues.filter((row) => !isHeldBack(row.dialogue.id, SEED, HELD_BACK));

  // Tuning, on the tune half only (utterances and dialogues, each counted once): the thresholds
  // with the best correct − WRONG_COST × wrong.
  let best = { thresholds: DEFAULT_THRESHOLDS, score: -Infinity };
  for (const minLetters of [0, 4, 6, 8, 10, 12, 15, 20, 25, 30]) {
    for (const minMargin of [0, 0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3]) {
      const thresholds = { minLetters, minMargin };
      const score =
        objective(tune.map((row): [string, string] => [row.language, judge(row, thresholds)])) +
        objective(
          tuneDialogues.map((row): [string, string] => [
            row.dialogue.language,
            dialogueAnswer(row.steps, thresholds),
          ]),
        );
      if (score > best.score) best = { thresholds, score };
    }
  }

  const lines = [
    '## Language detection (customer turns, no language given)',
    '',
    `Tuned on ${tune.length} utterances and ${tuneDialogues.length} dialogues (correct − ${WRONG_COST} × wrong): minLetters ${best.thresholds.minLetters}, minMargin ${best.thresholds.minMargin}.`,
    `In use (language-detection.ts DEFAULT_THRESHOLDS): minLetters ${DEFAULT_THRESHOLDS.minLetters}, minMargin ${DEFAULT_THRESHOLDS.minMargin}.`,
    `Cost of one detection (this machine): ${perUtterance.toFixed(0)} µs per utterance on average, ${perFullSample.toFixed(0)} µs on a full ${fullSample.length}-character sample (the most a turn does).`,
    '',
    `Held-back single utterances (${heldBack.length}), one turn each:`,
  ];
  const utteranceTally = tally(heldBack.map((row) => [row.language, judge(row, DEFAULT_THRESHOLDS)]));
  lines.push(...tallyTable(utteranceTally));
  for (const source of [...new Set(heldBack.map((row) => row.source))]) {
    const rows = heldBack.filter((row) => row.source === source);
    const answers = rows.map((row) => judge(row, DEFAULT_THRESHOLDS));
    const wrong = answers.filter(
      (answer, index) => answer !== 'unknown' && answer !== rows[index]!.language,
    ).length;
    const unknown = answers.filter((answer) => answer === 'unknown').length;
    lines.push(
      `  ${source}: ${rows.length} rows, wrong ${pct(wrong, rows.length)} (${wrong}), unknown ${pct(unknown, rows.length)} (${unknown})`,
    );
  }

  const heldBackDialogues = allDialogues.filter((row) => isHeldBack(row.dialogue.id, SEED, HELD_BACK));
  const dialogues = heldBackDialogues.map((row) => row.dialogue);
  lines.push(
    '',
    `Held-back whole dialogues (${dialogues.length}), customer turns accumulated until confident:`,
  );
  const answers = heldBackDialogues.map((row) => dialogueAnswer(row.steps, DEFAULT_THRESHOLDS));
  lines.push(...tallyTable(tally(dialogues.map((dialogue, index) => [dialogue.language, answers[index]!]))));
  for (const source of [...new Set(dialogues.map((dialogue) => dialogue.source))]) {
    const picked = dialogues.map((dialogue, index) => ({ dialogue, answer: answers[index]! }));
    const rows = picked.filter((row) => row.dialogue.source === source);
    const wrong = rows.filter((row) => row.answer !== 'unknown' && row.answer !== row.dialogue.language);
    const unknown = rows.filter((row) => row.answer === 'unknown').length;
    const falseRouting =
      rows[0]?.dialogue.language === 'en'
        ? ` (false non-English routing: ${[...new Set(wrong.map((row) => row.answer))].join(', ') || 'none'})`
        : '';
    lines.push(
      `  ${source}: ${rows.length} dialogues, wrong ${pct(wrong.length, rows.length)} (${wrong.length}), unknown ${pct(unknown, rows.length)} (${unknown})${falseRouting}`,
    );
  }
  return lines.join('\n');
}
