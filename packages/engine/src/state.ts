/**
 * The rolling state of one conversation between turns: small, JSON-serialisable, and holding no
 * text (fingerprints and numbers only), so it can be stored beside the conversation and sent over
 * the wire. Serialised, it stays under 2 KB.
 */
import type { Priority, SignalName } from './types.ts';
import type { WindowMemory } from './policy/compile-policy.ts';
import { initialFrustrationContext, type FrustrationContext } from './signals/frustration-context.ts';

export interface PendingOffer {
  trigger: string;
  signal: SignalName;
  priority: Priority;
  queue: string;
  /** The customer turn count when the offer was made. */
  at: number;
}

export interface EngineState {
  v: 1;
  /** Turns seen, all roles. */
  turns: number;
  /** Customer turns seen. */
  customerTurns: number;
  /** Agent turns in a row with confidence under the threshold. */
  lowConfidenceStreak: number;
  /** Failed tool calls and fallback replies: in a row, and in all. */
  failures: { consecutive: number; total: number };
  /** SimHash fingerprints of the last few texts of each role, newest last. */
  recent: { agent: string[]; customer: string[] };
  /** Near-duplicate repeats in a row, per role (a turn that says something new resets it). */
  repeats: { agent: number; customer: number };
  /** The last few customer frustration scores, oldest first. */
  frustration: number[];
  /**
   * What the frustration signal remembers of the service's turns and the customer's answers
   * (flags, streaks, fingerprints). Optional: states stored before it existed start afresh.
   */
  frustrationContext?: FrustrationContext;
  /** An offer of a person waiting for the customer's answer. */
  offer: PendingOffer | null;
  /** Trigger id → the customer turn count until which it stays quiet. */
  cooldowns: Record<string, number>;
  windows: WindowMemory;
  customer: { tier?: string; priorHandoffs?: number; verified?: boolean };
  /** Handoffs decided in this conversation so far. */
  handoffs: number;
}

/** The state of a conversation before its first turn. */
export function initialState(): EngineState {
  return {
    v: 1,
    turns: 0,
    customerTurns: 0,
    lowConfidenceStreak: 0,
    failures: { consecutive: 0, total: 0 },
    recent: { agent: [], customer: [] },
    repeats: { agent: 0, customer: 0 },
    frustration: [],
    frustrationContext: initialFrustrationContext(),
    offer: null,
    cooldowns: {},
    windows: {},
    customer: {},
    handoffs: 0,
  };
}
