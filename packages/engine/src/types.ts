/**
 * Terminology (one name for one thing; see DESIGN.md):
 * - conversation: one thread between a customer and the service, across agent and operators.
 * - turn: one message in it, with a role: `customer`, `agent` (the AI), `operator` (the human who
 *   took over) or `system`.
 * - signal: a measurement taken on a turn, with the evidence that made it.
 * - trigger: a named rule of the policy over signals. firing: one trigger matching one turn.
 * - decision: what the engine answers for a turn: `continue`, `offer`, `handoff` or `approval`.
 * - policy: the versioned set of triggers. A `shadow` trigger is evaluated and recorded but changes
 *   no decision.
 */

export type Role = 'customer' | 'agent' | 'operator' | 'system';

/** A tool the agent called on this turn, and how it went. */
export interface ToolCall {
  name: string;
  ok: boolean;
  error?: string;
  args?: Record<string, unknown>;
  result?: unknown;
}

/** What Baton knows about the customer; every field optional. */
export interface CustomerAttributes {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
  tier?: string;
  language?: string;
  verified?: boolean;
  /** Handoffs this customer had before this conversation. */
  priorHandoffs?: number;
  [attribute: string]: unknown;
}

export interface Money {
  value: number;
  currency?: string;
}

/** One message of a conversation, as the engine sees it. Time comes in on the turn. */
export interface Turn {
  role: Role;
  text: string;
  /** ISO 8601 time of the turn. The engine never reads the clock. */
  at: string;
  /** Agent-supplied confidence in 0..1 (agent turns). */
  confidence?: number;
  /** Intent label the agent already has for this turn. */
  intent?: string;
  /** Topic labels the agent already has for this turn. */
  topics?: string[];
  toolCalls?: ToolCall[];
  /** An amount the agent already extracted (a number is taken in the policy's currency). */
  amount?: number | Money;
  customer?: CustomerAttributes;
  metadata?: Record<string, unknown>;
}

/** The signal names are part of the public contract: the API, replay output and policy use them. */
export const SIGNAL_NAMES = [
  'human_request',
  'low_confidence',
  'agent_uncertainty',
  'repeated_failure',
  'loop',
  'frustration',
  'high_stakes',
  'customer_attribute',
  'agent_requested',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/**
 * One signal's reading on one turn. `score` is the headline number a condition compares by
 * default (0..1 for scores, a count for counters); `values` holds the other named numbers a
 * condition may pick with `field`; `evidence` quotes the words and numbers that made it.
 */
export interface SignalReading {
  score: number;
  values?: Record<string, number>;
  /** Labels this reading carries (high_stakes topics, customer tier, ...). */
  labels?: string[];
  evidence: string[];
}

export type Signals = Record<SignalName, SignalReading>;

export type Action = 'handoff' | 'offer' | 'approval' | 'flag';
export type DecisionAction = 'continue' | 'offer' | 'handoff' | 'approval';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

/** One trigger matching one turn. */
export interface Firing {
  trigger: string;
  signal: SignalName;
  action: Action;
  priority: Priority;
  queue: string;
  shadow: boolean;
  evidence: string[];
}

/** What the engine answers for a turn. A value, never an exception. */
export interface Decision {
  action: DecisionAction;
  /** Every firing on this turn, enforced and shadow. */
  firings: Firing[];
  /** The trigger whose firing decided the action (null on `continue`). */
  trigger: string | null;
  priority: Priority;
  queue: string;
  /** What to tell the customer now, if anything. */
  message: string | null;
  /** Tools waiting for an operator's yes or no (on `approval`). */
  approvalTools: string[];
  policyVersion: string;
  /** Set when a capacity rule changed a handoff (capacity.ts): what it was, the rule, and why. */
  capacity?: CapacityRecord;
}

/** What capacity-aware escalation knew and did; the server computes the inputs. */
export interface CapacityRecord {
  /** Index of the rule in `capacity.rules`. */
  rule: number;
  then: 'callback' | 'offer';
  reason: string;
  predictedWaitSeconds: number | null;
  skilledOnline: number;
}
