/**
 * The storage contract, on PGlite and on PostgreSQL: migrations, the committed schema dump,
 * transactions, and the global event stream resumable with nothing lost or repeated while several
 * writers commit out of order.
 */
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { dumpSchema } from '../../src/storage/schema-dump.ts';
import { SCHEMA_DUMP_PATH } from '../../src/storage/write-schema-dump.ts';
import type { ServiceContext } from '../../src/service/context.ts';
import { appendEvents, readEvents } from '../../src/service/events.ts';
import { BACKENDS, createScratchPostgres, describeBackends } from './backends.ts';

/** Every numbered migration in the folder, by version: what a migrated database must have applied. */
async function migrationVersions(): Promise<number[]> {
  const folder = new URL('../../src/storage/migrations/', import.meta.url);
  const files = await fs.readdir(folder);
  return files
    .map((file) => /^(\d+)_.*\.sql$/.exec(file)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number)
    .sort((left, right) => left - right);
}

/** The slice of the service context the event functions use. */
function eventContext(database: Database): ServiceContext {
  return { database } as ServiceContext;
}

describeBackends('storage', (use, kind) => {
  it('is migrated once: a second run applies nothing', async () => {
    const rows = await use().query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const versions = await migrationVersions();
    expect(versions.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.version)).toEqual(versions);
    expect(await migrate(use())).toEqual([]);
  });

  it('matches the committed schema dump (regenerate with write-schema-dump.ts)', async () => {
    expect(await dumpSchema(use())).toBe(await fs.readFile(SCHEMA_DUMP_PATH, 'utf8'));
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const database = use();
    await database.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO operator_presence (key_id, name, status, updated_at) VALUES ('tx-a', 'a', 'online', now())`,
      );
    });
    await expect(
      database.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO operator_presence (key_id, name, status, updated_at) VALUES ('tx-b', 'b', 'online', now())`,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await database.query<{ key_id: string }>(
      `SELECT key_id FROM operator_presence WHERE key_id LIKE 'tx-%' ORDER BY key_id`,
    );
    expect(rows.map((row) => row.key_id)).toEqual(['tx-a']);
  });

  it('returns timestamps as Dates, jsonb parsed and casted ids as text', async () => {
    const [row] = await use().query<{ at: Date; data: unknown; id: string }>(
      `SELECT now() AS at, '{"a":[1]}'::jsonb AS data, 42::bigint::text AS id`,
    );
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.data).toEqual({ a: [1] });
    expect(row!.id).toBe('42');
  });

  it(`resumes the event stream with nothing lost or repeated under concurrent writers [${kind}]`, async () => {
    const database = use();
    const context = eventContext(database);
    const start = await readEvents(context, { limit: 1000 });
    let cursor = start.at(-1)?.id ?? '0';
    const marker = `w-${Math.random().toString(36).slice(2)}`;
    const writers = 6;
    const transactionsEach = 15;
    const committed: string[] = [];

    async function writer(index: number): Promise<void> {
      for (let t = 0; t < transactionsEach; t++) {
        const rollBack = Math.random() < 0.15;
        try {
          await database.transaction(async (tx) => {
            // Work before the append, then a delay between the append and the commit: the window in
            // which a naive `id > cursor` reader skips rows for good.
            await sleep(Math.random() * 4);
            const count = 1 + Math.floor(Math.random() * 3);
            const events = Array.from({ length: count }, (_, n) => ({
              type: 'note-created' as const,
              conversationId: marker,
              handoffId: null,
              queue: `q${index}`,
              at: new Date().toISOString(),
              data: { writer: index, t, n },
            }));
            const appended = await appendEvents(context, tx, events);
            await sleep(Math.random() * 4);
            if (rollBack) throw new Error('rolled back on purpose');
            committed.push(...appended);
          });
        } catch (error) {
          if (!rollBack) throw error;
        }
      }
    }

    const seen: string[] = [];
    let writing = true;
    const reader = (async () => {
      for (;;) {
        const done = !writing;
        const page = await readEvents(context, { afterId: cursor, conversationId: marker, limit: 50 });
        for (const event of page) seen.push(event.id);
        if (page.length > 0) cursor = page.at(-1)!.id;
        if (done && page.length === 0) return;
        if (page.length === 0) await sleep(1);
      }
    })();
    await Promise.all(Array.from({ length: writers }, (_, index) => writer(index)));
    writing = false;
    await reader;

    // Commit order is (transaction, id), not id order: compare as sets, with no repeat.
    const byId = (a: string, b: string) => Number(BigInt(a) - BigInt(b));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort(byId)).toEqual([...committed].sort(byId));
    expect(seen.length).toBeGreaterThan(writers * transactionsEach * 0.5);
  });

  it('filters the stream by queue and by conversation', async () => {
    const context = eventContext(use());
    const marker = `f-${Math.random().toString(36).slice(2)}`;
    await use().transaction((tx) =>
      appendEvents(context, tx, [
        {
          type: 'note-created',
          conversationId: marker,
          handoffId: null,
          queue: `${marker}-a`,
          at: new Date().toISOString(),
          data: {},
        },
        {
          type: 'note-created',
          conversationId: marker,
          handoffId: null,
          queue: `${marker}-b`,
          at: new Date().toISOString(),
          data: {},
        },
      ]),
    );
    expect((await readEvents(context, { queue: `${marker}-a` })).map((event) => event.queue)).toEqual([
      `${marker}-a`,
    ]);
    expect(await readEvents(context, { conversationId: marker })).toHaveLength(2);
    await expect(readEvents(context, { afterId: 'yesterday' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});

describe.runIf(BACKENDS.includes('postgres'))('PostgreSQL only', () => {
  it('migrates once when several instances start at once on an empty database', async () => {
    const scratch = await createScratchPostgres();
    const opened: Database[] = [];
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, async () => {
          const database = await openDatabase({ databaseUrl: scratch.url });
          opened.push(database);
          return database;
        }),
      );
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      const rows = await opened[0]!.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.version)).toEqual(await migrationVersions());
    } finally {
      await Promise.all(opened.map((database) => database.close()));
      await scratch.drop();
    }
  });

  it('keeps LISTEN wake-ups after its connection is killed, and wakes callers to catch up', async () => {
    const scratch = await createScratchPostgres();
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      let wakeUps = 0;
      let wake: () => void = () => {};
      const next = () => new Promise<void>((resolve) => (wake = resolve));
      let waiting = next();
      const stop = await database.listen!('baton_test', () => {
        wakeUps++;
        wake();
      });
      await database.query(`SELECT pg_notify('baton_test', '')`);
      await waiting;
      expect(wakeUps).toBe(1);

      waiting = next();
      const killed = await database.query<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
         WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
      );
      expect(killed.map((row) => row.killed)).toEqual([true]);
      // The reconnect itself wakes callers, so they read what they missed from the table.
      await waiting;
      expect(wakeUps).toBe(2);

      waiting = next();
      await database.query(`SELECT pg_notify('baton_test', '')`);
      await waiting;
      expect(wakeUps).toBe(3);
      await stop();
    } finally {
      await database.close();
      await scratch.drop();
    }
  });
});
