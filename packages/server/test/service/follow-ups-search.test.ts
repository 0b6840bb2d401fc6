/**
 * The console's follow-ups (callbacks left, customers who left while waiting, marked done once) and
 * its search over conversations (words and customer names, closed conversations included), on
 * PGlite and on PostgreSQL.
 */
import { expect, it } from 'vitest';
import { describeBackends } from '../storage/backends.ts';
import { expectCode, makeService, principal, uniqueId } from './harness.ts';

describeBackends('follow-ups and search', (use) => {
  it('lists a callback and an abandoned wait until marked done, and names who marked it', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator', 'Ana Lima');
    const handOff = async (name: string) => {
      const conversationId = uniqueId('conv');
      await service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'Hello, about my order.' },
        customer: { name },
      });
      clock.advance(1_000);
      return (await service.requestHandoff(agent, { conversationId, reason: 'asked' })).handoff;
    };
    const callback = await handOff('Caller Carla');
    await service.leaveCallback(agent, callback.id, { phone: '+44 20 7946 0018', message: 'after 5pm' });
    const left = await handOff('Leaving Leo');
    await service.abandon(agent, left.id, { reason: 'closed the tab' });
    const plain = await handOff('Plain Pat');

    const open = await service.listFollowUps(operator, {});
    const mine = open.filter((item) => [callback.id, left.id, plain.id].includes(item.handoff.id));
    expect(mine.map((item) => [item.kind, item.customerName, item.handoff.callback?.phone ?? null])).toEqual([
      ['abandoned', 'Leaving Leo', null],
      ['callback', 'Caller Carla', '+44 20 7946 0018'],
    ]);

    clock.advance(60_000);
    const done = await service.completeFollowUp(operator, callback.id);
    expect(done.done).toEqual({ by: 'Ana Lima', at: clock.now().toISOString() });
    // Again: the first mark stays.
    clock.advance(60_000);
    const again = await service.completeFollowUp(operator, callback.id);
    expect(again.done?.at).toBe(done.done?.at);
    const stillOpen = await service.listFollowUps(operator, { state: 'open' });
    expect(stillOpen.some((item) => item.handoff.id === callback.id)).toBe(false);
    expect(stillOpen.some((item) => item.handoff.id === left.id)).toBe(true);
    const closed = await service.listFollowUps(operator, { state: 'done' });
    expect(closed.map((item) => item.handoff.id)).toContain(callback.id);
    // Nothing to follow up on a handoff without a callback that nobody abandoned.
    await expectCode(service.completeFollowUp(operator, plain.id), 'invalid_transition');
    await expectCode(service.completeFollowUp(operator, 'ho_missing'), 'handoff_not_found');
  });

  it('finds a resolved conversation by its words and by the customer name, with its outcome', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const marker = uniqueId('zebra');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: `My parcel ${marker} arrived 100% broken_in_two` },
      customer: { name: 'Wanda Quill' },
    });
    clock.advance(1_000);
    const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'broken parcel' });
    await service.claim(operator, handoff.id);
    await service.resolve(operator, handoff.id, {
      resolved: true,
      warranted: true,
      rightReason: true,
      customerRepeated: false,
    });

    const byWords = await service.searchConversations(operator, { q: marker.toUpperCase() });
    expect(byWords).toHaveLength(1);
    expect(byWords[0]).toMatchObject({
      conversationId,
      customerName: 'Wanda Quill',
      conversationStatus: 'closed',
      latestHandoff: { id: handoff.id, status: 'resolved', outcome: { resolved: true } },
    });
    expect(byWords[0]!.snippet).toContain(marker);
    const byName = await service.searchConversations(operator, { q: 'wanda qu' });
    expect(byName.map((hit) => hit.conversationId)).toContain(conversationId);
    // LIKE's wildcards are plain characters here: "100%" matches only itself, "_" only "_".
    expect((await service.searchConversations(operator, { q: '100% broken_in' })).length).toBeGreaterThan(0);
    expect(await service.searchConversations(operator, { q: `${marker}%nothing` })).toEqual([]);
    expect(await service.searchConversations(operator, { q: 'broken in two' })).toEqual([]);
  });

  it('hands an agent’s earlier conversations with a prefix to its new key, and nothing else', async () => {
    const { service } = await makeService(use());
    const before = await principal(service, 'agent');
    const after = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const demo = uniqueId('demo');
    const other = uniqueId('shop');
    for (const conversationId of [demo, other]) {
      await service.postTurn(before, { conversationId, turn: { role: 'customer', text: 'Hi there' } });
    }
    await expectCode(service.getConversation(after, demo), 'conversation_not_found');
    const moved = await service.adoptConversations(after, { idPrefix: 'demo-', fromKeyIds: [before.keyId] });
    expect(moved).toBe(1);
    expect((await service.getConversation(after, demo)).turns).toHaveLength(1);
    await expectCode(service.getConversation(before, demo), 'conversation_not_found');
    // Another prefix stays with its key; only an agent key takes conversations over.
    expect((await service.getConversation(before, other)).id).toBe(other);
    await expectCode(
      service.adoptConversations(operator, { idPrefix: 'demo-', fromKeyIds: [after.keyId] }),
      'forbidden',
    );
  });
});
