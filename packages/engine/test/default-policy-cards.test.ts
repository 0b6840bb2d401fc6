import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../src/policy/compile-policy.ts';
import { defaultPolicy } from '../src/policy/default-policy.ts';
import { replayTurns } from '../src/replay-turns.ts';

const policy = compilePolicy(defaultPolicy);
const decisionOf = (text: string) => {
  const decisions = [...replayTurns([{ role: 'customer', text, at: '2026-01-01T00:00:00Z' }], policy)];
  return decisions[decisions.length - 1]!.decision;
};

describe('default policy: a lost card is handled by the agent, fraud is not', () => {
  it.each<[string, string, string | undefined]>([
    ['i lost my credit card', 'continue', undefined],
    ['my card was stolen, please block it and send a new one', 'continue', undefined],
    ['kindly block my card', 'continue', undefined],
    ['my card was stolen and there are charges i did not make', 'handoff', 'fraud-or-security'],
    ['someone stole my card number and bought things', 'handoff', 'fraud-or-security'],
    ['my account was hacked', 'handoff', 'fraud-or-security'],
    ['i want to close my account', 'offer', 'sensitive-request'],
  ])('%s → %s', (text, action, trigger) => {
    const decision = decisionOf(text);
    expect(decision.action).toBe(action);
    expect(decision.trigger ?? undefined).toBe(trigger);
  });
});
