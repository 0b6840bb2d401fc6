/**
 * Self-harm is read from the high-stakes reading (its `self_harm` topic) and always escalates:
 * no policy can turn it off, and it comes first at top priority.
 */
import type { SignalReading } from '../types.ts';

/** The evidence of self-harm in a high-stakes reading, or null when there is none. */
export function detectSelfHarm(highStakes: SignalReading): string[] | null {
  if (!highStakes.labels?.includes('self_harm')) return null;
  return highStakes.evidence.length > 0 ? highStakes.evidence.slice(0, 3) : ['self-harm mentioned'];
}
