/**
 * The embedded adapter: PGlite in a data folder (or in memory). PGlite is one connection running on
 * the main thread, so its transactions are serialised; one process per data folder, held by a lock.
 */
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, DatabaseTimeouts, Queryable } from './database.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { BUSY_RETRY_AFTER_SECONDS, toClientError } from './transaction-retry.ts';
import { BatonError } from '../errors.ts';

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
  /** `connectMs` bounds the wait for the one session; PGlite has no lock waits or timers of its own. */
  timeouts?: Pick<DatabaseTimeouts, 'connectMs'>;
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
  // The wait for that lock is bounded like a wait for a pool connection: a use that could not start
  // in time gives up (`busy`) and is skipped when its turn comes, so one stuck transaction never
  // makes every request hang.
  const waitMs = config.timeouts?.connectMs ?? 0;
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    let gaveUp = false;
    let timer: NodeJS.Timeout | undefined;
    const start = () => {
      clearTimeout(timer);
      return gaveUp ? Promise.resolve(undefined as T) : work();
    };
    const run = tail.then(start, start);
    tail = run.catch(() => {});
    if (waitMs <= 0) return run.catch((error: unknown) => Promise.reject(toClientError(error)));
    return new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        reject(
          new BatonError(
            'busy',
            'The database is busy (the embedded session stayed taken); nothing was written.',
            {
              retryAfter: BUSY_RETRY_AFTER_SECONDS,
            },
          ),
        );
      }, waitMs);
      run.then(resolve, (error: unknown) => reject(toClientError(error)));
    });
  }
  let closed = false;
  return {
    kind: 'pglite',
    pglite,
    query: (sql, params) => exclusive(() => root.query(sql, params)),
    exec: (sql) => exclusive(() => root.exec(sql)),
    // One session runs one transaction at a time: no deadlock, lock wait or serialisation failure
    // can happen, so there is nothing to retry.
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
