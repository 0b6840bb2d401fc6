/**
 * The engine over a recorded conversation. Baton's offers were never shown to the customer of a
 * recording, so the recorded next turn ("sure, for four people") answers the agent, never the
 * offer: replay reports each offer and carries on without a pending offer.
 */
import { decide, type DecideResult } from './decide.ts';
import type { CompiledPolicy } from './policy/compile-policy.ts';
import { initialState, type EngineState } from './state.ts';
import type { Turn } from './types.ts';

/** The state to carry to the next recorded turn: the same, less an offer the recording never made. */
export function forgetUndeliveredOffer(state: EngineState): EngineState {
  return state.offer === null ? state : { ...state, offer: null };
}

/** Decides every turn of a recorded conversation in order, never inventing an answer to an offer. */
export function* replayTurns(turns: Iterable<Turn>, policy: CompiledPolicy): Generator<DecideResult> {
  let state = initialState();
  for (const turn of turns) {
    const result = decide(state, turn, policy);
    state = forgetUndeliveredOffer(result.state);
    yield result;
  }
}
