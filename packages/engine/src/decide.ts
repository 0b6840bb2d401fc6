/**
 * The engine's one question, asked at every turn: should this conversation now pass from the agent
 * to a person? Pure and synchronous: no IO, no clock, same input → same output.
 */
import type { CompiledPolicy, CompiledTrigger, EvaluationContext } from './policy/compile-policy.ts';
import { asksSomethingElse, classifyOfferAnswer } from './signals/offer-answer.ts';
import { measureSignals } from './signals/measure-signals.ts';
import { detectSelfHarm } from './signals/self-harm.ts';
import type { EngineState } from './state.ts';
import { viewText } from './text.ts';
import type { Action, Decision, DecisionAction, Firing, Priority, Signals, Turn } from './types.ts';

export interface DecideResult {
  decision: Decision;
  state: EngineState;
  signals: Signals;
}

const ACTION_RANK: Record<Action, number> = { flag: 0, offer: 1, approval: 2, handoff: 3 };
const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The trigger id of the built-in self-harm rule, which no policy can turn off. */
export const SELF_HARM_TRIGGER = 'builtin-self-harm';

function fire(trigger: CompiledTrigger, signal: Firing['signal'], evidence: string[]): Firing {
  return {
    trigger: trigger.id,
    signal,
    action: trigger.action,
    priority: trigger.priority,
    queue: trigger.queue,
    shadow: trigger.shadow,
    evidence,
  };
}

function continueDecision(
  firings: Firing[],
  policy: CompiledPolicy,
  message: string | null = null,
): Decision {
  return {
    action: 'continue',
    firings,
    trigger: null,
    priority: policy.policy.defaults.priority,
    queue: policy.policy.defaults.queue,
    message,
    approvalTools: [],
    policyVersion: policy.version,
  };
}

