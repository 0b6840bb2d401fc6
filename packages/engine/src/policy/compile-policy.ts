/**
 * Turns a validated policy into closures the hot path runs: each condition becomes a predicate,
 * compiled once per policy version, never per turn.
 */
import type { Action, Priority, Role, SignalName, Signals } from '../types.ts';
import { compileHighStakes } from '../signals/high-stakes.ts';
import type { TextView } from '../text.ts';
import type { Turn, SignalReading } from '../types.ts';
import type { AtomCondition, Condition, Policy, PolicyInput } from './schema.ts';
import { policySchema } from './schema.ts';

/**
 * Which role's turns a signal reads; conditions evaluate on those turns only. `loop` reads both
 * (its reading is labelled `agent` or `customer`).
 */
export const SIGNAL_ROLE: Record<SignalName, Role | 'customer+agent'> = {
  human_request: 'customer',
  low_confidence: 'agent',
  agent_uncertainty: 'agent',
  repeated_failure: 'agent',
  loop: 'customer+agent',
  frustration: 'customer',
  high_stakes: 'customer',
  customer_attribute: 'customer',
  agent_requested: 'agent',
};

/** Per-atom memory for `forTurns` and `within`: [consecutive turns held, turns since it last held]. */
export type WindowMemory = Record<string, [number, number]>;

export interface EvaluationContext {
  signals: Signals;
  role: Role;
  /** Window memory of the previous turn (read) and of this turn (written). */
  previousWindows: WindowMemory;
  nextWindows: WindowMemory;
}

export interface ConditionResult {
  held: boolean;
  /** The signal whose atom made it hold (the first that held). */
  signal: SignalName | null;
}

type Predicate = (context: EvaluationContext) => ConditionResult;

export interface CompiledTrigger {
  id: string;
  action: Action;
  priority: Priority;
  queue: string;
  message: string | null;
  shadow: boolean;
  cooldown: number;
  /** The roles on whose turns this trigger can hold (any atom's role). */
  roles: ReadonlySet<Role>;
  test: Predicate;
}

export interface CompiledPolicy {
  version: string;
  policy: Policy;
  triggers: CompiledTrigger[];
  lowConfidenceThreshold: number;
  loop: { similarity: number; window: number; minWords: number };
  frustrationWindow: number;
  agentRequestTools: ReadonlySet<string>;
  approvalTools: ReadonlySet<string>;
  highStakes: (view: TextView, turn: Turn) => SignalReading;
  messages: { handoff: string; offer: string; approval: string; offerDeclined: string; crisis: string };
}

const NOT_HELD: ConditionResult = { held: false, signal: null };
/** "Turns since it last held" for an atom that never held; windows are at most 50 turns. */
const NEVER = 99;

function compare(atom: AtomCondition, value: number): boolean {
  const hasComparator =
    atom.gte !== undefined ||
    atom.gt !== undefined ||
    atom.lte !== undefined ||
    atom.lt !== undefined ||
    atom.eq !== undefined;
  if (!hasComparator) return value > 0;
  if (atom.gte !== undefined && !(value >= atom.gte)) return false;
  if (atom.gt !== undefined && !(value > atom.gt)) return false;
  if (atom.lte !== undefined && !(value <= atom.lte)) return false;
  if (atom.lt !== undefined && !(value < atom.lt)) return false;
  if (atom.eq !== undefined && value !== atom.eq) return false;
  return true;
}

function compileAtom(atom: AtomCondition, key: string): { test: Predicate; roles: Role[] } {
  const roles: Role[] = atom.role
    ? [atom.role]
    : SIGNAL_ROLE[atom.signal] === 'customer+agent'
      ? ['customer', 'agent']
      : [SIGNAL_ROLE[atom.signal] as Role];
  const inRole = (role: Role): boolean => roles.includes(role);
  const field = atom.field ?? 'score';
  const labels = atom.labels;
  const windowed = atom.forTurns !== undefined || atom.within !== undefined;
  const heldNow = (context: EvaluationContext): boolean => {
    const reading = context.signals[atom.signal];
    if (labels && !labels.some((label) => reading.labels?.includes(label))) return false;
    const value = field === 'score' ? reading.score : (reading.values?.[field] ?? 0);
    return compare(atom, value);
  };
  if (!windowed) {
    const result: ConditionResult = { held: true, signal: atom.signal };
    return { roles, test: (context) => (inRole(context.role) && heldNow(context) ? result : NOT_HELD) };
  }
  const result: ConditionResult = { held: true, signal: atom.signal };
  return {
    roles,
    test: (context) => {
      const [streak, since] = context.previousWindows[key] ?? [0, NEVER];
      if (!inRole(context.role)) {
        context.nextWindows[key] = [streak, since];
        return NOT_HELD;
      }
      const held = heldNow(context);
      const nextStreak = held ? streak + 1 : 0;
      const nextSince = held ? 0 : since + 1;
      context.nextWindows[key] = [nextStreak, Math.min(nextSince, NEVER)];
      if (atom.forTurns !== undefined && nextStreak < atom.forTurns) return NOT_HELD;
      if (atom.within !== undefined && !(nextSince < atom.within)) return NOT_HELD;
      if (atom.within === undefined && !held) return NOT_HELD;
      return result;
    },
  };
}

