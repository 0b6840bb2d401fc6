/**
 * Takes every signal of one turn. Each signal reads the turns of its own role; the others get a
 * zero reading, so a condition on a customer signal never holds on an agent turn.
 */
import type { CompiledPolicy } from '../policy/compile-policy.ts';
import type { EngineState } from '../state.ts';
import type { TextView } from '../text.ts';
import type { SignalReading, Signals, ToolCall, Turn } from '../types.ts';
import { detectAgentUncertainty } from './agent-uncertainty.ts';
import { measureFrustrationInContext } from './frustration.ts';
import {
  initialFrustrationContext,
  observeAgentTurn,
  type FrustrationContext,
} from './frustration-context.ts';
import { detectHumanRequest } from './human-request.ts';
import { fingerprint, similarity } from './similarity.ts';

const ZERO: SignalReading = Object.freeze({ score: 0, evidence: Object.freeze([]) as unknown as string[] });

/** What the signals changed in the rolling state, applied by `decide`. */
export interface SignalUpdates {
  lowConfidenceStreak: number;
  failures: { consecutive: number; total: number };
  recent: { agent: string[]; customer: string[] };
  repeats: { agent: number; customer: number };
  frustration: number[];
  frustrationContext: FrustrationContext;
  customer: EngineState['customer'];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * A short acknowledgement ("yes, that works", "thank you so much for your help", "ok great") says
 * nothing new and is said again and again in a conversation that goes well: it is not a repeat.
 */
// "ok but my order still hasn't come" opens with ok and is a complaint: words of contrast,
// negation or a question keep a turn in the loop count.
const ACKNOWLEDGEMENT =
  /^(?!.*\b(?:but|still|not|never|again|where|when|why|how|what)\b|.*n't\b)(?:(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|great|perfect|fine|good|cool|awesome|excellent|wonderful|thanks|thank you|thx|ty|sounds good|that works|that'?s (?:all|it|great|good|fine|perfect|correct|right)|correct|right|exactly|bye|goodbye)\b[^?]{0,60})$/u;

function measureLoop(
  view: TextView,
  role: 'agent' | 'customer',
  state: EngineState,
  policy: CompiledPolicy,
  updates: SignalUpdates,
): SignalReading {
  if (view.words.length < policy.loop.minWords || ACKNOWLEDGEMENT.test(view.lower)) return ZERO;
  const print = fingerprint(view.words);
  const previous = state.recent[role];
  // A repeat is a loop only when nothing new was said since the earlier copy: the turns of this
  // role in between (short acknowledgements are never kept) must all have been repeats too.
  // "Anything else?" again after a task done in between is a habit of speech, not a loop.
  const streak = state.repeats[role];
  let best = 0;
  let repeated = false;
  // `similarityAtN`: the similarity to the turn N turns back, so calibration can re-apply the rule.
  const values: Record<string, number> = {};
  previous.forEach((earlier, index) => {
    const score = round(similarity(print, earlier));
    const distance = previous.length - index;
    values[`similarityAt${distance}`] = score;
    best = Math.max(best, score);
    if (score >= policy.loop.similarity && distance <= streak + 1) repeated = true;
  });
  const repeats = repeated ? streak + 1 : 0;
  updates.recent = { ...updates.recent, [role]: [...previous, print].slice(-policy.loop.window) };
  updates.repeats = { ...updates.repeats, [role]: repeats };
  return {
    score: best,
    values: { similarity: best, repeats, repeated: repeated ? 1 : 0, ...values },
    labels: [role],
    evidence: repeated ? [`${role} repeated: "${view.raw.slice(0, 120)}"`] : [],
  };
}

/** Whether a failed tool call was retried with success later in the same turn. */
function retriedWell(calls: readonly ToolCall[], index: number): boolean {
  const name = calls[index]!.name;
  for (let later = index + 1; later < calls.length; later++) {
    const call = calls[later];
    if (call && call.name === name && call.ok === true) return true;
  }
  return false;
}

function measureCustomerAttribute(turn: Turn, state: EngineState, updates: SignalUpdates): SignalReading {
  const given = turn.customer;
  const customer = given
    ? {
        tier: typeof given.tier === 'string' ? given.tier.toLowerCase() : state.customer.tier,
        priorHandoffs:
          typeof given.priorHandoffs === 'number' ? given.priorHandoffs : state.customer.priorHandoffs,
        verified: typeof given.verified === 'boolean' ? given.verified : state.customer.verified,
      }
    : state.customer;
  updates.customer = customer;
  const priorHandoffs = customer.priorHandoffs ?? 0;
  const evidence: string[] = [];
  if (customer.tier) evidence.push(`tier: ${customer.tier}`);
  if (priorHandoffs > 0) evidence.push(`prior handoffs: ${priorHandoffs}`);
  return {
    score: customer.tier || priorHandoffs > 0 ? 1 : 0,
    values: { priorHandoffs, verified: customer.verified ? 1 : 0, handoffsHere: state.handoffs },
    labels: customer.tier ? [customer.tier] : [],
    evidence,
  };
}

