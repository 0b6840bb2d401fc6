/**
 * Races, on PGlite and on PostgreSQL: many operators claiming one handoff (exactly one wins), many
 * turns on one conversation (each gets its own seq), and idempotent retries, sequential and
 * concurrent (one turn stored, the first answer returned).
 */
import { expect, it } from 'vitest';
import { BatonError } from '../../src/errors.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, expectCode, makeService, principal, uniqueId } from './harness.ts';

describeBackends('concurrency and idempotency', (use) => {
  it('lets exactly one of many concurrent claimers win; the others learn who did', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operators = await Promise.all(
      Array.from({ length: 8 }, (_, index) => principal(service, 'operator', `op-${index}`)),
    );
    for (let round = 0; round < 3; round++) {
      const { handoff } = await service.postTurn(agent, {
        conversationId: uniqueId('conv'),
        turn: HANDOFF_TURN,
      });
      const results = await Promise.allSettled(
        operators.map((operator) => service.claim(operator, handoff!.id)),
      );
      const winners = results.filter((result) => result.status === 'fulfilled');
      const losers = results.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      expect(winners).toHaveLength(1);
      const winner = (winners[0] as PromiseFulfilledResult<{ claimedBy: string }>).value.claimedBy;
      for (const loser of losers) {
        expect(loser.reason).toBeInstanceOf(BatonError);
        expect((loser.reason as BatonError).code).toBe('already_claimed');
        expect((loser.reason as BatonError).extensions).toEqual({ claimedBy: winner });
      }
      const claimedEvents = (await service.events({ conversationId: handoff!.conversationId })).filter(
        (event) => event.type === 'handoff-claimed',
      );
      expect(claimedEvents).toHaveLength(1);
    }
  });

  it('gives concurrent turns on one conversation distinct, gapless seqs', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'first' } });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        service.postTurn(agent, {
          conversationId,
          turn: { role: index % 2 ? 'agent' : 'customer', text: `turn ${index}` },
        }),
      ),
    );
    expect(results.map((result) => result.turn.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    const view = await service.getConversation(agent, conversationId);
    expect(view.turns.map((turn) => turn.seq)).toEqual(Array.from({ length: 13 }, (_, index) => index));
  });

  it('answers a retried turn with the first answer and stores it once', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    const request = {
      conversationId,
      turn: HANDOFF_TURN,
      idempotencyKey: 'k-1',
    };
    const first = await service.postTurn(agent, request);
    // The same body with its keys in another order is the same request.
    const { role, text, toolCalls } = HANDOFF_TURN;
    const retry = await service.postTurn(agent, { ...request, turn: { toolCalls, text, role } });
    expect(JSON.stringify(retry)).toBe(JSON.stringify(first));
    const view = await service.getConversation(agent, conversationId);
    expect(view.turns).toHaveLength(1);
    expect(view.handoffs).toHaveLength(1);

    await expectCode(
      service.postTurn(agent, { ...request, turn: { role: 'customer', text: 'other' } }),
      'idempotency_conflict',
    );
    // Records are kept for retries, then pruned.
    clock.advance(48 * 3_600_000);
    expect(await service.pruneIdempotencyKeys({ olderThanMs: 24 * 3_600_000 })).toBeGreaterThanOrEqual(1);
    const again = await service.postTurn(agent, { ...request, turn: { role: 'customer', text: 'other' } });
    expect(again.turn.seq).toBe(1);
    // Keys are per API key: another agent key may use the same one.
    const other = await principal(service, 'agent');
    const own = await service.postTurn(other, { ...request, conversationId: uniqueId('conv') });
    expect(own.turn.id).not.toBe(first.turn.id);
  });

  it('stores nothing for a request that failed, so the key stays usable', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    await expectCode(
      service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'x', at: 'not a time' },
        idempotencyKey: 'k-2',
      }),
      'invalid_request',
    );
    const stranger = await principal(service, 'agent');
    await service.postTurn(stranger, { conversationId, turn: { role: 'customer', text: 'mine' } });
    await expectCode(
      service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'x' },
        idempotencyKey: 'k-3',
      }),
      'conversation_not_found',
    );
    const ok = await service.postTurn(agent, {
      conversationId: uniqueId('conv'),
      turn: { role: 'customer', text: 'x' },
      idempotencyKey: 'k-3',
    });
    expect(ok.turn.seq).toBe(0);
  });

  it('stores a turn once when the same key is retried concurrently', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    const request = {
      conversationId,
      turn: { role: 'customer' as const, text: 'hello there' },
      idempotencyKey: 'k-race',
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => service.postTurn(agent, request)));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect((await service.getConversation(agent, conversationId)).turns).toHaveLength(1);
  });

  it('replays a requested handoff for a retried key instead of refusing it as open', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
    const request = { conversationId, reason: 'needs a person', idempotencyKey: 'h-1' };
    const first = await service.requestHandoff(agent, request);
    expect(await service.requestHandoff(agent, request)).toEqual(first);
    await expectCode(service.requestHandoff(agent, { ...request, reason: 'other' }), 'idempotency_conflict');
  });
});
