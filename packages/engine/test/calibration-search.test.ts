import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  decide,
  defaultPolicy,
  initialState,
  validatePolicy,
  type Policy,
  type Turn,
} from '../src/index.ts';
import {
  buildFeatureModel,
  confusionAt,
  escalatesWith,
  escalationShareOf,
  f1Of,
  KNOBS,
  measureFeatures,
  policyAt,
  precisionOf,
  searchThresholds,
  seededRandom,
  type LabelledFeatures,
} from '../src/calibration/index.ts';

const CUSTOMER = [
  'Hi, I would like to change the delivery address for my parcel.',
  'It should go to my office on Baker Street instead.',
  'The postcode there is NW1 6XE.',
  'Great, thank you for sorting that out.',
];
const AGENT = [
  'Of course, I can help you with the delivery address.',
  'Which address should the parcel go to now?',
  'I have noted the office on Baker Street as the new address.',
  'Everything is updated and you will get a confirmation email.',
];

function conversation(agentTurn: (index: number) => Partial<Turn>): Turn[] {
  const turns: Turn[] = [];
  for (let index = 0; index < 4; index++) {
    turns.push({
      role: 'customer',
      text: CUSTOMER[index]!,
      at: new Date(Date.UTC(2025, 0, 1, 0, index * 2)).toISOString(),
    });
    turns.push({
      role: 'agent',
      text: AGENT[index]!,
      at: new Date(Date.UTC(2025, 0, 1, 0, index * 2 + 1)).toISOString(),
      ...agentTurn(index),
    });
  }
  return turns;
}

function replayEscalates(turns: Turn[], policy: Policy): boolean {
  const compiled = compilePolicy(policy);
  let state = initialState();
  let escalated = false;
  for (const turn of turns) {
    const result = decide(state, turn, compiled);
    state = result.state;
    if (result.decision.action !== 'continue') escalated = true;
  }
  return escalated;
}

function basePolicy(): Policy {
  const result = validatePolicy(defaultPolicy);
  if (!result.ok) throw new Error('default policy invalid');
  return result.policy;
}

/** Bad conversations have two agent turns in a row under 0.42; good ones never, some just above. */
function confidenceData(count: number, seed: number): { turns: Turn[]; warranted: boolean }[] {
  const random = seededRandom(seed);
  const between = (low: number, high: number): number =>
    Math.round((low + random() * (high - low)) * 1000) / 1000;
  return Array.from({ length: count }, () => {
    const warranted = random() < 0.3;
    const dip = Math.floor(random() * 3);
    const near = random() < 0.5;
    const turns = conversation((index) => {
      const inDip = index === dip || index === dip + 1;
      if (warranted && inDip) return { confidence: between(0.15, 0.419) };
      if (!warranted && near && inDip) return { confidence: between(0.42, 0.5) };
      return { confidence: between(0.42, 0.99) };
    });
    return { turns, warranted };
  });
}

describe('calibration on synthetic data with a known threshold', () => {
  const policy = basePolicy();
  const model = buildFeatureModel(policy, KNOBS);
  const plan = model.plans.findIndex((entry) => entry.knob.name === 'low_confidence_threshold');
  const data = confidenceData(800, 11);
  const rows: LabelledFeatures[] = data.map((item) => ({
    ...measureFeatures(model, item.turns),
    warranted: item.warranted,
  }));
  const start = model.plans.map((entry) => entry.start);
  const sizes = model.plans.map((entry) => entry.values.length);

  it('starts from a clean data set: a good conversation with high confidence is not escalated', () => {
    expect(
      replayEscalates(
        conversation(() => ({ confidence: 0.95 })),
        policy,
      ),
    ).toBe(false);
    expect(plan).toBeGreaterThanOrEqual(0);
  });

  it('recommends a low-confidence threshold near 0.42 and reaches F1 1 where the default does not', () => {
    const result = searchThresholds(rows, sizes, start, { kind: 'f1' }, { seed: 1 });
    const threshold = model.plans[plan]!.values[result.indices[plan]!]!;
    expect(Math.abs(threshold - 0.42)).toBeLessThanOrEqual(0.015);
    expect(f1Of(result.confusion)).toBe(1);
    expect(f1Of(confusionAt(rows, start))).toBeLessThan(0.95);
  });

  it('predicts exactly what a real replay of the recommended policy decides', () => {
    const result = searchThresholds(rows, sizes, start, { kind: 'f1' }, { seed: 1 });
    const recommended = policyAt(model, result.indices);
    expect(recommended.signals.low_confidence?.threshold).toBe(
      model.plans[plan]!.values[result.indices[plan]!],
    );
    const disagreements = data
      .slice(0, 200)
      .filter(
        (item, index) =>
          replayEscalates(item.turns, recommended) !== escalatesWith(rows[index]!, result.indices),
      );
    expect(disagreements).toEqual([]);
  });

  it('generalises: the threshold learned on one sample scores on a fresh one', () => {
    const result = searchThresholds(rows, sizes, start, { kind: 'f1' }, { seed: 1 });
    const fresh = confidenceData(300, 99).map((item) => ({
      ...measureFeatures(model, item.turns),
      warranted: item.warranted,
    }));
    expect(f1Of(confusionAt(fresh, result.indices))).toBeGreaterThan(0.97);
    expect(f1Of(confusionAt(fresh, result.indices))).toBeGreaterThan(f1Of(confusionAt(fresh, start)));
  });

  it('meets a handoff budget and a target precision on the data it searched', () => {
    const budget = searchThresholds(rows, sizes, start, { kind: 'budget', share: 0.15 });
    expect(budget.feasible).toBe(true);
    expect(escalationShareOf(budget.confusion)).toBeLessThanOrEqual(0.15);
    expect(budget.confusion.truePositives).toBeGreaterThan(0);
    const precise = searchThresholds(rows, sizes, start, { kind: 'precision', target: 0.99 });
    expect(precise.feasible).toBe(true);
    expect(precisionOf(precise.confusion)).toBeGreaterThanOrEqual(0.99);
  });
});

