/**
 * Trains the frustration model: L2 logistic regression, by Newton's method, from the tune part of
 * the rated USS dialogues (SGD and ReDial; the held-back part is never read here), each user turn's
 * target being the share of raters who gave it 1 or 2. Deterministic: same data, same weights.
 * `npx tsx scripts/train-frustration.ts` rewrites packages/engine/src/signals/frustration-model.ts.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FEATURE_NAMES, type FeatureName } from '../packages/engine/src/signals/frustration-features.ts';
import type { FrustrationModel } from '../packages/engine/src/signals/frustration-model.ts';
import { fitLogistic } from './frustration/logistic-regression.ts';
import { readUss, USS_CORPORA, type RatedDialogue, type UssCorpus } from './frustration/uss-turns.ts';

/** Penalty and Newton steps: the weights settle to every printed digit well before the last step. */
export const L2 = 1;
export const ITERATIONS = 15;
/** Weights are shipped to this many decimals, so the same training gives the same file everywhere. */
const DECIMALS = 4;

const roundTo = (value: number): number => Math.round(value * 10 ** DECIMALS) / 10 ** DECIMALS;

/** Fits the model to the given dialogues' rated user turns. */
export function fitFrustrationModel(dialogues: readonly RatedDialogue[]): FrustrationModel {
  const turns = dialogues.flatMap((dialogue) => dialogue.turns);
  const fitted = fitLogistic(
    turns.map((turn) => FEATURE_NAMES.map((name) => turn.features.values[name])),
    turns.map((turn) => turn.lowShare),
    { l2: L2, iterations: ITERATIONS },
  );
  const weights = Object.fromEntries(
    FEATURE_NAMES.map((name, index) => [name, roundTo(fitted.weights[index] ?? 0)]),
  ) as Record<FeatureName, number>;
  return { bias: roundTo(fitted.bias), weights };
}

/** Trains the shipped model: the tune part of the given corpora (both, by default). */
export function trainFrustrationModel(
  dataDir: string,
  corpora: readonly UssCorpus[] = USS_CORPORA,
): { model: FrustrationModel; turns: number; dialogues: number } {
  const tune = corpora.flatMap((corpus) => readUss(dataDir, corpus)).filter((dialogue) => !dialogue.heldBack);
  return {
    model: fitFrustrationModel(tune),
    dialogues: tune.length,
    turns: tune.reduce((sum, dialogue) => sum + dialogue.turns.length, 0),
  };
}

/** The TypeScript module that ships the weights. */
export function renderModelModule(model: FrustrationModel, dialogues: number, turns: number): string {
  const weights = FEATURE_NAMES.map((name) => `    ${name}: ${model.weights[name]},`).join('\n');
  return `/**
 * The frustration model's weights, written by \`npx tsx scripts/train-frustration.ts\` from the tune
 * part of the rated USS dialogues (${dialogues} dialogues, ${turns} rated user turns); a test retrains
 * it and expects these numbers. Do not edit by hand.
 */
import type { FeatureName } from './frustration-features.ts';

export interface FrustrationModel {
  bias: number;
  weights: Record<FeatureName, number>;
}

export const FRUSTRATION_MODEL: FrustrationModel = {
  bias: ${model.bias},
  weights: {
${weights}
  },
};
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../shared/data');
  const { model, dialogues, turns } = trainFrustrationModel(dataDir);
  const target = resolve(import.meta.dirname, '../packages/engine/src/signals/frustration-model.ts');
  writeFileSync(target, renderModelModule(model, dialogues, turns));
  console.log(`wrote ${target}\n${JSON.stringify(model, null, 2)}`);
}
