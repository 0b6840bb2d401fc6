/**
 * Database connection errors the pool recovers from are logged with context, not swallowed: an
 * idle connection ended by the server (a restart, an administrator) shows as a warning line, and
 * the LISTEN connection's loss too; the pool keeps answering. Real PostgreSQL.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createLogger } from '../../src/telemetry/logger.ts';
import { freshPostgresDatabase, POSTGRES_ADMIN_URL } from '../http/helpers.ts';

type LogLine = Record<string, unknown> & { msg: string; level: string };

describe('database connection errors on PostgreSQL', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let name: string;
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  /** Resolves with the first line (written or to come) that matches. */
  const nextLine = (match: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve) => {
      const seen = lines.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });

  beforeAll(async () => {
    const postgres = await freshPostgresDatabase('baton_pool_errors');
    drop = postgres.drop;
    name = new URL(postgres.url).pathname.slice(1);
    const logger = createLogger({
      level: 'info',
      destination: {
        write(text: string) {
          const line = JSON.parse(text) as LogLine;
          lines.push(line);
          for (const waiter of waiters.splice(0)) {
            if (waiter.match(line)) waiter.resolve(line);
            else waiters.push(waiter);
          }
        },
      },
    });
    database = await openDatabase({ databaseUrl: postgres.url, log: logger });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('logs an idle connection the server ended, and the LISTEN connection it cut, then answers again', async () => {
    const stop = await database.listen!('telemetry_test', () => {});
    // Two statements at once leave two idle connections in the pool.
    await Promise.all([database.query('SELECT pg_sleep(0.01)'), database.query('SELECT pg_sleep(0.01)')]);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const ended = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      expect(ended.rows.length).toBeGreaterThanOrEqual(3);
    } finally {
      await admin.end();
    }
    const idle = await nextLine((line) => line.msg.startsWith('an idle database connection failed'));
    expect(idle).toMatchObject({ level: 'warn', code: '57P01', service: 'baton' });
    expect((idle['err'] as { message: string }).message).toMatch(/terminat/i);
    const listen = await nextLine((line) => line.msg.startsWith('the LISTEN connection was lost'));
    expect(listen).toMatchObject({ level: 'warn', channel: 'telemetry_test' });
    expect(await database.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await stop();
  });
});
