/**
 * Evaluates the frustration score against USS user-satisfaction ratings (SGD, ReDial) on the
 * held-back part of a fixed seeded split by dialogue (the model learns from the tune part), per
 * turn and per dialogue, across sources (trained on one corpus, measured on the other); on Bitext
 * `complaint` against every other intent; and how often the default policy's frustration triggers
 * fire on ordinary conversations that went fine.
 * Run alone: `npx tsx scripts/eval/frustration.ts` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compilePolicy } from '../../packages/engine/src/policy/compile-policy.ts';
import { defaultPolicy } from '../../packages/engine/src/policy/default-policy.ts';
import type { PolicyInput } from '../../packages/engine/src/policy/schema.ts';
import { measureFrustration, scoreFeatures } from '../../packages/engine/src/signals/frustration.ts';
import type { FrustrationModel } from '../../packages/engine/src/signals/frustration-model.ts';
import { viewText } from '../../packages/engine/src/text.ts';
import { firingRate, highestFrustration, readOrdinaryDialogues } from '../frustration/frustration-firing.ts';
import { readUss, USS_CORPORA, type RatedDialogue, type UssCorpus } from '../frustration/uss-turns.ts';
import { fitFrustrationModel } from '../train-frustration.ts';

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

/** The default policy's threshold of the `customer-frustrated` offer. */
function offerThreshold(policy: PolicyInput): number {
  const trigger = policy.triggers?.find((candidate) => candidate.id === 'customer-frustrated');
  const when = trigger?.when as { gte?: number } | undefined;
  return when?.gte ?? Number.NaN;
}

/** The default policy's handoff on strong frustration (`customer-very-frustrated`). */
const HANDOFF_THRESHOLD = 0.8;

/** The most the frustration triggers may interrupt tune dialogues that no rater marked down. */
const INTERRUPTION_BUDGET = 0.02;
/** Offer thresholds tried on the tune part: 0.40 to 0.78 by 0.02. */
const SWEEP = Array.from({ length: 20 }, (_, index) => Math.round((0.4 + index * 0.02) * 100) / 100);

/**
 * Picks the offer threshold on the tune part only: the lowest on the sweep at which the frustration
 * triggers fire in at most INTERRUPTION_BUDGET of the dialogues no rater marked down.
 */
function pickThreshold(tune: readonly RatedDialogue[], lines: string[]): number {
  // A dialogue fires at threshold t when one of its turns reaches t (or the handoff's 0.8 first):
  // the highest score per dialogue, measured once through decide, answers every t of the sweep.
  const policy = compilePolicy(defaultPolicy);
  const handoffAt = HANDOFF_THRESHOLD;
  const highest = tune.map((dialogue) => ({
    score: highestFrustration(policy, dialogue.transcript),
    markedDown: dialogue.lowAny,
  }));
  const fine = highest.filter((dialogue) => !dialogue.markedDown);
  const markedDown = highest.filter((dialogue) => dialogue.markedDown);
  const rateAt = (group: typeof highest, threshold: number): number =>
    group.filter((dialogue) => dialogue.score >= Math.min(threshold, handoffAt)).length /
    Math.max(1, group.length);
  let picked = Number.NaN;
  const cells: string[] = [];
  for (const threshold of SWEEP) {
    const onFine = rateAt(fine, threshold);
    cells.push(`${threshold}: ${pct(onFine)} / ${pct(rateAt(markedDown, threshold))}`);
    if (Number.isNaN(picked) && onFine <= INTERRUPTION_BUDGET) picked = threshold;
  }
  lines.push(
    `  tune sweep of the offer threshold: fires on dialogues no rater marked down (${fine.length}) / marked down (${markedDown.length}):`,
    `    ${cells.join('; ')}`,
    `  picked on tune (lowest with ≤ ${pct(INTERRUPTION_BUDGET)} of fine dialogues): ${picked}; ` +
      `default policy: ${offerThreshold(defaultPolicy as PolicyInput)}`,
  );
  return picked;
}

