/** Policies on both back ends: validated by the engine, versioned, and recorded on every decision. */
import { defaultPolicy } from '@baton/engine';
import { expect, it } from 'vitest';
import { describeBackends } from '../storage/backends.ts';
import { expectCode, makeService, principal, uniqueId } from './harness.ts';

describeBackends('policy', (use) => {
  it('stores the default policy first, validates new versions and records the version on decisions', async () => {
    const { service } = await makeService(use());
    const admin = await principal(service, 'admin', 'lead');
    const agent = await principal(service, 'agent');
    expect(await service.getPolicy()).toMatchObject({ version: 'default-1', createdBy: 'default' });

    const invalid = await expectCode(
      service.putPolicy(admin, { version: 'x', triggers: [{ id: 'a' }] }),
      'invalid_policy',
    );
    expect(invalid.status).toBe(400);
    const errors = invalid.extensions.errors as { path: string; message: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(errors.map((error) => error.path)).toContain('triggers.0.when');
    expect((await service.getPolicy()).version).toBe('default-1');

    const cursor = (await service.events({ limit: 1000 })).at(-1)?.id;
    const next = { ...defaultPolicy, version: 'strict-2' };
    const stored = await service.putPolicy(admin, next);
    expect(stored).toMatchObject({ version: 'strict-2', createdBy: 'lead' });
    expect(await service.getPolicy()).toMatchObject({ version: 'strict-2', document: next });
    expect(
      (await service.events({ afterId: cursor })).map((event) => [event.type, event.data.version]),
    ).toEqual([['policy-updated', 'strict-2']]);

    const conversationId = uniqueId('conv');
    const result = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'hello' },
    });
    expect(result.decision.policyVersion).toBe('strict-2');
    const [row] = await use().query<{ policy_version: string; decision: { policyVersion: string } }>(
      'SELECT policy_version, decision FROM turns WHERE id = $1',
      [result.turn.id],
    );
    expect(row).toMatchObject({ policy_version: 'strict-2', decision: { policyVersion: 'strict-2' } });

    // A version names one document; putting the same one again changes nothing.
    await expectCode(service.putPolicy(admin, { ...next, description: 'changed' }), 'invalid_policy');
    expect(await service.putPolicy(admin, next)).toMatchObject({ version: 'strict-2' });
    // Going back to an earlier version re-activates it.
    await service.putPolicy(admin, defaultPolicy);
    expect((await service.getPolicy()).version).toBe('default-1');
  });

  it('refuses a policy naming a queue the deployment does not have, at upload and at start', async () => {
    const { service } = await makeService(use());
    const admin = await principal(service, 'admin', 'lead');
    const routed = {
      version: uniqueId('routed'),
      triggers: [{ id: 'a', when: { signal: 'loop' }, action: 'handoff', queue: 'fraud' }],
    };
    const refused = await expectCode(service.putPolicy(admin, routed), 'invalid_policy');
    expect(refused.extensions.errors).toEqual([
      { path: 'triggers.0.queue', message: 'unknown queue "fraud"; the queues are general, billing' },
    ]);
    await expect(makeService(use(), { policy: routed })).rejects.toMatchObject({ code: 'invalid_policy' });
    const known = { ...routed, triggers: [{ ...routed.triggers[0], queue: 'billing' }] };
    expect(await service.putPolicy(admin, known)).toMatchObject({ version: routed.version });
    // The built-in default names the queue `general`; a deployment without it still starts.
    await makeService(use(), { queues: ['sales'] });
  });

  it('makes a configured policy current at start', async () => {
    await makeService(use(), { policy: { ...defaultPolicy, version: 'configured-3' } });
    const { service } = await makeService(use());
    expect((await service.getPolicy()).version).toBe('configured-3');
    await expect(makeService(use(), { policy: { version: 'bad' } })).rejects.toMatchObject({
      code: 'invalid_policy',
    });
  });
});
