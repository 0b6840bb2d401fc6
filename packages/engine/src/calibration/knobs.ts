/**
 * The thresholds calibration tunes ("knobs"). Each knob knows which triggers it governs, its
 * candidate values from the strictest (fewest escalations) to the loosest, the policy's current
 * value, and how to write a value back into a policy. Three live in the policy's signal settings
 * (low-confidence threshold, loop similarity, amount threshold); two are written in trigger
 * conditions (frustration score, failure count), where a new value shifts every such threshold by
 * the same step, so an offer at 0.6 and a handoff at 0.8 keep their distance. A sixth, the
 * agent-uncertainty score, tunes agents that give no confidence. A score threshold above 1 (1.01)
 * means "off": no score reaches it.
 */
import type { AtomCondition, Policy, Trigger } from '../policy/schema.ts';
import { atomsOf, lowerBound, mapAtoms } from './conditions.ts';

export type KnobName =
  | 'low_confidence_threshold'
  | 'frustration_threshold'
  | 'loop_similarity'
  | 'failure_count'
  | 'amount_threshold'
  | 'agent_uncertainty_threshold';

export interface Knob {
  name: KnobName;
  /** What the knob is, in plain words. */
  label: string;
  /** The rule a value makes, in plain words ("agent confidence under 0.42"). */
  describe(value: number): string;
  /** Whether this knob governs a trigger (its condition reads the knob's signal and threshold). */
  governs(trigger: Trigger): boolean;
  /** The policy's current value; undefined when the policy has no trigger this knob governs. */
  current(policy: Policy): number | undefined;
  /** Candidate values, strictest first; the current value is always among them. */
  grid(policy: Policy): number[];
  /** A copy of the policy with the knob set to `value`. */
  apply(policy: Policy, value: number): Policy;
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const range = (from: number, to: number, step: number): number[] => {
  const values: number[] = [];
  const count = Math.round(Math.abs(to - from) / Math.abs(step));
  for (let index = 0; index <= count; index++) values.push(round(from + index * step));
  return values;
};

/** The grid with the current value added, ordered strictest first (`ascending`: stricter is smaller). */
function withCurrent(values: number[], current: number | undefined, ascending: boolean): number[] {
  const all = new Set(values);
  if (current !== undefined) all.add(current);
  return [...all].sort((left, right) => (ascending ? left - right : right - left));
}

function reads(trigger: Trigger, test: (atom: AtomCondition) => boolean): boolean {
  return atomsOf(trigger.when).some(({ atom }) => test(atom));
}

const escalating = (trigger: Trigger): boolean => trigger.mode !== 'shadow' && trigger.action !== 'flag';

/** A knob whose thresholds are written in the governed triggers' atoms, moved together by one shift. */
function conditionKnob(options: {
  name: KnobName;
  label: string;
  describe: (value: number) => string;
  atom: (atom: AtomCondition) => boolean;
  values: number[];
  bounds: [number, number];
  digits: number;
}): Knob {
  const isTuned = (atom: AtomCondition): boolean => options.atom(atom) && lowerBound(atom) !== undefined;
  const governs = (trigger: Trigger): boolean => reads(trigger, isTuned);
  const current = (policy: Policy): number | undefined => {
    const atoms = policy.triggers
      .filter((trigger) => escalating(trigger) && governs(trigger))
      .flatMap((trigger) => atomsOf(trigger.when))
      .filter(({ atom }) => isTuned(atom));
    // The lowest threshold that can fire on its own; else the lowest of all (inside an `all`).
    const alone = atoms.filter((entry) => entry.alone);
    const bounds = (alone.length > 0 ? alone : atoms).map(({ atom }) => lowerBound(atom)!);
    return bounds.length === 0 ? undefined : Math.min(...bounds);
  };
  const shift = (value: number, step: number): number =>
    Math.min(options.bounds[1], Math.max(options.bounds[0], round(value + step, options.digits)));
  return {
    name: options.name,
    label: options.label,
    describe: options.describe,
    governs,
    current,
    grid: (policy) => withCurrent(options.values, current(policy), false),
    apply: (policy, value) => {
      const from = current(policy);
      if (from === undefined) return policy;
      const step = value - from;
      return {
        ...policy,
        triggers: policy.triggers.map((trigger) =>
          governs(trigger)
            ? {
                ...trigger,
                when: mapAtoms(trigger.when, (atom) => {
                  if (!isTuned(atom)) return atom;
                  const next = { ...atom };
                  if (next.gte !== undefined) next.gte = shift(next.gte, step);
                  if (next.gt !== undefined) next.gt = shift(next.gt, step);
                  return next;
                }),
              }
            : trigger,
        ),
      };
    },
  };
}

const lowConfidence: Knob = {
  name: 'low_confidence_threshold',
  label: 'low-confidence threshold (signals.low_confidence.threshold)',
  describe: (value) => `agent confidence under ${value}`,
  governs: (trigger) => reads(trigger, (atom) => atom.signal === 'low_confidence'),
  current: (policy) =>
    policy.triggers.some((trigger) => escalating(trigger) && lowConfidence.governs(trigger))
      ? (policy.signals.low_confidence?.threshold ?? 0.5)
      : undefined,
  grid: (policy) => withCurrent(range(0, 0.99, 0.01), lowConfidence.current(policy), true),
  apply: (policy, value) => ({
    ...policy,
    signals: { ...policy.signals, low_confidence: { threshold: value } },
  }),
};

const loopSimilarity: Knob = {
  name: 'loop_similarity',
  label: 'loop similarity (signals.loop.similarity)',
  describe: (value) => `a turn at least ${value} similar to a recent one counts as a repeat`,
  governs: (trigger) => reads(trigger, (atom) => atom.signal === 'loop'),
  current: (policy) =>
    policy.triggers.some((trigger) => escalating(trigger) && loopSimilarity.governs(trigger))
      ? (policy.signals.loop?.similarity ?? 0.85)
      : undefined,
  grid: (policy) => withCurrent(range(1, 0.5, -0.01), loopSimilarity.current(policy), false),
  apply: (policy, value) => ({
    ...policy,
    signals: {
      ...policy.signals,
      loop: { window: 3, minWords: 4, ...policy.signals.loop, similarity: value },
    },
  }),
};

const AMOUNTS = [
  100_000, 50_000, 20_000, 10_000, 5000, 3000, 2000, 1500, 1000, 750, 500, 400, 300, 250, 200, 150, 100, 50,
  20, 0,
];

const amountThreshold: Knob = {
  name: 'amount_threshold',
  label: 'amount threshold (signals.high_stakes.amountThreshold)',
  describe: (value) => (Number.isFinite(value) ? `an amount over ${value}` : 'no amount threshold (off)'),
  governs: (trigger) =>
    reads(trigger, (atom) => atom.signal === 'high_stakes' && (atom.labels ?? []).includes('amount')),
  current: (policy) =>
    policy.triggers.some((trigger) => escalating(trigger) && amountThreshold.governs(trigger))
      ? (policy.signals.high_stakes?.amountThreshold ?? Number.POSITIVE_INFINITY)
      : undefined,
  // Infinity first: no threshold at all is the strictest setting.
  grid: (policy) =>
    withCurrent([Number.POSITIVE_INFINITY, ...AMOUNTS], amountThreshold.current(policy), false),
  apply: (policy, value) => {
    const highStakes = { currency: 'USD', ...policy.signals.high_stakes };
    if (Number.isFinite(value)) highStakes.amountThreshold = value;
    else delete highStakes.amountThreshold;
    return { ...policy, signals: { ...policy.signals, high_stakes: highStakes } };
  },
};

/** Above any score: the strictest setting of a score threshold turns its triggers off. */
const OFF = 1.01;
const describeScore = (what: string) => (value: number) =>
  value > 1 ? `off: no ${what} reaches it` : `${what} ${value} or more`;

const frustration = conditionKnob({
  name: 'frustration_threshold',
  label: 'frustration score threshold (the `gte` of frustration conditions)',
  describe: describeScore('frustration score'),
  atom: (atom) => atom.signal === 'frustration' && (atom.field === undefined || atom.field === 'score'),
  values: [OFF, ...range(1, 0.05, -0.01)],
  bounds: [0, OFF],
  digits: 2,
});

const failureCount = conditionKnob({
  name: 'failure_count',
  label: 'failure count (the `gte` of repeated_failure conditions)',
  describe: (value) => `${value} failed agent turns in a row`,
  // `thisTurn` (0 or 1) says whether this turn failed: a flag, not a count to move.
  atom: (atom) => atom.signal === 'repeated_failure' && atom.field !== 'thisTurn',
  values: range(10, 1, -1),
  bounds: [1, 1000],
  digits: 0,
});

const agentUncertainty = conditionKnob({
  name: 'agent_uncertainty_threshold',
  label: 'agent-uncertainty score threshold (the `gte` of agent_uncertainty conditions)',
  describe: describeScore(
    'agent-uncertainty score (1 a fallback, 0.6 a strong hedge, 0.4 a fallback that steers on, 0.3 a weak hedge)',
  ),
  atom: (atom) => atom.signal === 'agent_uncertainty' && (atom.field === undefined || atom.field === 'score'),
  values: [OFF, ...range(1, 0.1, -0.1)],
  bounds: [0, OFF],
  digits: 2,
});

/** Every knob calibration knows, in the order the explanation lists them. */
export const KNOBS: readonly Knob[] = [
  lowConfidence,
  frustration,
  loopSimilarity,
  failureCount,
  amountThreshold,
  agentUncertainty,
];
