/**
 * The frustration model's weights, written by `npx tsx scripts/train-frustration.ts` from the tune
 * part of the rated USS dialogues (1398 dialogues, 16634 rated user turns); a test retrains
 * it and expects these numbers. Do not edit by hand.
 */
import type { FeatureName } from './frustration-features.ts';

export interface FrustrationModel {
  bias: number;
  weights: Record<FeatureName, number>;
}

export const FRUSTRATION_MODEL: FrustrationModel = {
  bias: -2.6206,
  weights: {
    sentiment: -1.6562,
    negative: 1.4117,
    polite: -0.0376,
    refusal: 0.933,
    correction: 0.6562,
    answers_proposal: 0.1252,
    refused_again: 0.45,
    repeat: 1.0132,
    already_told: -0.186,
    ask_again: 1.0475,
    gave_up: 0.1441,
    lost: -0.3156,
    after_failure: 0.6518,
    failures_in_row: -0.0292,
    agent_repeat: 0.6377,
    short: -0.1094,
  },
};
