/**
 * A held lock costs a bounded wait, then `503 busy` with `Retry-After`, never a hang or a 500; and
 * `/readyz` fails while the write path is blocked while `/healthz` stays up. On PostgreSQL another
 * session holds a row lock or the events table; on PGlite a transaction holds the one session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp } from '../../src/http/app.ts';
import { createService, type BatonService } from '../../src/service/create-service.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openPgliteDatabase } from '../../src/storage/pglite-database.ts';
import { BACKENDS, createScratchPostgres } from '../storage/backends.ts';
import { listen } from './helpers.ts';

/** Short limits, so the test sees several attempts and still ends fast. */
const LOCK_MS = 200;
const READY_MS = 300;
/** Three attempts of LOCK_MS plus jittered pauses, with room for a loaded machine. */
const BUSY_WITHIN_MS = 3_000;

interface Served {
  database: Database;
  service: BatonService;
  url: string;
  agentKey: string;
  operatorKey: string;
  close(): Promise<void>;
}

async function serve(database: Database, dropDatabase: () => Promise<void>): Promise<Served> {
  const service = await createService({ database, readyTimeoutMs: READY_MS });
  const server = await listen(createApp(service, { logError: () => {} }));
  return {
    database,
    service,
    url: server.url,
    agentKey: (await service.createKey({ scope: 'agent', name: 'bot' })).key,
    operatorKey: (await service.createKey({ scope: 'operator', name: 'Ada' })).key,
    async close() {
      await server.close();
      await service.close();
      await database.close();
      await dropDatabase();
    },
  };
}

async function request(served: Served, method: string, path: string, key?: string, body?: unknown) {
  const started = performance.now();
  const response = await fetch(`${served.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
    ms: performance.now() - started,
  };
}

/** A conversation with a queued handoff; returns both ids. */
async function waitingConversation(served: Served, conversationId: string) {
  await request(served, 'POST', `/v1/conversations/${conversationId}/turns`, served.agentKey, {
    role: 'customer',
    text: 'My parcel never came.',
  });
  const requested = await request(
    served,
    'POST',
    `/v1/conversations/${conversationId}/handoff`,
    served.agentKey,
    {
      reason: 'lost parcel',
    },
  );
  return { conversationId, handoffId: (requested.body['handoff'] as { id: string }).id };
}

function expectBusy(answer: Awaited<ReturnType<typeof request>>) {
  expect(answer.status).toBe(503);
  expect(answer.body).toMatchObject({ code: 'busy', type: 'urn:baton:problem:busy', status: 503 });
  expect(answer.retryAfter).toBe('1');
  expect(answer.ms).toBeLessThan(BUSY_WITHIN_MS);
}

describe.runIf(BACKENDS.includes('postgres'))('a held lock on PostgreSQL', () => {
  let served: Served;
  let blocker: pg.Client;
  beforeAll(async () => {
    const scratch = await createScratchPostgres();
    const database = await openDatabase({
      databaseUrl: scratch.url,
      timeouts: { lockMs: LOCK_MS, statementMs: 5_000, idleInTransactionMs: 5_000, connectMs: 2_000 },
    });
    served = await serve(database, scratch.drop);
    blocker = new pg.Client({ connectionString: scratch.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await served?.close();
  });

  it('answers a claim and a turn on a locked conversation with 503 busy in bounded time, then serves', async () => {
    const { conversationId, handoffId } = await waitingConversation(served, 'held-row');
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
    expectBusy(await request(served, 'POST', `/v1/handoffs/${handoffId}/claim`, served.operatorKey));
    expectBusy(
      await request(served, 'POST', `/v1/conversations/${conversationId}/turns`, served.agentKey, {
        role: 'customer',
        text: 'Hello?',
      }),
    );
    // Other conversations are not held up, and nothing was written by the refused requests.
    expect((await request(served, 'GET', '/readyz')).status).toBe(200);
    await blocker.query('ROLLBACK');
    const claimed = await request(served, 'POST', `/v1/handoffs/${handoffId}/claim`, served.operatorKey);
    expect(claimed.status).toBe(200);
    const turns = await served.database.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM turns WHERE conversation_id = $1',
      [conversationId],
    );
    expect(turns[0]!.count).toBe(1);
  });

  it('fails /readyz (and keeps /healthz) while the write path is blocked, and recovers', async () => {
    expect((await request(served, 'GET', '/readyz')).status).toBe(200);
    await blocker.query('BEGIN');
    // Every use case appends events: holding the table against writes stalls them all.
    await blocker.query('LOCK TABLE events IN EXCLUSIVE MODE');
    const ready = await request(served, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'unavailable' });
    expect(ready.ms).toBeLessThan(READY_MS + 1_000);
    expect((await request(served, 'GET', '/healthz')).status).toBe(200);
    expectBusy(
      await request(served, 'POST', '/v1/conversations/held-events/turns', served.agentKey, {
        role: 'customer',
        text: 'Anyone there?',
      }),
    );
    await blocker.query('ROLLBACK');
    expect((await request(served, 'GET', '/readyz')).status).toBe(200);
    const turn = await request(served, 'POST', '/v1/conversations/held-events/turns', served.agentKey, {
      role: 'customer',
      text: 'Anyone there?',
    });
    expect(turn.status).toBe(201);
  });

  it('ends a transaction left idle by a stalled client, freeing its locks', async () => {
    const { conversationId, handoffId } = await waitingConversation(served, 'idle-row');
    const stalled = await served.database
      .transaction(async (tx) => {
        // A client that went quiet mid-transaction (a paused instance): the server ends its session
        // after idle_in_transaction_session_timeout. Here the limit is shortened for this session only.
        await tx.exec("SET LOCAL idle_in_transaction_session_timeout = '300ms'");
        await tx.query('SELECT * FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
        await new Promise((resolve) => setTimeout(resolve, 800));
        return tx.query('SELECT 1').then(
          () => 'still open',
          () => 'ended by the server',
        );
      })
      .catch(() => 'ended by the server');
    expect(stalled).toBe('ended by the server');
    const claimed = await request(served, 'POST', `/v1/handoffs/${handoffId}/claim`, served.operatorKey);
    expect(claimed.status).toBe(200);
  });
});

describe('a held session on PGlite', () => {
  let served: Served;
  beforeAll(async () => {
    const database = await openPgliteDatabase({ timeouts: { connectMs: LOCK_MS } });
    await migrate(database);
    served = await serve(database, async () => {});
  });
  afterAll(async () => {
    await served?.close();
  });

  it('answers 503 busy while a transaction holds the one session, fails /readyz, then serves', async () => {
    let release = () => {};
    const held = served.database.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expectBusy(
      await request(served, 'POST', '/v1/conversations/pglite-held/turns', served.agentKey, {
        role: 'customer',
        text: 'Hello?',
      }),
    );
    expect((await request(served, 'GET', '/readyz')).status).toBe(503);
    expect((await request(served, 'GET', '/healthz')).status).toBe(200);
    release();
    await held;
    expect((await request(served, 'GET', '/readyz')).status).toBe(200);
    const turn = await request(served, 'POST', '/v1/conversations/pglite-held/turns', served.agentKey, {
      role: 'customer',
      text: 'Hello?',
    });
    expect(turn.status).toBe(201);
  });
});
