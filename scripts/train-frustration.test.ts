import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRUSTRATION_MODEL } from '../packages/engine/src/signals/frustration-model.ts';
import { fitFrustrationModel, trainFrustrationModel } from './train-frustration.ts';
import type { RatedDialogue } from './frustration/uss-turns.ts';

const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../shared/data');

describe('the frustration model', () => {
  it('retrains from the script to exactly the shipped weights', () => {
    const { model, dialogues } = trainFrustrationModel(dataDir);
    expect(dialogues).toBeGreaterThan(1000);
    expect(model).toEqual(FRUSTRATION_MODEL);
  });

  it('learns a feature that marks the rated-down turns, and ignores none of the rows', () => {
    // Two-row-kind toy data: turns that refuse are rated down, the others are not.
    const turn = (refusal: number, lowShare: number): RatedDialogue['turns'][number] => {
      const values = Object.fromEntries(Object.keys(FRUSTRATION_MODEL.weights).map((name) => [name, 0]));
      return {
        text: '',
        lowShare,
        low: lowShare > 0.5,
        features: { values: { ...values, refusal } } as unknown as RatedDialogue['turns'][number]['features'],
      };
    };
    const dialogue = {
      turns: [turn(1, 1), turn(1, 0.67), turn(0, 0), turn(0, 0.33), turn(0, 0)],
    } as RatedDialogue;
    const model = fitFrustrationModel([dialogue, dialogue]);
    expect(model.weights.refusal).toBeGreaterThan(1);
    expect(model.weights.sentiment).toBe(0);
  });
});
