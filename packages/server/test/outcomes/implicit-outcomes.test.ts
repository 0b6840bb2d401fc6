/**
 * Implicit outcomes, on PGlite and PostgreSQL: repeats spotted by the brief after the claim (once
 * per turn, even when a request is retried), a customer coming back within 24 hours (and not after),
 * a person asked for again after a return, and leaving while waiting.
 */
import { expect, it } from 'vitest';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, testClock, uniqueId } from '../service/harness.ts';

const HOUR = 3_600_000;

describeBackends('implicit outcomes', (use) => {
  it('counts repeats after the claim, once per turn, and not while the handoff waits', async () => {
    const clock = testClock('2026-05-01T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const conversationId = uniqueId('repeat');
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'My order 4471-983 never arrived, my email is jane@example.com' },
    });
    const handoffId = (await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN })).handoff!.id;
    // While waiting, the customer's words go into the brief: not a repeat.
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'It is order 4471-983.' },
    });
    await service.claim(operator, handoffId);
    await service.reply(operator, handoffId, { text: 'Could you confirm your email address?' });
    const restated = { role: 'customer' as const, text: 'As I said, order 4471-983.' };
    await service.postTurn(agent, { conversationId, turn: restated, idempotencyKey: 'restate-1' });
    // A retried request (same key) is answered from storage and adds nothing.
    await service.postTurn(agent, { conversationId, turn: restated, idempotencyKey: 'restate-1' });
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'Thanks.' } });

    const [row] = await use().query<{
      repeat_count: number;
      repeats: { seq: number; kind: string; factType: string }[];
    }>('SELECT repeat_count, repeats FROM handoffs WHERE id = $1', [handoffId]);
    expect(row!.repeat_count).toBe(2);
    expect(row!.repeats.map(({ seq, kind, factType }) => ({ seq, kind, factType }))).toEqual([
      { seq: 3, kind: 'operator_asked', factType: 'email' },
      { seq: 4, kind: 'customer_restated', factType: 'order_id' },
    ]);
  });

  it('counts a customer back within 24 hours of a resolution, not later and not someone else', async () => {
    const clock = testClock('2026-05-03T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const from = clock.now().toISOString();
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const resolveFor = async (customerId: string) => {
      const conversationId = uniqueId('first');
      await service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'My invoice is wrong.' },
        customer: { id: customerId },
      });
      const handoffId = (await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN })).handoff!.id;
      await service.claim(operator, handoffId);
      await service.resolve(operator, handoffId, { resolved: true, warranted: true });
    };
    const openFor = (customerId: string) =>
      service.postTurn(agent, {
        conversationId: uniqueId('again'),
        turn: { role: 'customer', text: 'Hello again.' },
        customer: { id: customerId },
      });
    const soon = uniqueId('soon');
    const late = uniqueId('late');
    await resolveFor(soon);
    await resolveFor(late);
    clock.advance(23 * HOUR);
    await openFor(soon);
    await openFor(uniqueId('stranger'));
    clock.advance(2 * HOUR);
    await openFor(late);

    const metrics = await service.metrics(operator, { from, to: clock.now().toISOString() });
    expect(metrics.cameBack).toEqual({ resolved: 2, within24h: 1, rate: 0.5 });
  });

  it('counts a person asked for again after a return, leaving (waiting or claimed) and expiry', async () => {
    const clock = testClock('2026-05-05T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const from = clock.now().toISOString();
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const escalate = async (conversationId: string) => {
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'Hello there.' } });
      return (await service.requestHandoff(agent, { conversationId, reason: 'asked for a person' })).handoff
        .id;
    };
    // Returned, then asked again.
    const again = uniqueId('again');
    const first = await escalate(again);
    await service.claim(operator, first);
    clock.advance(60_000);
    await service.returnToAgent(operator, first, { note: 'Try the reset steps.' });
    clock.advance(60_000);
    await service.requestHandoff(agent, { conversationId: again, reason: 'still broken' });
    // Returned, and the agent finished it.
    const settled = await escalate(uniqueId('settled'));
    await service.claim(operator, settled);
    await service.returnToAgent(operator, settled, { note: 'Done here.' });
    // Left while waiting; left while an operator had it; never claimed (expires, with the re-asked one).
    await service.abandon(agent, await escalate(uniqueId('left')), {});
    const claimedThenLeft = await escalate(uniqueId('claimed-left'));
    await service.claim(operator, claimedThenLeft);
    await service.abandon(agent, claimedThenLeft, {});
    await escalate(uniqueId('expiring'));
    clock.advance(3_600_000);
    expect(await service.expireHandoffs({ maxWaitMs: 1_800_000 })).toHaveLength(2);

    const metrics = await service.metrics(operator, { from, to: clock.now().toISOString() });
    expect(metrics.handoffs).toBe(6);
    expect(metrics.askedAgain).toEqual({ returned: 2, afterReturn: 1, rate: 0.5 });
    // An expiry is an abandonment too: (2 left + 2 expired) of 6.
    expect(metrics.abandonment).toEqual({ abandoned: 2, whileWaiting: 1, expired: 2, rate: 0.6667 });
  });

  it('counts a late outcome and a bad rating without a handoff as a miss', async () => {
    const clock = testClock('2026-05-07T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const from = clock.now().toISOString();
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const quiet = async () => {
      const conversationId = uniqueId('quiet');
      await service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'Is the shop open?' },
      });
      return conversationId;
    };
    await service.rateConversation(agent, await quiet(), { rating: 2 });
    await service.rateConversation(agent, await quiet(), { rating: 3 });
    await service.recordConversationOutcome(operator, await quiet(), { abandoned: true });
    await service.recordConversationOutcome(agent, await quiet(), { resolved: true });
    const metrics = await service.metrics(operator, {
      from,
      to: new Date(clock.now().getTime() + 1).toISOString(),
    });
    expect(metrics.conversations).toBe(4);
    expect(metrics.misses).toBe(2);
    expect(metrics.ratings).toEqual({
      count: 2,
      mean: 2.5,
      distribution: { '1': 0, '2': 1, '3': 1, '4': 0, '5': 0 },
    });
  });
});