describe('calibration of a threshold written inside conditions', () => {
  it('moves the failure count from 2 to 3 when two failures in a row are harmless and three are not', () => {
    const policy = basePolicy();
    const model = buildFeatureModel(policy, KNOBS);
    const plan = model.plans.findIndex((entry) => entry.knob.name === 'failure_count');
    const random = seededRandom(3);
    const data = Array.from({ length: 300 }, () => {
      const warranted = random() < 0.4;
      const failures = warranted ? 3 : Math.floor(random() * 3);
      const turns = conversation((index) =>
        index < failures ? { toolCalls: [{ name: 'lookup_parcel', ok: false, error: 'timeout' }] } : {},
      );
      return { turns, warranted };
    });
    const rows = data.map((item) => ({ ...measureFeatures(model, item.turns), warranted: item.warranted }));
    const result = searchThresholds(
      rows,
      model.plans.map((entry) => entry.values.length),
      model.plans.map((entry) => entry.start),
      { kind: 'f1' },
    );
    expect(model.plans[plan]!.values[result.indices[plan]!]).toBe(3);
    expect(f1Of(result.confusion)).toBe(1);
    // The shift keeps the distance between the two failure conditions: consecutive ≥ 3, total ≥ 4.
    const recommended = policyAt(model, result.indices);
    const trigger = recommended.triggers.find((entry) => entry.id === 'repeated-failure');
    expect(trigger?.when).toEqual({
      any: [
        { signal: 'repeated_failure', field: 'consecutive', gte: 3 },
        {
          all: [
            { signal: 'repeated_failure', field: 'thisTurn', gte: 1 },
            { signal: 'repeated_failure', field: 'total', gte: 4 },
          ],
        },
      ],
    });
    for (const item of data.slice(0, 60)) {
      expect(replayEscalates(item.turns, recommended)).toBe(item.warranted);
    }
  });

  it('leaves a threshold alone when the data never depends on it', () => {
    const policy = basePolicy();
    const model = buildFeatureModel(policy, KNOBS);
    const rows = confidenceData(200, 5).map((item) => ({
      ...measureFeatures(model, item.turns),
      warranted: item.warranted,
    }));
    const result = searchThresholds(
      rows,
      model.plans.map((entry) => entry.values.length),
      model.plans.map((entry) => entry.start),
      { kind: 'f1' },
    );
    const amount = model.plans.findIndex((entry) => entry.knob.name === 'amount_threshold');
    expect(result.indices[amount]).toBe(model.plans[amount]!.start);
  });
});

describe('the features are exact', () => {
  it('predict what a real replay decides, for random conversations under random settings of every knob', () => {
    const policy = basePolicy();
    const model = buildFeatureModel(policy, KNOBS);
    const random = seededRandom(21);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const agentTexts = [
      ...AGENT,
      "I'm not sure I understood, could you rephrase that?",
      'I believe the parcel is probably on its way.',
    ];
    const customerTexts = [
      ...CUSTOMER,
      'This is useless, I have asked three times already!!',
      'I was charged $1,250 for this order.',
      'I want my money back.',
    ];
    const data = Array.from({ length: 120 }, () => {
      const turns: Turn[] = [];
      const length = 2 + Math.floor(random() * 8);
      for (let index = 0; index < length; index++) {
        const at = new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString();
        if (index % 2 === 0) turns.push({ role: 'customer', text: pick(customerTexts), at });
        else {
          turns.push({
            role: 'agent',
            text: pick(agentTexts),
            at,
            ...(random() < 0.8 ? { confidence: Math.round(random() * 100) / 100 } : {}),
            ...(random() < 0.3
              ? { toolCalls: [{ name: 'lookup_parcel', ok: false, error: 'timeout' }] }
              : {}),
          });
        }
      }
      return turns;
    });
    const features = data.map((turns) => measureFeatures(model, turns));
    let compared = 0;
    for (let setting = 0; setting < 12; setting++) {
      const indices = model.plans.map((plan) => Math.floor(random() * plan.values.length));
      const tuned = policyAt(model, indices);
      data.forEach((turns, index) => {
        expect(escalatesWith(features[index]!, indices), `conversation ${index}, setting ${setting}`).toBe(
          replayEscalates(turns, tuned),
        );
        compared += 1;
      });
    }
    expect(compared).toBe(12 * 120);
  });
});
