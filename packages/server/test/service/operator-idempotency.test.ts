/**
 * Every operator write takes an idempotency key as turns do: the same key and request give back the
 * first answer and change nothing more (no second reply, note, move or event); the same key with
 * another request is `idempotency_conflict`. On PGlite and on PostgreSQL.
 */
import { expect, it } from 'vitest';
import type { BatonService } from '../../src/service/create-service.ts';
import type { Principal } from '../../src/service/types.ts';
import type { Database } from '../../src/storage/database.ts';
import { describeBackends } from '../storage/backends.ts';
import { expectCode, makeService, principal, uniqueId } from './harness.ts';

/** Rows a write may add, counted for one conversation. */
async function footprint(database: Database, conversationId: string): Promise<Record<string, number>> {
  const count = async (sql: string) =>
    Number((await database.query<{ n: number | string }>(sql, [conversationId]))[0]!.n);
  return {
    turns: await count('SELECT count(*) AS n FROM turns WHERE conversation_id = $1'),
    notes: await count('SELECT count(*) AS n FROM notes WHERE conversation_id = $1'),
    handoffs: await count('SELECT count(*) AS n FROM handoffs WHERE conversation_id = $1'),
    events: await count('SELECT count(*) AS n FROM events WHERE conversation_id = $1'),
  };
}

interface Setup {
  service: BatonService;
  operator: Principal;
  agent: Principal;
  conversationId: string;
  handoffId: string;
}

/** A conversation with a queued handoff; claimed too when `claimed`. */
async function setup(service: BatonService, claimed: boolean): Promise<Setup> {
  const agent = await principal(service, 'agent');
  const operator = await principal(service, 'operator');
  const conversationId = uniqueId('idem');
  await service.postTurn(agent, {
    conversationId,
    turn: { role: 'customer', text: 'my card was charged twice' },
  });
  const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'billing' });
  if (claimed) await service.claim(operator, handoff.id);
  return { service, operator, agent, conversationId, handoffId: handoff.id };
}

/** Each operator write: whether it needs a claimed handoff, the write with a key, and a different request. */
const WRITES: {
  name: string;
  claimed: boolean;
  write: (s: Setup, key: string) => Promise<unknown>;
  other: (s: Setup, key: string) => Promise<unknown>;
}[] = [
  {
    name: 'claim',
    claimed: false,
    write: (s, key) => s.service.claim(s.operator, s.handoffId, { idempotencyKey: key }),
    other: (s, key) => s.service.addNote(s.operator, s.handoffId, { text: 'x' }, { idempotencyKey: key }),
  },
  {
    name: 'reply',
    claimed: true,
    write: (s, key) =>
      s.service.reply(s.operator, s.handoffId, { text: 'Refunded.' }, { idempotencyKey: key }),
    other: (s, key) =>
      s.service.reply(s.operator, s.handoffId, { text: 'Refunded!' }, { idempotencyKey: key }),
  },
  {
    name: 'note',
    claimed: false,
    write: (s, key) => s.service.addNote(s.operator, s.handoffId, { text: 'VIP' }, { idempotencyKey: key }),
    other: (s, key) =>
      s.service.addNote(s.operator, s.handoffId, { text: 'not VIP' }, { idempotencyKey: key }),
  },
  {
    name: 'transfer',
    claimed: true,
    write: (s, key) =>
      s.service.transfer(
        s.operator,
        s.handoffId,
        { queue: 'billing', note: 'card' },
        { idempotencyKey: key },
      ),
    other: (s, key) =>
      s.service.transfer(
        s.operator,
        s.handoffId,
        { queue: 'general', note: 'card' },
        { idempotencyKey: key },
      ),
  },
  {
    name: 'return',
    claimed: true,
    write: (s, key) =>
      s.service.returnToAgent(s.operator, s.handoffId, { note: 'done' }, { idempotencyKey: key }),
    other: (s, key) =>
      s.service.returnToAgent(s.operator, s.handoffId, { note: 'other' }, { idempotencyKey: key }),
  },
  {
    name: 'resolve',
    claimed: true,
    write: (s, key) =>
      s.service.resolve(
        s.operator,
        s.handoffId,
        { resolved: true, warranted: true },
        { idempotencyKey: key },
      ),
    other: (s, key) =>
      s.service.resolve(
        s.operator,
        s.handoffId,
        { resolved: false, warranted: true },
        { idempotencyKey: key },
      ),
  },
  {
    name: 'abandon',
    claimed: false,
    write: (s, key) =>
      s.service.abandon(s.operator, s.handoffId, { reason: 'left' }, { idempotencyKey: key }),
    other: (s, key) => s.service.abandon(s.operator, s.handoffId, {}, { idempotencyKey: key }),
  },
];

describeBackends('idempotent operator writes', (use) => {
  it.each(WRITES)(
    '$name: a retry returns the first answer and changes nothing; another request conflicts',
    async (write) => {
      const { service } = await makeService(use());
      const s = await setup(service, write.claimed);
      const key = uniqueId('key');
      const first = await write.write(s, key);
      const after = await footprint(use(), s.conversationId);
      const retried = await write.write(s, key);
      expect(JSON.stringify(retried)).toBe(JSON.stringify(first));
      expect(await footprint(use(), s.conversationId)).toEqual(after);
      await expectCode(write.other(s, key), 'idempotency_conflict');
      expect(await footprint(use(), s.conversationId)).toEqual(after);
    },
  );

  it('keys are per API key: another operator with the same key is another request', async () => {
    const { service } = await makeService(use());
    const s = await setup(service, false);
    const other = await principal(service, 'operator');
    await service.addNote(s.operator, s.handoffId, { text: 'one' }, { idempotencyKey: 'shared' });
    await service.addNote(other, s.handoffId, { text: 'one' }, { idempotencyKey: 'shared' });
    expect((await footprint(use(), s.conversationId)).notes).toBe(2);
  });

  it('a write that fails stores no key: the retry after the cause is fixed goes through', async () => {
    const { service } = await makeService(use());
    const s = await setup(service, false);
    // Not claimed yet: replying is an invalid move, and the key is not spent on it.
    await expectCode(
      service.reply(s.operator, s.handoffId, { text: 'hello' }, { idempotencyKey: 'early' }),
      'invalid_transition',
    );
    await service.claim(s.operator, s.handoffId);
    const turn = await service.reply(s.operator, s.handoffId, { text: 'hello' }, { idempotencyKey: 'early' });
    expect(turn.text).toBe('hello');
  });
});
