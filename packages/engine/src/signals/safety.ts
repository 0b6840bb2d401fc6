/**
 * A safety concern in a customer's words: self-harm (the `self_harm` topic of the high-stakes
 * reading) or danger (its `medical_safety` topic: an emergency happening now). Read on every
 * customer turn in every state of the conversation, including while a handoff waits and while an
 * operator owns it, when the rest of the engine may not be asked.
 */
import type { CompiledPolicy } from '../policy/compile-policy.ts';
import { viewText } from '../text.ts';
import type { SignalReading, Turn } from '../types.ts';
import { detectSelfHarm } from './self-harm.ts';

export interface SafetyConcern {
  kind: 'self_harm' | 'danger';
  /** The words that showed it (at most three). */
  evidence: string[];
}

/** The concern a high-stakes reading carries, self-harm first; null when there is none. */
export function safetyConcernOf(highStakes: SignalReading): SafetyConcern | null {
  const selfHarm = detectSelfHarm(highStakes);
  if (selfHarm) return { kind: 'self_harm', evidence: selfHarm };
  if (highStakes.labels?.includes('medical_safety')) {
    return { kind: 'danger', evidence: highStakes.evidence.slice(0, 3) };
  }
  return null;
}

/** Measures a turn for a safety concern on its own (customer turns only). */
export function measureSafety(turn: Turn, policy: CompiledPolicy): SafetyConcern | null {
  if (turn.role !== 'customer') return null;
  const view = viewText(typeof turn.text === 'string' ? turn.text : '');
  return safetyConcernOf(policy.highStakes(view, turn));
}
