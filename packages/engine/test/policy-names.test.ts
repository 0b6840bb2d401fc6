/** A policy names real things: unknown signals (anywhere in a condition) and unknown queues are refused with their field. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, SIGNAL_NAMES, validatePolicy, type PolicyIssue } from '../src/index.ts';

const QUEUES = ['general', 'billing'];

function policyWith(trigger: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { version: 't', ...extra, triggers: [{ id: 'a', action: 'handoff', ...trigger }] };
}

function issuesOf(input: unknown, queues?: string[]): PolicyIssue[] {
  const result = validatePolicy(input, queues ? { queues } : {});
  return result.ok ? [] : result.issues;
}

describe('policy names', () => {
  it.each([
    [
      'an unknown signal',
      policyWith({ when: { signal: 'self_harm_ish' } }),
      'triggers.0.when.signal',
      /unknown signal "self_harm_ish"; the signals are human_request, /,
    ],
    [
      'one inside all',
      policyWith({ when: { all: [{ signal: 'loop' }, { signal: 'anger' }] } }),
      'triggers.0.when.all.1.signal',
      /unknown signal "anger"/,
    ],
    [
      'one inside any and not',
      policyWith({ when: { any: [{ not: { signal: 'mood' } }] } }),
      'triggers.0.when.any.0.not.signal',
      /unknown signal "mood"/,
    ],
    [
      'a trigger queue',
      policyWith({ when: { signal: 'loop' }, queue: 'fraud' }),
      'triggers.0.queue',
      /unknown queue "fraud"; the queues are general, billing/,
    ],
    [
      'the default queue',
      policyWith({ when: { signal: 'loop' } }, { defaults: { queue: 'sales' } }),
      'defaults.queue',
      /unknown queue "sales"/,
    ],
  ])('refuses %s with the field path and what is allowed', (_name, input, path, message) => {
    const issues = issuesOf(input, QUEUES);
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([path]);
    expect(issues[0]!.message).toMatch(message);
  });

  it('lists every signal the engine measures in the message', () => {
    const [issue] = issuesOf(policyWith({ when: { signal: 'nope' } }));
    for (const name of SIGNAL_NAMES) expect(issue!.message).toContain(name);
  });

  it('reports every unknown name at once, and still the other schema errors', () => {
    const input = {
      version: 't',
      defaults: { queue: 'nowhere' },
      triggers: [
        { id: 'a', action: 'handoff', when: { signal: 'x' }, queue: 'y' },
        { id: 'b', action: 'handof', when: { signal: 'loop' } },
      ],
    };
    const paths = issuesOf(input, QUEUES).map((issue) => issue.path.join('.'));
    expect(paths.sort()).toEqual([
      'defaults.queue',
      'triggers.0.queue',
      'triggers.0.when.signal',
      'triggers.1.action',
    ]);
  });

  it('accepts known names, and does not check queues when none are given', () => {
    expect(issuesOf(policyWith({ when: { signal: 'loop' }, queue: 'billing' }), QUEUES)).toEqual([]);
    expect(issuesOf(policyWith({ when: { signal: 'loop' }, queue: 'anything' }))).toEqual([]);
    expect(validatePolicy(defaultPolicy, { queues: ['general'] }).ok).toBe(true);
  });
});
