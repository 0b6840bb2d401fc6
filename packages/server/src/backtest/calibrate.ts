/**
 * `baton calibrate`: recommends thresholds for a policy from conversations with outcomes.
 *
 * Pass 1 replays every labelled conversation of the training split once and keeps a few numbers
 * per conversation (see the engine's calibration/features.ts); the grid search runs on those.
 * Pass 2 replays the held-back split for real, under the policy as given and as recommended, so
 * the figures reported for the held-back split owe nothing to the search's shortcuts. Memory holds
 * the training split's features (a few numbers per conversation), never the conversations.
 */
import { compilePolicy, type Policy } from '@baton/engine';
import {
  addOutcome,
  buildFeatureModel,
  confusionAt,
  emptyConfusion,
  escalatesWith,
  f1Of,
  isHeldBack,
  KNOBS,
  measureFeatures,
  policyAt,
  recommendThresholds,
  type Confusion,
  type CrossValidation,
  type LabelledFeatures,
  type Objective,
} from '@baton/engine/calibration';
import { toEngineTurns } from '../replay/replay-format.ts';
import { replayConversation } from '../replay/replay.ts';
import { readConversations, type LineSource } from './conversation-lines.ts';

export interface CalibrateOptions {
  objective: Objective;
  seed: number;
  /** Share of labelled conversations held back for the measurement (0..1). */
  holdout: number;
  /** Called for each malformed line (its number and what is wrong); it is skipped. */
  onBadLine?: (line: number, message: string) => void;
}

export interface KnobOutcome {
  knob: string;
  label: string;
  from: number;
  to: number;
  fromRule: string;
  toRule: string;
  /** Training conversations the knob's triggers escalate, and how many warranted it, at each value. */
  atFrom: { escalated: number; warranted: number };
  atTo: { escalated: number; warranted: number };
  /** Whether any training conversation's escalation depends on this knob at all. */
  evidence: boolean;
  triggers: string[];
}

export interface CalibrationReport {
  policyVersion: string;
  objective: Objective;
  seed: number;
  holdout: number;
  counts: {
    lines: number;
    skippedLines: number;
    unlabelled: number;
    train: number;
    trainWarranted: number;
    heldBack: number;
    heldBackWarranted: number;
  };
  feasible: boolean;
  /** Bootstrap standard error of the searched setting's training F1 (F1 objective): the noise level. */
  standardError: number | null;
  /** The search cross-validated within the training split. */
  crossValidation: CrossValidation;
  /** The searched setting, when cross-validation rejected it (F1 objective) and the values as given were kept. */
  rejected: { changes: string[]; trainF1: number } | null;
  knobs: KnobOutcome[];
  /** Triggers no knob governs: they escalate whatever the thresholds. */
  fixedTriggers: string[];
  fixedEscalated: { escalated: number; warranted: number };
  train: { given: Confusion; recommended: Confusion };
  heldBack: { given: Confusion; recommended: Confusion };
  /** Held-back conversations where the features' prediction and the real replay disagree (expected 0). */
  modelMismatches: number;
  recommended: Policy;
}

function tally(
  rows: readonly LabelledFeatures[],
  test: (row: LabelledFeatures) => boolean,
): { escalated: number; warranted: number } {
  let escalated = 0;
  let warranted = 0;
  for (const row of rows) {
    if (!test(row)) continue;
    escalated += 1;
    if (row.warranted) warranted += 1;
  }
  return { escalated, warranted };
}

