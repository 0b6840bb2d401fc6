import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  decide,
  defaultPolicy,
  initialState,
  policyJsonSchema,
  validatePolicy,
} from '../src/index.ts';

const trigger = { id: 'a', when: { signal: 'human_request' }, action: 'handoff' };

describe('validatePolicy', () => {
  it('accepts the default policy and fills defaults', () => {
    const result = validatePolicy(defaultPolicy);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.policy.version).toBe('default-1');
      expect(result.policy.triggers.find((entry) => entry.id === 'vip-customer-unhappy')?.mode).toBe(
        'shadow',
      );
    }
  });

  it('turns a numeric version into a string', () => {
    const result = validatePolicy({ version: 7, triggers: [trigger] });
    expect(result.ok && result.policy.version).toBe('7');
  });

  it.each([
    ['no triggers', { version: '1', triggers: [] }, ['triggers']],
    [
      'unknown signal',
      { version: '1', triggers: [{ ...trigger, when: { signal: 'sentiment' } }] },
      ['triggers', 0, 'when', 'signal'],
    ],
    [
      'unknown action',
      { version: '1', triggers: [{ ...trigger, action: 'escalate' }] },
      ['triggers', 0, 'action'],
    ],
    [
      'bad priority',
      { version: '1', triggers: [{ ...trigger, priority: 'asap' }] },
      ['triggers', 0, 'priority'],
    ],
    ['bad id', { version: '1', triggers: [{ ...trigger, id: 'Has Spaces' }] }, ['triggers', 0, 'id']],
    ['duplicate id', { version: '1', triggers: [trigger, trigger] }, ['triggers', 1, 'id']],
    ['unknown key', { version: '1', triggers: [{ ...trigger, colour: 'red' }] }, ['triggers', 0]],
    [
      'negative cooldown',
      { version: '1', triggers: [{ ...trigger, cooldown: -1 }] },
      ['triggers', 0, 'cooldown'],
    ],
    [
      'bad currency',
      { version: '1', signals: { high_stakes: { currency: 'dollars' } }, triggers: [trigger] },
      ['signals', 'high_stakes', 'currency'],
    ],
    ['missing version', { triggers: [trigger] }, ['version']],
  ])('rejects %s with the path of the field', (_name, input, path) => {
    const result = validatePolicy(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.path)).toContainEqual(path);
      expect(result.issues.every((issue) => issue.message.length > 0)).toBe(true);
    }
  });

  it('publishes a JSON Schema that names every signal', () => {
    const schema = JSON.stringify(policyJsonSchema());
    for (const signal of ['human_request', 'high_stakes', 'agent_requested'])
      expect(schema).toContain(signal);
  });

  it('compiles extension topics into the high-stakes signal', () => {
    const policy = compilePolicy({
      version: 'x',
      signals: { high_stakes: { topics: { warranty: ['warranty claim', 'broken on arrival'] } } },
      triggers: [{ id: 'warranty', when: { signal: 'high_stakes', labels: ['warranty'] }, action: 'offer' }],
    });
    const turn = {
      role: 'customer' as const,
      text: 'I want to make a warranty claim',
      at: '2026-01-01T00:00:00Z',
    };
    const { decision } = decide(initialState(), turn, policy);
    expect(decision).toMatchObject({ action: 'offer', trigger: 'warranty' });
    expect(decision.firings[0]!.evidence.join(' ')).toContain('warranty claim');
  });
});