/** Answers one turn: the decision, the next state, and every signal's reading. Never throws on input. */
export function decide(state: EngineState, turn: Turn, policy: CompiledPolicy): DecideResult {
  const view = viewText(typeof turn.text === 'string' ? turn.text : '');
  const isCustomer = turn.role === 'customer';
  const customerTurns = state.customerTurns + (isCustomer ? 1 : 0);
  const { signals, updates } = measureSignals(turn, view, state, policy);

  const firings: Firing[] = [];
  const nextWindows = { ...state.windows };
  const context: EvaluationContext = {
    signals,
    role: turn.role,
    previousWindows: state.windows,
    nextWindows,
  };
  // A cooldown of N set on customer turn c keeps the trigger quiet through turn c + N: N whole turns.
  const cooldowns: Record<string, number> = {};
  for (const [id, until] of Object.entries(state.cooldowns))
    if (until >= customerTurns) cooldowns[id] = until;

  // Self-harm always escalates, first and at top priority, whatever the policy says.
  if (isCustomer) {
    const selfHarm = detectSelfHarm(signals.high_stakes);
    if (selfHarm) {
      firings.push({
        trigger: SELF_HARM_TRIGGER,
        signal: 'high_stakes',
        action: 'handoff',
        priority: 'urgent',
        queue: policy.policy.defaults.queue,
        shadow: false,
        evidence: selfHarm,
      });
    }
  }

  // The customer's answer to an offer made on an earlier turn: only the next customer turn can
  // answer it, and only if nothing else was asked in between.
  let offer = state.offer;
  let declined = false;
  if (offer && !isCustomer && turn.role === 'agent' && asksSomethingElse(view)) offer = null;
  if (offer && isCustomer) {
    const answer = classifyOfferAnswer(view);
    const pending = offer;
    offer = null;
    if (answer === 'accept') {
      firings.push({
        trigger: pending.trigger,
        signal: pending.signal,
        action: 'handoff',
        priority: pending.priority,
        queue: pending.queue,
        shadow: false,
        evidence: [`accepted the offer: "${view.raw.slice(0, 120)}"`],
      });
    } else if (answer === 'decline') {
      declined = true;
      // After a no, no trigger offers again for the declined trigger's cooldown (at least a turn).
      const declinedTrigger = policy.triggers.find((candidate) => candidate.id === pending.trigger);
      const until = customerTurns + Math.max(declinedTrigger?.cooldown ?? 0, 1);
      for (const trigger of policy.triggers) {
        if (trigger.action === 'offer' || trigger.id === pending.trigger)
          cooldowns[trigger.id] = Math.max(cooldowns[trigger.id] ?? 0, until);
      }
    }
  }

  for (const trigger of policy.triggers) {
    if (!trigger.roles.has(turn.role)) continue;
    const result = trigger.test(context);
    if (!result.held || result.signal === null) continue;
    if (!trigger.shadow && cooldowns[trigger.id] !== undefined) continue;
    const reading = signals[result.signal];
    firings.push(fire(trigger, result.signal, reading.evidence.slice(0, 5)));
  }

  // The strongest enforced firing decides; shadow and flag firings are recorded only.
  let winner: Firing | null = null;
  for (const firing of firings) {
    if (firing.shadow || firing.action === 'flag') continue;
    if (
      !winner ||
      ACTION_RANK[firing.action] > ACTION_RANK[winner.action] ||
      (ACTION_RANK[firing.action] === ACTION_RANK[winner.action] &&
        PRIORITY_RANK[firing.priority] > PRIORITY_RANK[winner.priority])
    ) {
      winner = firing;
    }
  }

  // Cooldowns start when a trigger fires (enforced, not shadow).
  for (const firing of firings) {
    if (firing.shadow) continue;
    const trigger = policy.triggers.find((candidate) => candidate.id === firing.trigger);
    if (trigger && trigger.cooldown > 0) cooldowns[trigger.id] = customerTurns + trigger.cooldown;
  }

  let decision: Decision;
  if (!winner) {
    decision = continueDecision(firings, policy, declined ? policy.messages.offerDeclined : null);
  } else {
    const action = winner.action as DecisionAction;
    let priority = winner.priority;
    for (const firing of firings) {
      if (
        !firing.shadow &&
        firing.action === winner.action &&
        PRIORITY_RANK[firing.priority] > PRIORITY_RANK[priority]
      ) {
        priority = firing.priority;
      }
    }
    const trigger = policy.triggers.find((candidate) => candidate.id === winner.trigger);
    const approvalTools =
      action === 'approval'
        ? (turn.toolCalls ?? [])
            .filter((call) => policy.approvalTools.has(call?.name))
            .map((call) => call.name)
        : [];
    decision = {
      action,
      firings,
      trigger: winner.trigger,
      priority,
      queue: winner.queue,
      // Self-harm always wins (a handoff at top priority), and the customer hears where to get help.
      message:
        winner.trigger === SELF_HARM_TRIGGER
          ? policy.messages.crisis
          : (trigger?.message ?? policy.messages[action as 'handoff' | 'offer' | 'approval']),
      approvalTools,
      policyVersion: policy.version,
    };
    if (action === 'offer') {
      offer = {
        trigger: winner.trigger,
        signal: winner.signal,
        priority,
        queue: winner.queue,
        at: customerTurns,
      };
    }
  }

  const next: EngineState = {
    v: 1,
    turns: state.turns + 1,
    customerTurns,
    lowConfidenceStreak: updates.lowConfidenceStreak,
    failures:
      decision.action === 'handoff' ? { consecutive: 0, total: updates.failures.total } : updates.failures,
    recent: updates.recent,
    repeats: updates.repeats,
    frustration: updates.frustration,
    frustrationContext: updates.frustrationContext,
    offer: decision.action === 'handoff' ? null : offer,
    cooldowns,
    windows: nextWindows,
    customer: updates.customer,
    handoffs: state.handoffs + (decision.action === 'handoff' ? 1 : 0),
  };
  return { decision, state: next, signals };
}