/** Measures every signal on one turn, and what they change in the state. */
export function measureSignals(
  turn: Turn,
  view: TextView,
  state: EngineState,
  policy: CompiledPolicy,
): { signals: Signals; updates: SignalUpdates } {
  const updates: SignalUpdates = {
    lowConfidenceStreak: state.lowConfidenceStreak,
    failures: state.failures,
    recent: state.recent,
    repeats: state.repeats,
    frustration: state.frustration,
    frustrationContext: state.frustrationContext ?? initialFrustrationContext(),
    customer: state.customer,
  };
  const signals: Signals = {
    human_request: ZERO,
    low_confidence: ZERO,
    agent_uncertainty: ZERO,
    repeated_failure: ZERO,
    loop: ZERO,
    frustration: ZERO,
    high_stakes: ZERO,
    customer_attribute: ZERO,
    agent_requested: ZERO,
  };

  if (turn.role === 'customer') {
    signals.human_request = detectHumanRequest(view);
    const { reading: frustration, context } = measureFrustrationInContext(
      view,
      state.frustration,
      updates.frustrationContext,
    );
    signals.frustration = frustration;
    updates.frustrationContext = context;
    updates.frustration = [...state.frustration, round(frustration.score)].slice(-policy.frustrationWindow);
    signals.high_stakes = policy.highStakes(view, turn);
    signals.loop = measureLoop(view, 'customer', state, policy, updates);
    signals.customer_attribute = measureCustomerAttribute(turn, state, updates);
  } else if (turn.role === 'agent') {
    const uncertainty = detectAgentUncertainty(view);
    updates.frustrationContext = observeAgentTurn(updates.frustrationContext, view);
    signals.agent_uncertainty = uncertainty;
    signals.loop = measureLoop(view, 'agent', state, policy, updates);
    // Agent actions that need approval are high stakes on the agent's own turn.
    signals.high_stakes = policy.highStakes(view, turn);

    const confidence =
      typeof turn.confidence === 'number' && Number.isFinite(turn.confidence) ? turn.confidence : null;
    if (confidence !== null) {
      const low = confidence < policy.lowConfidenceThreshold;
      updates.lowConfidenceStreak = low ? state.lowConfidenceStreak + 1 : 0;
      signals.low_confidence = {
        score: low ? 1 : 0,
        values: {
          confidence,
          consecutive: updates.lowConfidenceStreak,
          threshold: policy.lowConfidenceThreshold,
        },
        evidence: low ? [`confidence ${confidence} < ${policy.lowConfidenceThreshold}`] : [],
      };
    }

    const failedTools: string[] = [];
    const requestTools: string[] = [];
    const calls = turn.toolCalls ?? [];
    calls.forEach((call, index) => {
      if (!call || typeof call.name !== 'string') return;
      if (policy.agentRequestTools.has(call.name)) requestTools.push(call.name);
      else if (call.ok === false && !retriedWell(calls, index))
        failedTools.push(call.error ? `${call.name}: ${call.error}` : call.name);
    });
    // Failures count agent turns, in a row: a turn that failed (a tool error it did not recover
    // from, a fallback, a task it could not do) adds one; a turn that did not resets the streak.
    const failedReply = (uncertainty.values?.['failure'] ?? 0) > 0;
    const failed = failedTools.length > 0 || failedReply;
    updates.failures = {
      consecutive: failed ? state.failures.consecutive + 1 : 0,
      total: state.failures.total + (failed ? 1 : 0),
    };
    signals.repeated_failure = {
      score: updates.failures.consecutive,
      values: {
        consecutive: updates.failures.consecutive,
        total: updates.failures.total,
        thisTurn: failed ? 1 : 0,
      },
      evidence: failed
        ? [
            ...failedTools.map((tool) => `tool failed: ${tool.slice(0, 160)}`),
            ...(failedReply ? uncertainty.evidence.map((quote) => `failed reply: ${quote}`) : []),
          ]
        : [],
    };

    if (requestTools.length > 0) {
      const reason = turn.toolCalls?.find((call) => requestTools.includes(call.name))?.args?.reason;
      signals.agent_requested = {
        score: 1,
        evidence: requestTools.map((tool) =>
          typeof reason === 'string' ? `${tool}: ${reason.slice(0, 200)}` : tool,
        ),
      };
    }
  }
  return { signals, updates };
}
