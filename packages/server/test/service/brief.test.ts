/**
 * The brief travels with the handoff: built when it is created (the turn that caused it included),
 * refreshed while the customer waits, masked before it is stored, on PGlite and on PostgreSQL.
 */
import { expect, it } from 'vitest';
import type { Brief } from '@baton/engine';
import { describeBackends } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from './harness.ts';

describeBackends('handoff brief', (use) => {
  it('holds the facts, the reasons and the masked card; refreshed while waiting', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, {
      conversationId,
      turn: {
        role: 'customer',
        text: 'Hi, order 4471-983 never arrived. I paid with card 4111 1111 1111 1111.',
      },
      customer: { id: uniqueId('cust'), name: 'Sam Ortiz', tier: 'gold' },
    });
    await service.postTurn(agent, {
      conversationId,
      turn: {
        role: 'agent',
        text: 'Let me look that up.',
        toolCalls: [{ name: 'lookup_order', ok: false, error: 'timeout' }],
      },
    });
    clock.advance(30_000);
    const escalated = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'This is taking forever. I want to talk to a real person.' },
    });
    expect(escalated.handoff).not.toBeNull();
    const brief = escalated.handoff!.brief as Brief;
    expect(brief.schemaVersion).toBe(1);
    expect(brief.facts).toContainEqual(
      expect.objectContaining({ type: 'order_id', value: '4471-983', turn: 0 }),
    );
    expect(brief.reasons.map((reason) => reason.trigger)).toContain('customer-asks-for-person');
    expect(JSON.stringify(brief)).not.toContain('4111 1111 1111 1111');
    expect(JSON.stringify(brief)).not.toContain('4111111111111111');

    clock.advance(60_000);
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'My email is sam.ortiz@example.com if that helps.' },
    });
    const operator = await principal(service, 'operator');
    const refreshed = (await service.getHandoff(operator, escalated.handoff!.id)).brief as Brief;
    expect(refreshed.facts).toContainEqual(
      expect.objectContaining({ type: 'email', value: 'sam.ortiz@example.com', turn: 3 }),
    );
  });

  it('an agent-requested handoff carries the reason the agent gave', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'I need to change the name on booking BK-20931.' },
    });
    const { handoff } = await service.requestHandoff(agent, {
      conversationId,
      reason: 'name change needs an ID check',
    });
    const brief = handoff.brief as Brief;
    expect(JSON.stringify(brief.reasons)).toContain('name change needs an ID check');
    expect(brief.ask).not.toBeNull();
  });
});
