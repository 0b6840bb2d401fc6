/**
 * Races, on PGlite and on PostgreSQL: many operators claiming one handoff (exactly one wins), many
 * turns on one conversation (each gets its own seq), and idempotent retries, sequential and
 * concurrent (one turn stored, the first answer returned).
 */
import { describe, expect, it } from 'vitest';
import { createService, type BatonService } from '../../src/service/create-service.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { BatonError } from '../../src/errors.ts';
import { BACKENDS, createScratchPostgres, describeBackends } from '../storage/backends.ts';
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

  it('keeps a handoff requested during turns: the conversation stays waiting for it', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    for (let round = 0; round < 8; round++) {
      const conversationId = uniqueId('conv');
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
      const [requested] = await Promise.all([
        service.requestHandoff(agent, { conversationId, reason: 'needs a person' }),
        ...Array.from({ length: 3 }, (_, index) =>
          service.postTurn(agent, {
            conversationId,
            turn: { role: 'customer', text: `still there? ${index}` },
          }),
        ),
      ]);
      const view = await service.getConversation(agent, conversationId);
      expect(view.status).toBe('waiting');
      expect(view.handoffs.map((handoff) => [handoff.id, handoff.status])).toEqual([
        [requested.handoff.id, 'queued'],
      ]);
      expect(view.turns.map((turn) => turn.seq)).toEqual([0, 1, 2, 3]);
    }
  });

  it('streams every event once, in order, to a reader woken by waitForEvents that reconnects at random', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const marker = uniqueId('conv');
    const conversations = Array.from({ length: 4 }, (_, index) => `${marker}-${index}`);
    const start = (await service.events({ limit: 1000 })).at(-1)?.id;
    const seen: string[] = [];
    let writing = true;
    let finishWriting = () => {};
    const writersDone = new Promise<void>((resolve) => (finishWriting = resolve));
    const reader = (async () => {
      let cursor = start;
      let connection = new AbortController();
      for (;;) {
        // Armed before the read, as the SSE loop does; a "reconnect" drops the signal.
        const wait = service.waitForEvents(connection.signal);
        const done = !writing;
        const page = await service.events({ ...(cursor ? { afterId: cursor } : {}), limit: 7 });
        seen.push(
          ...page.filter((event) => event.conversationId?.startsWith(marker)).map((event) => event.id),
        );
        if (page.length > 0) cursor = page.at(-1)!.id;
        if (Math.random() < 0.3) {
          connection.abort();
          connection = new AbortController();
        }
        if (done && page.length === 0) return;
        // No timer: a lost wake-up would hang this test.
        if (page.length < 7) await Promise.race([wait, writersDone]);
      }
    })();
    const writtenPerConversation = await Promise.all(
      conversations.map(async (conversationId) => {
        for (let turn = 0; turn < 6; turn++) {
          await service.postTurn(agent, {
            conversationId,
            turn: { role: 'customer', text: `message ${turn}` },
          });
        }
        return (await service.events({ conversationId })).map((event) => event.id);
      }),
    );
    writing = false;
    finishWriting();
    await reader;
    // Every event once. The stream's order is commit order, which need not be id order across
    // conversations, but within one conversation it is the order its turns were written in.
    expect(seen).toHaveLength(4 * 6);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(writtenPerConversation.flat().sort());
    for (const ids of writtenPerConversation) {
      const wanted = new Set(ids);
      expect(seen.filter((id) => wanted.has(id))).toEqual(ids);
    }
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

describe.runIf(BACKENDS.includes('postgres'))('two instances on one PostgreSQL', () => {
  it('gives each handoff exactly one claimer, and a resuming reader every event once, in order', async () => {
    const scratch = await createScratchPostgres();
    const databases = [
      await openDatabase({ databaseUrl: scratch.url }),
      await openDatabase({ databaseUrl: scratch.url }),
    ];
    try {
      const services = [
        await createService({ database: databases[0]! }),
        await createService({ database: databases[1]! }),
      ];
      const [first, second] = services as [BatonService, BatonService];
      const agent = await principal(first, 'agent');
      const operators = await Promise.all(
        Array.from({ length: 6 }, (_, index) => principal(index % 2 ? second : first, 'operator')),
      );

      // A reader on the first instance polls from its cursor while both instances write.
      const seen: string[] = [];
      let cursor: string | undefined;
      let writing = true;
      const reader = (async () => {
        for (;;) {
          const done = !writing;
          const page = await first.events({ ...(cursor ? { afterId: cursor } : {}), limit: 100 });
          seen.push(...page.map((event) => event.id));
          if (page.length > 0) cursor = page.at(-1)!.id;
          if (done && page.length === 0) return;
        }
      })();

      const handoffs = await Promise.all(
        Array.from({ length: 6 }, async (_, index) => {
          const service = index % 2 ? second : first;
          const conversationId = uniqueId('conv');
          for (let turn = 0; turn < 4; turn++) {
            await service.postTurn(agent, {
              conversationId,
              turn: { role: 'customer', text: `message ${turn}` },
            });
          }
          return (await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN })).handoff!.id;
        }),
      );
      for (const handoffId of handoffs) {
        const results = await Promise.allSettled(
          operators.map((operator, index) => services[index % 2]!.claim(operator, handoffId)),
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      }
      writing = false;
      await reader;

      const all = (await first.events({ limit: 1000 })).map((event) => event.id);
      expect(seen).toEqual(all);
      // 30 turns, 6 handoffs requested, 6 claimed.
      expect(all).toHaveLength(6 * 5 + 6 + 6);
      await Promise.all(services.map((service) => service.close()));
    } finally {
      await Promise.all(databases.map((database) => database.close()));
      await scratch.drop();
    }
  });
});
