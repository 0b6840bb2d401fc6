/**
 * One replay per conversation, reduced to a few numbers, so a threshold search costs no further
 * replay. Per conversation: whether the triggers no knob governs escalate it (`fixed`), and per
 * knob the strictest candidate value at which the knob's own triggers escalate it (`critical`, an
 * index into the knob's grid; the grid's length when they never do). A conversation is then
 * escalated under a setting exactly when `fixed`, or some knob is at or past its critical index.
 *
 * Why this is exact for "escalated or not": before a conversation's first escalation, no trigger
 * affects another (cooldowns start at a firing, offers at an escalation), so it is escalated iff
 * some enforced, non-flag trigger holds on some turn. The signals are measured once; the three
 * signal settings a knob changes (confidence threshold, loop similarity, amount threshold) are
 * re-applied to the recorded readings, the same way the signals apply them. It assumes each
 * knob's triggers escalate more as the knob loosens (true of `gte`/`gt` conditions); a trigger
 * that reads two knobs' signals is kept fixed at the policy's values.
 */
import { decide } from '../decide.ts';
import {
  compilePolicy,
  type CompiledPolicy,
  type EvaluationContext,
  type WindowMemory,
} from '../policy/compile-policy.ts';
import type { Policy, Trigger } from '../policy/schema.ts';
import { initialState } from '../state.ts';
import type { Role, SignalReading, Signals, Turn } from '../types.ts';
import type { Knob, KnobName } from './knobs.ts';

interface RecordedTurn {
  role: Role;
  confidence: number | null;
  signals: Signals;
}

/** One knob's plan: its grid, the policy's position on it, and its triggers compiled per value. */
export interface KnobPlan {
  knob: Knob;
  values: number[];
  /** Index of the policy's current value in `values`. */
  start: number;
  /** Ids of the enforced, escalating triggers this knob alone governs. */
  triggers: string[];
  compiled: (CompiledPolicy | undefined)[];
}

export interface FeatureModel {
  policy: Policy;
  /** The policy without the knob-governed triggers: what escalates whatever the knobs say. */
  fixed: CompiledPolicy;
  plans: KnobPlan[];
}

export interface ConversationFeatures {
  /** Escalated by a trigger no knob governs (or by the built-in self-harm rule). */
  fixed: boolean;
  /** Per plan, the first grid index at which its triggers escalate; the grid length when never. */
  critical: number[];
}

/** A trigger that never holds: the schema wants at least one, and the fixed part may have none. */
const NO_TRIGGER: Trigger = {
  id: 'calibration-none',
  description: '',
  when: { signal: 'agent_requested', lt: -1 },
  action: 'flag',
  mode: 'shadow',
};

const escalating = (trigger: Trigger): boolean => trigger.mode !== 'shadow' && trigger.action !== 'flag';

/** Plans the search for a policy: which knobs apply and which triggers each governs. */
export function buildFeatureModel(policy: Policy, knobs: readonly Knob[]): FeatureModel {
  const owners = new Map<string, KnobName[]>();
  for (const trigger of policy.triggers) {
    if (!escalating(trigger)) continue;
    owners.set(
      trigger.id,
      knobs.filter((knob) => knob.governs(trigger)).map((knob) => knob.name),
    );
  }
  const plans: KnobPlan[] = [];
  for (const knob of knobs) {
    const current = knob.current(policy);
    if (current === undefined) continue;
    const triggers = [...owners.entries()]
      .filter(([, names]) => names.length === 1 && names[0] === knob.name)
      .map(([id]) => id);
    if (triggers.length === 0) continue;
    const values = knob.grid(policy);
    plans.push({ knob, values, start: values.indexOf(current), triggers, compiled: [] });
  }
  const governed = new Set(plans.flatMap((plan) => plan.triggers));
  const fixedTriggers = policy.triggers.filter((trigger) => !governed.has(trigger.id));
  const fixed = compilePolicy({
    ...policy,
    triggers: fixedTriggers.length > 0 ? fixedTriggers : [NO_TRIGGER],
  });
  return { policy, fixed, plans };
}

function compiledAt(model: FeatureModel, plan: KnobPlan, index: number): CompiledPolicy {
  let compiled = plan.compiled[index];
  if (!compiled) {
    const tuned = plan.knob.apply(model.policy, plan.values[index]!);
    const own = new Set(plan.triggers);
    compiled = compilePolicy({ ...tuned, triggers: tuned.triggers.filter((trigger) => own.has(trigger.id)) });
    plan.compiled[index] = compiled;
  }
  return compiled;
}

