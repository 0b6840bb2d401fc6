/**
 * Capacity-aware escalation: a handoff decision may become a callback offer or an offer of a person
 * for later, by the policy's `capacity.rules`, depending on the wait predicted for the queue and on
 * whether anyone who can take it is online. Pure: the server measures both and passes them in. An
 * urgent handoff or a safety trigger is never changed. The decision records the rule and why.
 */
import type { CompiledPolicy } from './policy/compile-policy.ts';
import { SELF_HARM_TRIGGER } from './decide.ts';
import type { EngineState } from './state.ts';
import type { Decision } from './types.ts';

/** What the server knows about the queue the handoff would wait in. */
export interface CapacityInput {
  /** The wait predicted for a new handoff at the back of the queue (seconds), or null: no estimate. */
  predictedWaitSeconds: number | null;
  /** Operators online who could take the queue's handoffs (skills, languages), free or busy. */
  skilledOnline: number;
}

const DEFAULT_CALLBACK_MESSAGE =
  'Everyone on our team is busy and the wait is long right now. Leave a phone number and a person will ' +
  "call you back as soon as one is free; you won't need to repeat anything.";
const DEFAULT_OFFER_MESSAGE =
  'Nobody who can help with this is online right now. I will keep helping you here, and I can bring in a ' +
  'person as soon as one is available: would you like that?';

/**
 * Applies the first matching capacity rule to a `handoff` decision; anything else, an urgent
 * handoff, the self-harm trigger, or the yes to an offer made before (`previous` state) passes unchanged. `offer` also sets the engine state's pending
 * offer, so the customer's yes on the next turn hands off as any accepted offer does.
 */
export function applyCapacity(
  decision: Decision,
  state: EngineState,
  policy: CompiledPolicy,
  input: CapacityInput,
  previous: EngineState | null = null,
): { decision: Decision; state: EngineState } {
  if (decision.action !== 'handoff' || decision.priority === 'urgent') return { decision, state };
  // The customer said yes to an offer of a person (perhaps one a capacity rule made): they wait.
  if (previous?.offer && previous.offer.trigger === decision.trigger) return { decision, state };
  if (
    decision.trigger === SELF_HARM_TRIGGER ||
    decision.firings.some((firing) => firing.trigger === SELF_HARM_TRIGGER)
  ) {
    return { decision, state };
  }
  const rules = policy.policy.capacity?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    const priorities = rule.when.priorities ?? ['low', 'normal'];
    if (!(priorities as string[]).includes(decision.priority)) continue;
    const reasons: string[] = [];
    if (rule.when.predictedWaitOverSeconds !== undefined) {
      if (
        input.predictedWaitSeconds === null ||
        input.predictedWaitSeconds <= rule.when.predictedWaitOverSeconds
      )
        continue;
      reasons.push(
        `predicted wait ${Math.round(input.predictedWaitSeconds)} s is over ${rule.when.predictedWaitOverSeconds} s`,
      );
    }
    if (rule.when.nobodyWithSkillOnline !== undefined) {
      if ((input.skilledOnline === 0) !== rule.when.nobodyWithSkillOnline) continue;
      reasons.push(
        input.skilledOnline === 0
          ? 'nobody who can take it is online'
          : `${input.skilledOnline} who can take it online`,
      );
    }
    if (reasons.length === 0) continue;
    const record = {
      rule: index,
      then: rule.then,
      reason: reasons.join('; '),
      predictedWaitSeconds: input.predictedWaitSeconds,
      skilledOnline: input.skilledOnline,
    };
    if (rule.then === 'callback') {
      return {
        decision: { ...decision, message: rule.message ?? DEFAULT_CALLBACK_MESSAGE, capacity: record },
        state,
      };
    }
    const firing = decision.firings.find((candidate) => candidate.trigger === decision.trigger);
    return {
      decision: {
        ...decision,
        action: 'offer',
        message: rule.message ?? DEFAULT_OFFER_MESSAGE,
        capacity: record,
      },
      state: {
        ...state,
        handoffs: Math.max(0, state.handoffs - 1),
        offer: {
          trigger: decision.trigger ?? 'unknown',
          signal: firing?.signal ?? 'agent_requested',
          priority: decision.priority,
          queue: decision.queue,
          at: state.customerTurns,
        },
      },
    };
  }
  return { decision, state };
}