function compileCondition(condition: Condition, key: string, roles: Set<Role>): Predicate {
  if ('all' in condition) {
    const parts = condition.all.map((part, index) => compileCondition(part, `${key}.${index}`, roles));
    return (context) => {
      let first: ConditionResult | null = null;
      // Every part runs, so that window memory advances for all of them.
      let held = true;
      for (const part of parts) {
        const result = part(context);
        if (!result.held) held = false;
        else first ??= result;
      }
      return held && first ? first : NOT_HELD;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((part, index) => compileCondition(part, `${key}.${index}`, roles));
    return (context) => {
      let first: ConditionResult | null = null;
      for (const part of parts) {
        const result = part(context);
        if (result.held) first ??= result;
      }
      return first ?? NOT_HELD;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, `${key}.n`, roles);
    return (context) => (inner(context).held ? NOT_HELD : { held: true, signal: null });
  }
  const atom = compileAtom(condition, key);
  for (const role of atom.roles) roles.add(role);
  return atom.test;
}

/** The signal a firing names: the atom that held, else the first signal the condition mentions. */
function firstSignal(condition: Condition): SignalName {
  if ('all' in condition) return firstSignal(condition.all[0]!);
  if ('any' in condition) return firstSignal(condition.any[0]!);
  if ('not' in condition) return firstSignal(condition.not);
  return condition.signal;
}

const DEFAULT_MESSAGES = {
  handoff: "I'm passing this conversation to a person now. They will see everything you've told me.",
  offer: 'Would you like me to connect you with a person?',
  approval: 'I need a colleague to approve this before I go ahead.',
  offerDeclined: "No problem, let's keep going. Tell me if you change your mind.",
  // Said on self-harm or danger, whoever is online: where to get help now, before any queue talk.
  crisis:
    'If you are in danger or thinking about harming yourself, please call your local emergency number now, ' +
    'or reach a crisis line: in the US call or text 988, in the UK and Ireland call Samaritans on 116 123, ' +
    'elsewhere see findahelpline.com. You are not alone, and a person from our team is being brought in.',
};

/** Compiles a policy (validated here if it is not yet) into the form `decide` runs. */
export function compilePolicy(input: Policy | PolicyInput): CompiledPolicy {
  const policy = policySchema.parse(input);
  const approvalTools = new Set(policy.signals.high_stakes?.approvalTools ?? []);
  const triggers = policy.triggers.map((trigger): CompiledTrigger => {
    const roles = new Set<Role>();
    const test = compileCondition(trigger.when, trigger.id, roles);
    const fallbackSignal = firstSignal(trigger.when);
    return {
      id: trigger.id,
      action: trigger.action,
      priority: trigger.priority ?? policy.defaults.priority,
      queue: trigger.queue ?? policy.defaults.queue,
      message: trigger.message ?? null,
      shadow: trigger.mode === 'shadow',
      cooldown: trigger.cooldown ?? 0,
      roles,
      test: (context) => {
        const result = test(context);
        return result.held && result.signal === null ? { held: true, signal: fallbackSignal } : result;
      },
    };
  });
  const highStakesOptions = policy.signals.high_stakes;
  return {
    version: policy.version,
    policy,
    triggers,
    lowConfidenceThreshold: policy.signals.low_confidence?.threshold ?? 0.5,
    loop: {
      similarity: policy.signals.loop?.similarity ?? 0.85,
      window: policy.signals.loop?.window ?? 3,
      minWords: policy.signals.loop?.minWords ?? 4,
    },
    frustrationWindow: policy.signals.frustration?.window ?? 5,
    agentRequestTools: new Set(
      policy.signals.agent_requested?.tools ?? ['request_human', 'handoff_to_human', 'escalate_to_human'],
    ),
    approvalTools,
    highStakes: compileHighStakes({
      topics: highStakesOptions?.topics,
      amountThreshold: highStakesOptions?.amountThreshold,
      currency: highStakesOptions?.currency ?? 'USD',
      approvalTools: [...approvalTools],
    }),
    messages: { ...DEFAULT_MESSAGES, ...policy.messages },
  };
}