/** Runs both passes over the source and returns the recommendation with its evidence. */
export async function calibrate(
  open: LineSource,
  policy: Policy,
  options: CalibrateOptions,
): Promise<CalibrationReport> {
  const model = buildFeatureModel(policy, KNOBS);
  const counts = {
    lines: 0,
    skippedLines: 0,
    unlabelled: 0,
    train: 0,
    trainWarranted: 0,
    heldBack: 0,
    heldBackWarranted: 0,
  };
  const rows: LabelledFeatures[] = [];
  for await (const item of readConversations(await open())) {
    counts.lines += 1;
    if (item.kind === 'error') {
      counts.skippedLines += 1;
      options.onBadLine?.(item.line, item.message);
      continue;
    }
    const warranted = item.conversation.outcome?.shouldEscalate;
    if (typeof warranted !== 'boolean') {
      counts.unlabelled += 1;
      continue;
    }
    if (isHeldBack(item.conversation.id, options.seed, options.holdout)) continue;
    counts.train += 1;
    if (warranted) counts.trainWarranted += 1;
    rows.push({ ...measureFeatures(model, toEngineTurns(item.conversation)), warranted });
  }

  const start = model.plans.map((plan) => plan.start);
  const sizes = model.plans.map((plan) => plan.values.length);
  const { search, crossValidation, indices, rejected } = recommendThresholds(
    rows,
    sizes,
    start,
    options.objective,
    {
      seed: options.seed,
    },
  );
  const recommended = { ...policyAt(model, indices), version: `${policy.version}-calibrated` };

  const knobs = model.plans.map((plan, index): KnobOutcome => {
    const from = plan.values[plan.start]!;
    const to = plan.values[indices[index]!]!;
    return {
      knob: plan.knob.name,
      label: plan.knob.label,
      from,
      to,
      fromRule: plan.knob.describe(from),
      toRule: plan.knob.describe(to),
      atFrom: tally(rows, (row) => row.critical[index]! <= plan.start),
      atTo: tally(rows, (row) => row.critical[index]! <= indices[index]!),
      evidence: rows.some((row) => !row.fixed && row.critical[index]! < plan.values.length),
      triggers: plan.triggers,
    };
  });

  // Pass 2: the held-back split, replayed for real under both policies.
  const given = compilePolicy(policy);
  const tuned = compilePolicy(recommended);
  const heldBack = { given: emptyConfusion(), recommended: emptyConfusion() };
  let modelMismatches = 0;
  for await (const item of readConversations(await open())) {
    if (item.kind === 'error') continue;
    const conversation = item.conversation;
    const warranted = conversation.outcome?.shouldEscalate;
    if (typeof warranted !== 'boolean' || !isHeldBack(conversation.id, options.seed, options.holdout))
      continue;
    counts.heldBack += 1;
    if (warranted) counts.heldBackWarranted += 1;
    const escalatedGiven = replayConversation(conversation, given).firstEscalation !== null;
    const escalatedTuned = replayConversation(conversation, tuned).firstEscalation !== null;
    addOutcome(heldBack.given, escalatedGiven, warranted);
    addOutcome(heldBack.recommended, escalatedTuned, warranted);
    if (escalatesWith(measureFeatures(model, toEngineTurns(conversation)), indices) !== escalatedTuned) {
      modelMismatches += 1;
    }
  }

  const governed = new Set(model.plans.flatMap((plan) => plan.triggers));
  return {
    policyVersion: policy.version,
    objective: options.objective,
    seed: options.seed,
    holdout: options.holdout,
    counts,
    feasible: search.feasible,
    standardError: search.standardError,
    crossValidation,
    rejected: rejected
      ? {
          changes: model.plans
            .map((plan, index) => ({ plan, index }))
            .filter(({ plan, index }) => search.indices[index] !== plan.start)
            .map(
              ({ plan, index }) =>
                `${plan.knob.name} ${plan.values[plan.start]} → ${plan.values[search.indices[index]!]}`,
            ),
          trainF1: f1Of(search.confusion),
        }
      : null,
    knobs,
    fixedTriggers: policy.triggers
      .filter(
        (trigger) => trigger.mode !== 'shadow' && trigger.action !== 'flag' && !governed.has(trigger.id),
      )
      .map((trigger) => trigger.id),
    fixedEscalated: tally(rows, (row) => row.fixed),
    train: { given: confusionAt(rows, start), recommended: confusionAt(rows, indices) },
    heldBack,
    modelMismatches,
    recommended,
  };
}
