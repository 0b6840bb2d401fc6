/**
 * The per-instance event reader under a dead LISTEN connection, and retention of turns and ended
 * handoffs: the reader reconnects and catches up from the table; pruning deletes only what is
 * older than its age, in batches, with the notes of the handoffs it deletes.
 */
import { expect, it } from 'vitest';
import { applyRetention } from '../../src/service/retention.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, uniqueId } from './harness.ts';

describeBackends('event reader and retention', (use, kind) => {
  // LISTEN/NOTIFY is PostgreSQL's: registered on that back end only (not reported as skipped on PGlite).
  if (kind === 'postgres')
    it('reconnects after its LISTEN backend is terminated and catches up from the table', async () => {
      // No poll to speak of: only a wake-up (NOTIFY, or the reconnect's own) delivers here.
      const reader = await makeService(use(), { eventHub: { pollMs: 600_000 } });
      const writer = await makeService(use());
      const operator = await principal(reader.service, 'operator');
      const agent = await principal(writer.service, 'agent');
      const { subscription } = await reader.service.openEventStream(operator, { from: 'now' });
      const listeners = async () =>
        (
          await use().query<{ pid: number }>(
            // The events channel's listener only: the key cache listens on a channel of its own.
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "baton_events"'`,
          )
        ).map((row) => row.pid);
      // The hub's LISTEN connection opens with the first stream.
      let before: number[] = [];
      for (let attempt = 0; attempt < 100 && before.length === 0; attempt++) {
        before = await listeners();
        if (before.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(before).toHaveLength(1);
      await use().query('SELECT pg_terminate_backend($1)', [before[0]]);
      const conversationId = uniqueId('conv');
      await writer.service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'are you there?' },
      });
      const timeout = setTimeout(() => subscription.close('shutdown'), 10_000);
      const [event] = await subscription.next();
      clearTimeout(timeout);
      expect(event).toMatchObject({ type: 'turn-created', conversationId });
      const after = await listeners();
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before[0]);
      subscription.close('client_gone');
      await Promise.all([reader.service.close(), writer.service.close()]);
    });

  it('prunes turns and ended handoffs past their age, with their notes, and keeps the rest', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const old = uniqueId('conv');
    const { handoff } = await service.postTurn(agent, { conversationId: old, turn: HANDOFF_TURN });
    await service.claim(operator, handoff!.id);
    await service.addNote(operator, handoff!.id, { text: 'called the customer back' });
    await service.resolve(operator, handoff!.id, { resolved: true, warranted: true });
    clock.advance(40 * 24 * 60 * 60_000);
    const fresh = uniqueId('conv');
    await service.postTurn(agent, { conversationId: fresh, turn: { role: 'customer', text: 'hello again' } });

    const settings = { eventsDays: null, turnsDays: 30, handoffsDays: 30 };
    const result = await applyRetention(use(), settings, clock.now(), { batchSize: 1, maxBatches: 1_000 });
    expect(result.turns).toBeGreaterThanOrEqual(1);
    expect(result.handoffs).toBeGreaterThanOrEqual(1);
    const count = async (sql: string, params: unknown[]) =>
      Number((await use().query<{ n: string }>(sql, params))[0]!.n);
    expect(await count('SELECT count(*) AS n FROM turns WHERE conversation_id = $1', [old])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM handoffs WHERE id = $1', [handoff!.id])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM notes WHERE handoff_id = $1', [handoff!.id])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM turns WHERE conversation_id = $1', [fresh])).toBe(1);
    // Without an age nothing goes.
    const keep = { eventsDays: null, turnsDays: null, handoffsDays: null };
    expect(await applyRetention(use(), keep, clock.now())).toEqual({ events: 0, turns: 0, handoffs: 0 });
    await service.close();
  });
});