const pct = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** Turn scores of held-back dialogues under a model; the dialogue score is its highest turn. */
function scoreDialogues(dialogues: readonly RatedDialogue[], model?: FrustrationModel) {
  const turns: Scored[] = [];
  const overall: Scored[] = [];
  const any: Scored[] = [];
  const sentimentOnly: Scored[] = [];
  for (const dialogue of dialogues) {
    let highest = 0;
    for (const turn of dialogue.turns) {
      const score = scoreFeatures(turn.features, model).score;
      highest = Math.max(highest, score);
      turns.push({ score, positive: turn.low });
      sentimentOnly.push({ score: -turn.features.values.sentiment, positive: turn.low });
    }
    overall.push({ score: highest, positive: dialogue.lowOverall });
    any.push({ score: highest, positive: dialogue.lowAny });
  }
  return { turns, overall, any, sentimentOnly };
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
    'USS, held-back part (positive turn = most raters gave 1 or 2; the model learned from the tune part of both corpora)',
  ];
  const corpora = Object.fromEntries(
    USS_CORPORA.map((corpus) => [corpus, readUss(dataDir, corpus)]),
  ) as Record<UssCorpus, RatedDialogue[]>;
  const threshold = offerThreshold(defaultPolicy as PolicyInput);
  for (const corpus of USS_CORPORA) {
    const heldBack = corpora[corpus].filter((dialogue) => dialogue.heldBack);
    const result = scoreDialogues(heldBack);
    const other = USS_CORPORA.find((candidate) => candidate !== corpus) as UssCorpus;
    const crossModel = fitFrustrationModel(corpora[other].filter((dialogue) => !dialogue.heldBack));
    const cross = scoreDialogues(heldBack, crossModel);
    lines.push(
      `  ${corpus.padEnd(7)} turn AUROC ${auroc(result.turns).toFixed(3)} (${count(result.turns)}, ${heldBack.length} dialogues); ` +
        `signed AFINN alone ${auroc(result.sentimentOnly).toFixed(3)}`,
      `  ${''.padEnd(7)} cross-source (trained on ${other} tune only): turn AUROC ${auroc(cross.turns).toFixed(3)}`,
      `  ${''.padEnd(7)} dialogue AUROC (highest turn score) vs OVERALL rated down ${auroc(result.overall).toFixed(3)} ` +
        `(${count(result.overall)}); vs any turn rated down ${auroc(result.any).toFixed(3)} (${count(result.any)})`,
      `  ${''.padEnd(7)} ${precisionRecall(result.turns, threshold)}`,
    );
  }
  const tune = USS_CORPORA.flatMap((corpus) => corpora[corpus].filter((dialogue) => !dialogue.heldBack));
  pickThreshold(tune, lines);

  const policy = compilePolicy(defaultPolicy);
  lines.push(
    'Frustration triggers firing on conversations that went fine (default policy, any turn of the conversation):',
  );
  for (const corpus of USS_CORPORA) {
    const fine = corpora[corpus].filter((dialogue) => dialogue.heldBack && !dialogue.lowAny);
    const rate = firingRate(
      policy,
      fine.map((dialogue) => dialogue.transcript),
    );
    lines.push(
      `  USS ${corpus} held-back, no turn rated down: ${pct(rate.rate)} (${rate.fired}/${rate.total})`,
    );
  }
  for (const { corpus, conversations } of readOrdinaryDialogues(dataDir)) {
    const rate = firingRate(policy, conversations);
    lines.push(`  dialogues/${corpus}: ${pct(rate.rate)} (${rate.fired}/${rate.total})`);
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
    `  ${precisionRecall(bitext, threshold)}`,
    `  complaint rows without the word "complain": AUROC ${auroc(withoutKeyword).toFixed(3)} (${count(withoutKeyword)})`,
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDir));
}
