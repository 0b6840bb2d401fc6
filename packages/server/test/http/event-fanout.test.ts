/**
 * The event stream under the (tx, id) ordering and the per-instance reader, over real sockets on
 * PGlite and PostgreSQL: readers that reconnect at random while writers commit with delays inside
 * their transactions get every event once; old cursors resume; a cursor older than retention gets
 * `cursor_expired`; caps answer 429; a slow stream is closed instead of buffering without bound; a
 * revoked key's streams close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/service/context.ts';
import { appendEvents } from '../../src/service/events.ts';
import { applyRetention } from '../../src/service/retention.ts';
import type { BatonEvent, Principal } from '../../src/service/types.ts';
import { call, createStack, listen, readSse, type Stack } from './helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
}

describe.each(['pglite', 'postgres'] as const)('event fan-out on %s', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    stack = await createStack(backend, {
      heartbeatMs: 60_000,
      eventStreams: { maxBufferedEvents: 20 },
      // PGlite has no NOTIFY from raw appends below: the poll delivers them.
      eventHub: { pollMs: 50 },
    });
    server = await listen(stack.app);
  });
  afterAll(async () => {
    await server.close();
    await stack.close();
  });

  const context = () => ({ database: stack.database }) as ServiceContext;

  async function operatorOf(key: string): Promise<Principal> {
    return (await stack.service.authenticate(key))!;
  }

  /** Connects, reads up to `max` events (or until `idleMs` of silence), then drops the connection. */
  async function readSome(
    query: string,
    lastId: string | undefined,
    max: number,
    idleMs = 300,
  ): Promise<BatonEvent[]> {
    const controller = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${stack.keys.operator}` };
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    const events: BatonEvent[] = [];
    let timer = setTimeout(() => controller.abort(), idleMs);
    try {
      const response = await fetch(`${server.url}/v1/events${query}`, { headers, signal: controller.signal });
      expect(response.status).toBe(200);
      for await (const message of readSse(response.body!)) {
        events.push(JSON.parse(message.data) as BatonEvent);
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(), idleMs);
        if (events.length >= max) break;
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return events;
  }

  it('gets every event once, in commit order, with writers delayed inside their transactions and readers reconnecting at random', async () => {
    const random = seeded(backend === 'pglite' ? 11 : 29);
    const marker = `fanout-${backend}-${Date.now()}`;
    const committed: string[][] = [];
    const writers = 5;
    const transactionsEach = 12;
    async function writer(index: number): Promise<void> {
      for (let t = 0; t < transactionsEach; t++) {
        const rollBack = random() < 0.15;
        try {
          await stack.database.transaction(async (tx) => {
            await sleep(random() * 6);
            const count = 1 + Math.floor(random() * 3);
            const ids = await appendEvents(
              context(),
              tx,
              Array.from({ length: count }, (_, n) => ({
                type: 'note-created' as const,
                conversationId: marker,
                handoffId: null,
                queue: 'general',
                at: new Date().toISOString(),
                data: { writer: index, t, n },
              })),
            );
            // The window between taking ids and committing, where `id > cursor` loses rows.
            await sleep(random() * 6);
            if (rollBack) throw new Error('rolled back on purpose');
            committed.push(ids);
          });
        } catch (error) {
          if (!rollBack) throw error;
        }
      }
    }
    let writing = true;
    const writing$ = Promise.all(Array.from({ length: writers }, (_, index) => writer(index))).finally(
      () => (writing = false),
    );
    const received: BatonEvent[] = [];
    let connections = 0;
    const deadline = Date.now() + 40_000;
    for (; Date.now() < deadline; connections++) {
      const last = received.at(-1)?.id;
      const query = `?conversation=${marker}${last === undefined ? '&from=oldest' : ''}`;
      received.push(...(await readSome(query, last, 1 + Math.floor(random() * 8), 150)));
      if (!writing) {
        await writing$;
        const total = committed.reduce((sum, ids) => sum + ids.length, 0);
        if (received.length >= total) break;
      }
    }
    await writing$;
    const ids = received.map((event) => event.id);
    expect(new Set(ids).size, 'no event repeated').toBe(ids.length);
    const byId = (a: string, b: string) => Number(BigInt(a) - BigInt(b));
    expect([...ids].sort(byId), 'no event lost').toEqual(committed.flat().sort(byId));
    // Commit order: each transaction's events arrive together and in id order.
    for (const group of committed) {
      const at = ids.indexOf(group[0]!);
      expect(ids.slice(at, at + group.length)).toEqual(group);
    }
    expect(connections).toBeGreaterThanOrEqual(5);
  }, 90_000);

  it('resumes from a cursor given before the (tx, id) ordering (a plain id of an old event)', async () => {
    // Rows written before the migration have tx 0: they sort first, in id order.
    const marker = `old-${backend}`;
    const rows = await stack.database.query<{ id: string }>(
      `INSERT INTO events (tx, type, conversation_id, queue, at, data)
       SELECT '0', 'note-created', $1, 'general', now(), jsonb_build_object('n', n)
       FROM generate_series(1, 3) AS n RETURNING id::text AS id`,
      [marker],
    );
    const [first, second, third] = rows.map((row) => row.id);
    const resumed = await readSome(`?conversation=${marker}`, first, 2);
    expect(resumed.map((event) => event.id)).toEqual([second, third]);
    const bad = await call(stack.app, 'GET', '/v1/events', {
      key: stack.keys.operator,
      headers: { 'last-event-id': 'tx-12' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
  });

  it('answers cursor_expired for a cursor older than retention, and replays from=oldest from what is kept', async () => {
    const marker = `retention-${backend}`;
    const ids: string[] = [];
    for (let index = 0; index < 6; index++) {
      const [id] = await stack.database.transaction((tx) =>
        appendEvents(context(), tx, [
          {
            type: 'note-created',
            conversationId: marker,
            handoffId: null,
            queue: 'general',
            at: new Date().toISOString(),
            data: { index },
          },
        ]),
      );
      ids.push(id!);
    }
    // Everything up to the third of these is 40 days old; retention keeps 30 days.
    await stack.database.query(
      `UPDATE events SET at = now() - interval '40 days'
       WHERE (tx, id) <= (SELECT tx, id FROM events WHERE id = $1::bigint)`,
      [ids[2]],
    );
    const settings = { eventsDays: 30, turnsDays: null, handoffsDays: null };
    const result = await applyRetention(stack.database, settings, new Date(), {
      batchSize: 2,
      maxBatches: 1_000,
    });
    expect(result.events).toBeGreaterThanOrEqual(3);

    const expired = await call(stack.app, 'GET', '/v1/events', {
      key: stack.keys.operator,
      headers: { 'last-event-id': ids[0]! },
    });
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'cursor_expired', oldestId: ids[3] });
    // The last id pruned is still a valid place to resume: nothing after it is gone.
    expect((await readSome(`?conversation=${marker}`, ids[2], 1)).map((event) => event.id)).toEqual([ids[3]]);
    const oldest = await readSome(`?conversation=${marker}&from=oldest`, undefined, 3);
    expect(oldest.map((event) => event.id)).toEqual(ids.slice(3));
    // Nothing left to prune: a second round deletes nothing.
    expect((await applyRetention(stack.database, settings, new Date())).events).toBe(0);
  });

  it('answers 429 too_many_streams past the per-key and per-instance caps', async () => {
    const capped = await createStack(backend, {
      heartbeatMs: 60_000,
      eventStreams: { maxStreamsPerKey: 3, maxStreams: 5 },
    });
    const cappedServer = await listen(capped.app);
    try {
      await checkCaps(capped, cappedServer.url);
    } finally {
      await cappedServer.close();
      await capped.close();
    }
  });

  it('closes a stream that does not keep up instead of buffering without bound', async () => {
    const principal = await operatorOf(stack.keys.operator);
    const { subscription } = await stack.service.openEventStream(principal, { from: 'now' });
    let peak = 0;
    const marker = `slow-${backend}`;
    for (let index = 0; index < 60 && subscription.reason === null; index++) {
      await stack.database.transaction((tx) =>
        appendEvents(context(), tx, [
          {
            type: 'note-created',
            conversationId: marker,
            handoffId: null,
            queue: 'general',
            at: new Date().toISOString(),
            data: { index },
          },
        ]),
      );
      await sleep(15);
      peak = Math.max(peak, subscription.buffered);
    }
    // Nobody called next(): the buffer filled to its bound, then the stream was closed.
    expect(subscription.reason).toBe('slow_consumer');
    expect(peak).toBeLessThanOrEqual(20);
    expect(subscription.buffered).toBe(0);
    expect(await subscription.next()).toEqual([]);
  });

  it('ends an open stream when its key is revoked, with the reason as a comment', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/events`, {
      headers: { authorization: `Bearer ${stack.keys.operator2}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const principal = await operatorOf(stack.keys.operator2);
    const reader = response.body!.getReader();
    let text = '';
    // Wait for the stream to be open (its first bytes), then revoke.
    text += new TextDecoder().decode((await reader.read()).value);
    await stack.service.revokeKey(principal.keyId);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain(': closed key_revoked');
  });
});

/** Opens streams over `url` until each cap refuses one, then checks closed streams free their slots. */
async function checkCaps(stack: Stack, url: string): Promise<void> {
  const open = async (key: string) => {
    const controller = new AbortController();
    const response = await fetch(`${url}/v1/events`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
    return { response, close: () => controller.abort() };
  };
  const mine = [
    await open(stack.keys.operator),
    await open(stack.keys.operator),
    await open(stack.keys.operator),
  ];
  expect(mine.map((stream) => stream.response.status)).toEqual([200, 200, 200]);
  const refused = await open(stack.keys.operator);
  expect(refused.response.status).toBe(429);
  expect(refused.response.headers.get('retry-after')).toBe('5');
  expect(await refused.response.json()).toMatchObject({ code: 'too_many_streams', scope: 'key', limit: 3 });
  const others = [await open(stack.keys.operator2), await open(stack.keys.operator2)];
  expect(others.map((stream) => stream.response.status)).toEqual([200, 200]);
  const full = await open(stack.keys.admin);
  expect(full.response.status).toBe(429);
  expect(await full.response.json()).toMatchObject({ code: 'too_many_streams', scope: 'instance', limit: 5 });
  for (const stream of [...mine, ...others]) stream.close();
  // Closed streams free their slots.
  for (let attempt = 0; attempt < 100; attempt++) {
    const again = await open(stack.keys.operator);
    again.close();
    if (again.response.status === 200) return;
    await sleep(20);
  }
  throw new Error('the slots of closed streams were never freed');
}
