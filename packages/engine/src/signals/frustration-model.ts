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
  bias: -2.6146,
  weights: {
    sentiment: -1.6869,
    negative: 1.4697,
    polite: -0.0189,
    refusal: 1.0765,
    correction: 0.6407,
    answers_proposal: 0.0562,
    refused_again: 0.4442,
    repeat: 1.0059,
    already_told: -0.1869,
    ask_again: 1.0427,
    gave_up: 0.0965,
    lost: -0.3656,
    after_failure: 0.6298,
    failures_in_row: 0.1375,
    agent_repeat: 0.5892,
    short: -0.0551,
  },
};
