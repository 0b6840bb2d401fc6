/** Offers over the service, on both back ends: what the customer is told after a yes or a no. */
import { defaultPolicy } from '@baton/engine';
import { expect, it } from 'vitest';
import { describeBackends } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from './harness.ts';

describeBackends('offers', (use) => {
  it("tells the customer the policy's offerDeclined message after a no, and nothing on an ordinary turn", async () => {
    const policy = {
      ...defaultPolicy,
      version: 'declined-message-1',
      messages: { ...defaultPolicy.messages, offerDeclined: 'Understood, I will keep helping you here.' },
    };
    const { service } = await makeService(use(), { policy });
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    const say = (text: string) =>
      service.postTurn(agent, { conversationId, turn: { role: 'customer', text } });

    const offered = await say('I want to cancel my subscription');
    expect(offered.decision.action).toBe('offer');
    expect(offered.customerMessage).toBe(defaultPolicy.messages.offer);

    const declined = await say('no thanks');
    expect(declined.decision.action).toBe('continue');
    expect(declined.customerMessage).toBe('Understood, I will keep helping you here.');

    const ordinary = await say('what are your opening hours?');
    expect(ordinary.customerMessage).toBeNull();
  });

  it('a yes that moves on to another topic does not accept the offer', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    const say = (text: string) =>
      service.postTurn(agent, { conversationId, turn: { role: 'customer', text } });
    expect((await say('I need a refund for my order')).decision.action).toBe('offer');
    const moved = await say('ok, so about the delivery date');
    expect(moved.decision.action).toBe('continue');
    expect(moved.handoff).toBeNull();
  });
});
