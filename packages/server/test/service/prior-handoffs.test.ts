/**
 * Prior handoffs come from one query and read the same everywhere: the brief the API stores (which
 * the console and the MCP tool show) and the brief the CLI builds from a replay file. On PGlite and
 * on PostgreSQL.
 */
import { expect, it } from 'vitest';
import { compilePolicy, defaultPolicy, type Brief } from '@baton/engine';
import { briefOfConversation } from '../../src/cli/brief-command.ts';
import { parseReplayLine } from '../../src/replay/replay-format.ts';
import { describeBackends } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from './harness.ts';

describeBackends('prior handoffs', (use) => {
  it('counts the earlier escalations of this conversation and of the customer’s other ones, a transfer not again', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const customer = { id: uniqueId('cust'), name: 'Ana Lima' };

    // An earlier conversation of the same customer, handed over once and transferred once.
    const earlier = uniqueId('conv');
    await service.postTurn(agent, {
      conversationId: earlier,
      turn: { role: 'customer', text: 'My card was declined.' },
      customer,
    });
    const first = await service.requestHandoff(agent, { conversationId: earlier, reason: 'card declined' });
    expect((first.handoff.brief as Brief).priorHandoffs).toBe(0);
    await service.claim(operator, first.handoff.id);
    const moved = await service.transfer(operator, first.handoff.id, { queue: 'billing' });
    await service.claim(operator, moved.id);
    await service.resolve(operator, moved.id, {
      resolved: true,
      warranted: true,
      rightReason: true,
      customerRepeated: false,
      notes: 'Card unblocked.',
    });

    // This conversation: handed over, returned to the agent, handed over again, returned, and once more.
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'Where is order 4471-983?' },
      customer,
    });
    const counts: number[] = [];
    for (let round = 0; round < 3; round++) {
      clock.advance(60_000);
      const { handoff } = await service.requestHandoff(agent, { conversationId, reason: `round ${round}` });
      counts.push((handoff.brief as Brief).priorHandoffs);
      await service.claim(operator, handoff.id);
      await service.returnToAgent(operator, handoff.id, { note: 'answered' });
    }
    expect(counts).toEqual([1, 2, 3]);

    // The stored brief the API answers with (and the console renders) says the same.
    const listed = await service.listHandoffs(operator, {});
    const latest = listed.filter((handoff) => handoff.conversationId === conversationId).at(-1);
    expect((latest?.brief as Brief | null)?.priorHandoffs).toBe(3);
  });

  it('reads the customer attribute the agent passed by the same rule as the CLI', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    const customer = { id: uniqueId('cust'), priorHandoffs: 3 };
    const text = 'I was charged twice for invoice INV-2291. Let me talk to a person please.';
    const result = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text, at: '2026-03-02T09:00:00.000Z' },
      customer,
    });
    const api = (result.handoff?.brief ??
      (await service.requestHandoff(agent, { conversationId, reason: 'asked' })).handoff.brief) as Brief;
    const parsed = parseReplayLine(
      JSON.stringify({
        id: conversationId,
        customer,
        turns: [{ role: 'customer', text, at: '2026-03-02T09:00:00.000Z' }],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const cli = briefOfConversation(parsed.conversation, compilePolicy(defaultPolicy));
    expect(api.priorHandoffs).toBe(3);
    expect(cli.priorHandoffs).toBe(api.priorHandoffs);
  });
});
