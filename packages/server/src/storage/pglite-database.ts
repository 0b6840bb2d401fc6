/**
 * The embedded adapter: PGlite in a data folder (or in memory). PGlite is one connection running on
 * the main thread, so its transactions are serialised; one process per data folder, held by a lock.
 */
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';
import { lockDataFolder } from './data-folder-lock.ts';

function wrap(connection: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await connection.query<Row>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await connection.exec(sql);
    },
  };
}

/** The PGlite adapter, with the PGlite instance itself for tools that need more (tests' templates). */
export type PgliteDatabase = Database & { readonly pglite: PGlite };

/**
 * Opens PGlite in `dataDir` (locked against a second process), or in memory without one;
 * `loadDataDir` starts from a dump (`dumpDataDir`) instead of an empty cluster.
 */
export async function openPgliteDatabase(config: {
  dataDir?: string;
  loadDataDir?: Blob;
}): Promise<PgliteDatabase> {
  const release = config.dataDir ? await lockDataFolder(config.dataDir) : async () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(config.dataDir ? { dataDir: path.join(config.dataDir, 'pgdata') } : {}),
      ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
    });
  } catch (error) {
    await release();
    throw error;
  }
  const root = wrap(pglite);
  // PGlite is one session: a plain query issued while a transaction is open runs inside it (it
  // would read uncommitted rows and roll back with it). So every use takes turns through one lock.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run;
  }
  let closed = false;
  return {
    kind: 'pglite',
    pglite,
    query: (sql, params) => exclusive(() => root.query(sql, params)),
    exec: (sql) => exclusive(() => root.exec(sql)),
    transaction: (fn) => exclusive(() => pglite.transaction((tx) => fn(wrap(tx)))),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await exclusive(() => pglite.close());
      } finally {
        await release();
      }
    },
  };
}
