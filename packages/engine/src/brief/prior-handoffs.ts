/**
 * How many times this customer needed a person before. Two sources can know: the handoffs Baton
 * recorded for the customer, and the count the agent's own system passes as the customer attribute
 * `priorHandoffs` (history from before Baton, or from another channel). They overlap, so the larger
 * is taken, never the sum; every reader (API, console, CLI) gets its number from here.
 */
import type { CustomerAttributes } from '../types.ts';

/** The prior handoffs of a customer: the larger of the recorded count and the attribute given. */
export function priorHandoffCount(recorded: number, customer: CustomerAttributes | undefined): number {
  const given = customer?.priorHandoffs;
  const attribute = typeof given === 'number' && Number.isFinite(given) && given > 0 ? Math.floor(given) : 0;
  return Math.max(Math.max(0, Math.floor(recorded)), attribute);
}
