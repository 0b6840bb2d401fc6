import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPolicyErrors, loadPolicyFile, parsePolicyText } from '../../src/policy/load-policy.ts';

const valid = `version: 3
triggers:
  - id: asks-for-person
    when: { signal: human_request, gte: 0.5 }
    action: handoff
`;

describe('policy files', () => {
  it('loads a valid YAML policy', () => {
    const result = parsePolicyText(valid, 'policy.yaml');
    expect(result.ok && result.policy.version).toBe('3');
  });

  it('names the file, line, column and field of a schema error', () => {
    const text = `version: 3
triggers:
  - id: asks-for-person
    when: { signal: human_request, gte: 0.5 }
    action: handoff
  - id: second
    when: { signal: frustration }
    action: handof
    priority: asap
`;
    const result = parsePolicyText(text, 'policies/support.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const action = result.errors.find((error) => error.field === 'triggers[1].action');
    expect(action).toMatchObject({ file: 'policies/support.yaml', line: 8, column: 13 });
    const priority = result.errors.find((error) => error.field === 'triggers[1].priority');
    expect(priority).toMatchObject({ line: 9 });
    expect(formatPolicyErrors(result.errors)).toContain('policies/support.yaml:8:13 triggers[1].action:');
  });

  it('points a missing field at its parent', () => {
    const result = parsePolicyText(`version: 1\ntriggers:\n  - id: x\n    action: flag\n`, 'p.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ field: 'triggers[0].when', line: 3 });
  });

  it('refuses an unknown signal, and a queue outside the given ones, at the line of the field', () => {
    const text = `version: 4
defaults: { queue: general }
triggers:
  - id: a
    when: { any: [{ signal: loop }, { signal: sentiment }] }
    action: handoff
    queue: vip
`;
    const result = parsePolicyText(text, 'p.yaml', { queues: ['general', 'billing'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        field: 'triggers[0].when.any[1].signal',
        line: 5,
        message: expect.stringMatching(/^unknown signal "sentiment"; the signals are human_request, /),
      }),
      expect.objectContaining({
        field: 'triggers[0].queue',
        line: 7,
        message: 'unknown queue "vip"; the queues are general, billing',
      }),
    ]);
    // Without a queue list (nothing to check against), only the signal is refused.
    const unchecked = parsePolicyText(text, 'p.yaml');
    expect(unchecked.ok || unchecked.errors.map((error) => error.field)).toEqual([
      'triggers[0].when.any[1].signal',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const result = parsePolicyText(`version: 1\ntriggers:\n  - id: x\n   action: [flag\n`, 'broken.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reads JSON as well, and a missing file is an error value', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'baton-policy-'));
    const path = join(folder, 'policy.json');
    await writeFile(
      path,
      JSON.stringify({ version: 'j', triggers: [{ id: 'a', when: { signal: 'loop' }, action: 'flag' }] }),
    );
    const loaded = await loadPolicyFile(path);
    expect(loaded.ok && loaded.policy.version).toBe('j');
    const missing = await loadPolicyFile(join(folder, 'nope.yaml'));
    expect(missing).toMatchObject({ ok: false, errors: [{ message: 'file not found' }] });
  });
});
