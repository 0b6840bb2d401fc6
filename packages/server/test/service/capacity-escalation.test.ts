/**
 * Capacity-aware escalation on PGlite and PostgreSQL: the policy's capacity rules see the wait
 * predicted for the queue and who is online. Nobody who can take it online: the agent keeps helping
 * and offers a person (the customer's yes queues it). A long predicted wait: a callback is offered
 * with the handoff. Urgent handoffs are never changed. The decision records the rule and why.
 */
import { expect, it } from 'vitest';
import { applyCapacity, compilePolicy, decide, defaultPolicy, initialState } from '@baton/engine';
import type { BatonService } from '../../src/service/create-service.ts';
import type { Principal } from '../../src/service/types.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, uniqueId, type TestClock } from './harness.ts';

const CAPACITY_POLICY = {
  ...defaultPolicy,
  version: 'capacity-1',
  capacity: {
    rules: [
      { when: { nobodyWithSkillOnline: true }, then: 'offer' },
      { when: { predictedWaitOverSeconds: 600 }, then: 'callback' },
    ],
  },
};

it('never changes an urgent handoff (engine, pure)', () => {
  const policy = compilePolicy(CAPACITY_POLICY as Parameters<typeof compilePolicy>[0]);
  const { decision, state } = decide(
    initialState(),
    {
      role: 'agent',
      text: 'x',
      at: '2026-03-02T09:00:00Z',
      toolCalls: [{ name: 'request_human', ok: true }],
    },
    policy,
  );
  expect(decision.action).toBe('handoff');
  const nobody = { predictedWaitSeconds: null, skilledOnline: 0 };
  expect(applyCapacity(decision, state, policy, nobody).decision).toMatchObject({
    action: 'offer',
    capacity: { rule: 0 },
  });
  const urgent = { ...decision, priority: 'urgent' as const };
  expect(applyCapacity(urgent, state, policy, nobody).decision).toBe(urgent);
  expect(
    applyCapacity(decision, state, policy, { predictedWaitSeconds: 300, skilledOnline: 2 }).decision,
  ).toBe(decision);
});

async function handoffTurn(service: BatonService, agent: Principal, conversationId: string) {
  await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'my order is wrong' } });
  return service.postTurn(agent, { conversationId, turn: HANDOFF_TURN });
}

describeBackends('capacity-aware escalation', (use) => {
  async function setup(): Promise<{
    service: BatonService;
    clock: TestClock;
    agent: Principal;
    queue: string;
  }> {
    const queue = uniqueId('q');
    const { service, clock } = await makeService(use(), {
      queues: [queue],
      policy: { ...CAPACITY_POLICY, version: uniqueId('cap'), defaults: { queue, priority: 'normal' } },
    });
    return { service, clock, agent: await principal(service, 'agent'), queue };
  }

  it('offers a person for later when nobody who can take it is online; a yes queues it', async () => {
    const { service, agent } = await setup();
    const conversationId = uniqueId('conv');
    const result = await handoffTurn(service, agent, conversationId);
    expect(result.decision).toMatchObject({
      action: 'offer',
      capacity: { rule: 0, then: 'offer', reason: 'nobody who can take it is online', skilledOnline: 0 },
    });
    expect(result.handoff).toBeNull();
    expect(result.customerMessage).toMatch(/keep helping you here/);
    const stored = await service.getConversation(agent, conversationId);
    expect(stored.turns.at(-1)!).toMatchObject({ seq: 1 });
    const yes = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'yes please' },
    });
    expect(yes.decision.action).toBe('handoff');
    expect(yes.decision.capacity).toBeUndefined();
    expect(yes.handoff).toMatchObject({ status: 'queued' });
  });

  it('offers a callback with the handoff when the predicted wait is over the limit', async () => {
    const { service, clock, agent, queue } = await setup();
    const operator = await principal(service, 'operator');
    await service.setPresence(operator, { status: 'online', queues: [queue], capacity: 1 });
    // Recent handle times of 20 minutes, and the operator busy: a wait of about 20 minutes per place.
    for (let index = 0; index < 3; index++) {
      // Presence lapses after two minutes without a stream keeping it alive.
      await service.setPresence(operator, { status: 'online', queues: [queue], capacity: 1 });
      const conversationId = uniqueId('conv');
      const opened = await handoffTurn(service, agent, conversationId);
      expect(opened.decision).toMatchObject({ action: 'handoff' });
      await service.claim(operator, opened.handoff!.id);
      clock.advance(20 * 60_000);
      await service.resolve(operator, opened.handoff!.id, { resolved: true, warranted: true });
    }
    await service.setPresence(operator, { status: 'online', queues: [queue], capacity: 1 });
    const busy = await handoffTurn(service, agent, uniqueId('conv'));
    await service.claim(operator, busy.handoff!.id);
    const long = await handoffTurn(service, agent, uniqueId('conv'));
    expect(long.decision).toMatchObject({
      action: 'handoff',
      capacity: { rule: 1, then: 'callback', skilledOnline: 1 },
    });
    expect(long.decision.capacity!.predictedWaitSeconds!).toBeGreaterThan(600);
    expect(long.decision.capacity!.reason).toMatch(/predicted wait \d+ s is over 600 s/);
    expect(long.handoff).toMatchObject({ status: 'queued' });
    expect(long.customerMessage).toMatch(/call you back/);
  });
});
