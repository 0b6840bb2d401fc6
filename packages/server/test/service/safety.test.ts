/**
 * Safety in every state, on PGlite and PostgreSQL: self-harm or danger said while a handoff waits
 * makes it urgent at the head of its queue; said while an operator owns the conversation, it raises
 * an alert event for that operator and the lead; said when nobody is online, the customer hears the
 * crisis message, not only the callback offer.
 */
import { expect, it } from 'vitest';
import type { BatonService } from '../../src/service/create-service.ts';
import type { Handoff, Principal } from '../../src/service/types.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, uniqueId } from './harness.ts';

const SELF_HARM = "honestly I don't want to live anymore";
const DANGER = 'the charger caught fire and my son got hurt';
const CRISIS = /emergency number|crisis line/;

/** A conversation (one ordinary turn) with a handoff the agent asked for, at normal priority. */
async function waitingHandoff(
  service: BatonService,
  agent: Principal,
  conversationId: string,
  reason: string,
): Promise<{ handoff: Handoff }> {
  await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
  return service.requestHandoff(agent, { conversationId, reason });
}

describeBackends('safety in every state', (use) => {
  it.each([
    ['self-harm', SELF_HARM, 'self_harm'],
    ['danger', DANGER, 'danger'],
  ])('%s while a handoff waits raises it to urgent, at the head of its queue', async (_name, text, kind) => {
    const queue = uniqueId('q');
    const { service, clock } = await makeService(use(), { queues: [queue] });
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    await service.setPresence(operator, { status: 'online', queues: [queue] });
    // Two handoffs waiting at normal priority; the second one's customer then speaks of harm.
    const first = await waitingHandoff(service, agent, uniqueId('c'), 'refund');
    clock.advance(60_000);
    const conversationId = uniqueId('c');
    const second = await waitingHandoff(service, agent, conversationId, 'delivery');
    expect(second.handoff.priority).toBe('normal');
    const cursor = (await service.events({ limit: 10_000 })).at(-1)?.id;

    clock.advance(1_000);
    const result = await service.postTurn(agent, { conversationId, turn: { role: 'customer', text } });
    expect(result.handoff).toMatchObject({ id: second.handoff.id, status: 'queued', priority: 'urgent' });
    expect(result.customerMessage).toMatch(CRISIS);
    expect(result.customerMessage).toMatch(/You are next in the queue/);
    const listed = await service.listHandoffs(operator, { status: 'queued', queue });
    expect(listed.map((handoff) => handoff.id)).toEqual([second.handoff.id, first.handoff.id]);

    const events = await service.events({ afterId: cursor!, conversationId });
    expect(events.map((event) => event.type)).toEqual(['turn-created', 'handoff-escalated']);
    expect(events[1]).toMatchObject({
      handoffId: second.handoff.id,
      queue,
      data: {
        status: 'queued',
        priority: 'urgent',
        previousPriority: 'normal',
        reason: kind,
        turnId: result.turn.id,
      },
    });

    // Said again: already urgent, so no second escalation, but the crisis message again.
    const again = await service.postTurn(agent, { conversationId, turn: { role: 'customer', text } });
    expect(again.customerMessage).toMatch(CRISIS);
    const later = await service.events({ afterId: events.at(-1)!.id, conversationId });
    expect(later.map((event) => event.type)).toEqual(['turn-created']);
  });

  it('self-harm while an operator owns the conversation raises an alert to that operator and the lead', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator', 'Ana');
    const conversationId = uniqueId('c');
    const { handoff } = await waitingHandoff(service, agent, conversationId, 'billing');
    await service.claim(operator, handoff.id);
    const cursor = (await service.events({ limit: 10_000 })).at(-1)?.id;

    const result = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: SELF_HARM },
    });
    expect(result.agentShouldReply).toBe(false);
    const events = await service.events({ afterId: cursor!, conversationId });
    expect(events.map((event) => event.type)).toEqual(['turn-created', 'safety-alert-raised']);
    expect(events[1]).toMatchObject({
      handoffId: handoff.id,
      data: { kind: 'self_harm', operator: 'Ana', turnId: result.turn.id, evidence: expect.any(Array) },
    });

    // An ordinary turn raises nothing.
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'thanks, that helps' } });
    const after = await service.events({ afterId: events.at(-1)!.id, conversationId });
    expect(after.map((event) => event.type)).toEqual(['turn-created']);
  });

  it('self-harm when nobody is online gets the crisis message, and the callback offer after it', async () => {
    const { service, clock } = await makeService(use(), { queues: [uniqueId('night')] });
    const agent = await principal(service, 'agent');
    // Past every presence the other tests set (they share this database).
    clock.advance(24 * 3_600_000);
    const opened = await service.postTurn(agent, {
      conversationId: uniqueId('c'),
      turn: { role: 'customer', text: SELF_HARM },
    });
    expect(opened.handoff).toMatchObject({ status: 'queued', priority: 'urgent' });
    expect(opened.customerMessage).toMatch(CRISIS);
    expect(opened.customerMessage).toMatch(/Nobody from our team is available right now/);

    // And while an ordinary handoff already waits with nobody online.
    const conversationId = uniqueId('c');
    await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN });
    const waiting = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'i want to kill myself' },
    });
    expect(waiting.handoff?.priority).toBe('urgent');
    expect(waiting.customerMessage).toMatch(CRISIS);
    expect(waiting.customerMessage).toMatch(/leave a message or a phone number/);
  });
});
