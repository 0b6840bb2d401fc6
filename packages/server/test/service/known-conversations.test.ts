/**
 * A conversation whose last turn this instance wrote is decided from what that write left, and its
 * next turn is one statement (known-conversations.ts). The write applies only to the very row
 * version it remembered, so whatever changed the row since (another instance's turn, a return
 * with a note, a new policy) is seen: the turn then reads the row as before.
 */
import { defaultPolicy } from '@baton/engine';
import { describe, expect, it } from 'vitest';
import { createService } from '../../src/service/create-service.ts';
import {
  KnownConversations,
  SHARED_CONVERSATION_MS,
  type KnownConversation,
} from '../../src/service/known-conversations.ts';
import type { Database, Queryable } from '../../src/storage/database.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, uniqueId } from './harness.ts';

/** The database, recording every statement that touches `conversations`. */
function recording(database: Database, seen: string[]): Database {
  const note = (sql: string) => {
    if (/\bconversations\b/.test(sql)) seen.push(sql);
  };
  const wrap = (target: Queryable): Queryable => ({
    query: (sql, params, options) => {
      note(sql);
      return target.query(sql, params, options);
    },
    exec: (sql) => target.exec(sql),
  });
  const root = wrap(database);
  return {
    kind: database.kind,
    query: root.query,
    exec: root.exec,
    transaction: (fn, options) => database.transaction((tx) => fn(wrap(tx)), options),
    ...(database.listen ? { listen: database.listen.bind(database) } : {}),
    close: () => database.close(),
  };
}

describeBackends('turns on a remembered conversation', (use) => {
  it('writes the next turn of a conversation in one statement, on the state it left', async () => {
    const seen: string[] = [];
    const { service } = await makeService(recording(use(), seen));
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    const texts = ['Where is my parcel?', 'Let me check.', 'It was due on Friday.', 'It ships today.'];
    const statements: number[] = [];
    for (const [index, text] of texts.entries()) {
      seen.length = 0;
      const result = await service.postTurn(agent, {
        conversationId,
        turn: { role: index % 2 ? 'agent' : 'customer', text },
      });
      expect(result.turn.seq).toBe(index);
      statements.push(seen.length);
    }
    // The first turn reads (no conversation yet) and writes; the others only write.
    expect(statements).toEqual([2, 1, 1, 1]);
    const stored = await use().query<{ seq: number; text: string }>(
      'SELECT seq, text FROM turns WHERE conversation_id = $1 ORDER BY seq',
      [conversationId],
    );
    expect(stored).toEqual(texts.map((text, seq) => ({ seq, text })));
  });

  it('decides each turn on the latest state when two instances take turns on one conversation', async () => {
    const one = (await makeService(use())).service;
    const two = await createService({ database: use(), queues: ['general', 'billing'] });
    const alone = (await makeService(use())).service;
    const conversationId = uniqueId('shared');
    const reference = uniqueId('alone');
    const turns = Array.from({ length: 8 }, (_, index) => ({
      role: index % 2 ? ('agent' as const) : ('customer' as const),
      text: index % 2 ? 'Let me look into it.' : `This is the ${index}th time I ask, this is useless!`,
      at: new Date(Date.UTC(2026, 2, 2, 9, index)).toISOString(),
    }));
    // One key, seen by both instances (they share the database).
    const agent = await principal(one, 'agent');
    const agentAlone = await principal(alone, 'agent');
    for (const [index, turn] of turns.entries()) {
      // one, one, two, one, one, two, ...: each instance sometimes remembers a stale row.
      const instance = index % 3 === 2 ? two : one;
      const shared = await instance.postTurn(agent, { conversationId, turn });
      const single = await alone.postTurn(agentAlone, { conversationId: reference, turn });
      expect(shared.turn.seq).toBe(index);
      expect(shared.decision).toEqual(single.decision);
    }
    const states = await use().query<{ id: string; engine_state: unknown }>(
      'SELECT id, engine_state FROM conversations WHERE id = ANY($1)',
      [[conversationId, reference]],
    );
    expect(states).toHaveLength(2);
    expect(states[0]!.engine_state).toEqual(states[1]!.engine_state);
    await two.close();
  });

  it('gives the agent a return note set since its last turn', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator', 'Ana');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'Hello' } });
    await service.postTurn(agent, { conversationId, turn: { role: 'agent', text: 'Hi, how can I help?' } });
    // No turn in between: the conversation's seq stays where the agent's last turn left it.
    const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'refund' });
    await service.claim(operator, handoff.id);
    await service.returnToAgent(operator, handoff.id, { note: 'Refund approved.' });
    const next = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'So?' },
    });
    expect(next.returnNote).toBe('Refund approved.');
    expect(next.turn.seq).toBe(2);
    const after = await service.postTurn(agent, { conversationId, turn: { role: 'agent', text: 'Done.' } });
    expect(after.returnNote).toBeNull();
  });

  it('decides under a policy made current since the last turn, and opens handoffs as before', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const admin = await principal(service, 'admin');
    const conversationId = uniqueId('conv');
    const first = await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'Hi' } });
    const version = `next-${uniqueId('v')}`;
    await service.putPolicy(admin, { ...defaultPolicy, version });
    const second = await service.postTurn(agent, { conversationId, turn: { role: 'agent', text: 'Hello!' } });
    expect(first.decision.policyVersion).not.toBe(version);
    expect(second.decision.policyVersion).toBe(version);
    const third = await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN });
    expect(third.decision.action).toBe('handoff');
    expect(third.conversation.status).toBe('waiting');
    expect(third.turn.seq).toBe(2);
  });
});

describe('known conversations', () => {
  const entry = (seq: number): KnownConversation => ({
    row: {
      created_by_key: 'k',
      customer: {},
      engine_state: null,
      last_seq: seq,
      created_at: '2026-03-02T09:00:00Z',
    },
    version: String(100 + seq),
    policyVersion: 'default-1',
  });

  it('hands an entry out once, keeps the most recent ones, and pauses conversations written elsewhere', () => {
    let now = 0;
    const known = new KnownConversations({ max: 2, now: () => now });
    known.remember('a', entry(1));
    expect(known.take('a')).toEqual(entry(1));
    expect(known.take('a')).toBeUndefined();
    known.remember('a', entry(2));
    known.remember('b', entry(1));
    known.remember('c', entry(1));
    expect(known.take('a')).toBeUndefined(); // the least recently remembered went first
    expect(known.size).toBe(2);

    known.changedElsewhere('b');
    known.remember('b', entry(3));
    expect(known.take('b')).toBeUndefined();
    now += SHARED_CONVERSATION_MS + 1;
    known.remember('b', entry(4));
    expect(known.take('b')).toEqual(entry(4));
  });
});