/** The recorded readings as the signals would read them with the knob at `value`. */
function signalsAt(knob: KnobName, recorded: readonly RecordedTurn[], value: number): Signals[] {
  if (knob === 'low_confidence_threshold') {
    let streak = 0;
    return recorded.map((turn) => {
      if (turn.role !== 'agent' || turn.confidence === null) return turn.signals;
      const low = turn.confidence < value;
      streak = low ? streak + 1 : 0;
      const reading: SignalReading = {
        score: low ? 1 : 0,
        values: { confidence: turn.confidence, consecutive: streak, threshold: value },
        evidence: [],
      };
      return { ...turn.signals, low_confidence: reading };
    });
  }
  if (knob === 'loop_similarity') {
    const repeats = { agent: 0, customer: 0 };
    return recorded.map((turn) => {
      const loop = turn.signals.loop;
      const similarity = loop.values?.similarity;
      if (similarity === undefined || (turn.role !== 'agent' && turn.role !== 'customer'))
        return turn.signals;
      // As the loop signal does: a repeat of a turn N back counts when the N - 1 turns in between
      // of that role were repeats too.
      const streak = repeats[turn.role];
      let repeated = false;
      for (let distance = 1; distance <= streak + 1; distance++) {
        const earlier = loop.values?.[`similarityAt${distance}`];
        if (earlier !== undefined && earlier >= value) repeated = true;
      }
      repeats[turn.role] = repeated ? streak + 1 : 0;
      const reading: SignalReading = {
        ...loop,
        values: { ...loop.values, similarity, repeats: repeats[turn.role], repeated: repeated ? 1 : 0 },
      };
      return { ...turn.signals, loop: reading };
    });
  }
  if (knob === 'amount_threshold') {
    return recorded.map((turn) => {
      const stakes = turn.signals.high_stakes;
      const amount = stakes.values?.amount;
      if (amount === undefined) return turn.signals;
      const labels = (stakes.labels ?? []).filter((label) => label !== 'amount');
      if (amount > value) labels.push('amount');
      return { ...turn.signals, high_stakes: { ...stakes, score: labels.length > 0 ? 1 : 0, labels } };
    });
  }
  return recorded.map((turn) => turn.signals);
}

function escalatesAt(
  model: FeatureModel,
  plan: KnobPlan,
  index: number,
  recorded: readonly RecordedTurn[],
): boolean {
  const compiled = compiledAt(model, plan, index);
  const signals = signalsAt(plan.knob.name, recorded, plan.values[index]!);
  let windows: WindowMemory = {};
  for (let turn = 0; turn < recorded.length; turn++) {
    const role = recorded[turn]!.role;
    const context: EvaluationContext = {
      signals: signals[turn]!,
      role,
      previousWindows: windows,
      nextWindows: { ...windows },
    };
    for (const trigger of compiled.triggers) {
      if (trigger.roles.has(role) && trigger.test(context).held) return true;
    }
    windows = context.nextWindows;
  }
  return false;
}

/** Replays one conversation once and reduces it to its features under the model. */
export function measureFeatures(model: FeatureModel, turns: readonly Turn[]): ConversationFeatures {
  let state = initialState();
  let fixed = false;
  const recorded: RecordedTurn[] = [];
  for (const turn of turns) {
    const result = decide(state, turn, model.fixed);
    state = result.state;
    if (result.decision.action !== 'continue') fixed = true;
    const confidence =
      typeof turn.confidence === 'number' && Number.isFinite(turn.confidence) ? turn.confidence : null;
    recorded.push({ role: turn.role, confidence, signals: result.signals });
  }
  const critical = model.plans.map((plan) => {
    // Binary search for the first index that escalates; looser indices escalate too (monotone).
    let low = 0;
    let high = plan.values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (escalatesAt(model, plan, middle, recorded)) high = middle;
      else low = middle + 1;
    }
    return low;
  });
  return { fixed, critical };
}

/** Whether a conversation with these features escalates with each plan at `indices`. */
export function escalatesWith(features: ConversationFeatures, indices: readonly number[]): boolean {
  return features.fixed || features.critical.some((critical, plan) => indices[plan]! >= critical);
}

/** The policy with every plan set to the value at `indices`. */
export function policyAt(model: FeatureModel, indices: readonly number[]): Policy {
  let policy = model.policy;
  model.plans.forEach((plan, index) => {
    policy = plan.knob.apply(policy, plan.values[indices[index]!]!);
  });
  return policy;
}
