import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, defaultPolicy, initialState, replayTurns, type Turn } from '../src/index.ts';

const policy = compilePolicy(defaultPolicy);
const at = '2026-01-01T00:00:00.000Z';
const turn = (role: Turn['role'], text: string): Turn => ({ role, text, at });

describe('replayTurns', () => {
  const turns = [
    turn('customer', 'I need a refund for my order'),
    turn('agent', 'Sure, which order?'),
    turn('customer', 'yes please, the blue shoes'),
    turn('customer', 'yes please'),
  ];

  it('reports the offer and never invents an answer to it from the recorded turns', () => {
    const actions = [...replayTurns(turns, policy)].map((result) => result.decision.action);
    expect(actions).toEqual(['offer', 'continue', 'continue', 'continue']);
  });

  it('differs from a live conversation only in the pending offer', () => {
    // Live, the customer saw the offer: a plain yes right after it is an answer.
    let state = initialState();
    const live = [turns[0]!, turn('customer', 'yes please')].map((current) => {
      const result = decide(state, current, policy);
      state = result.state;
      return result.decision.action;
    });
    expect(live).toEqual(['offer', 'handoff']);
    const replayed = [...replayTurns([turns[0]!, turn('customer', 'yes please')], policy)];
    expect(replayed.map((result) => result.decision.action)).toEqual(['offer', 'continue']);
  });
});
