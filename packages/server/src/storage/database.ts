/**
 * The storage port: a thin SQL interface over PostgreSQL (one dialect), with two adapters: PGlite
 * embedded in a data folder (the default) and a real PostgreSQL through `pg` (`DATABASE_URL`).
 * This module is the only place that knows which one is picked.
 */
import path from 'node:path';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { migrate } from './migrate.ts';

export { DataFolderLockedError } from './data-folder-lock.ts';

/** How to run one statement. */
export interface QueryOptions {
  /**
   * Keep the statement prepared on the connection (PostgreSQL: a named statement, parsed and
   * planned once per connection rather than on every call). For the hot path's few fixed texts,
   * run outside a transaction: every distinct text becomes one more statement held by each
   * connection, and a statement whose plan went stale (a migration changed the columns it reads)
   * is run again unprepared, which only a statement that is its own transaction can do.
   */
  prepare?: boolean;
}

/** Anything that runs SQL: the database itself or one transaction. */
export interface Queryable {
  /** One statement with `$1`-style parameters; returns the rows. */
  query<Row>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Options of one transaction. */
export interface TransactionOptions {
  /** Runs in all when a deadlock, serialisation failure or lock timeout rolls it back (default 3). */
  attempts?: number;
}

export interface Database extends Queryable {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. A
   * deadlock, serialisation failure or lock timeout runs it again after a jittered pause (so `fn`
   * must only touch the database); still refused after the last attempt, it throws `busy`.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Subscribes to a NOTIFY channel (PostgreSQL only: PGlite is one process, so an in-process
   * notifier is enough there). `onNotify` gets the payload; it also fires after a reconnect with no
   * payload, so callers catch up on what they may have missed.
   */
  listen?(channel: string, onNotify: (payload?: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  kind: 'pglite' | 'postgres';
  /** The connection pool's counts now (PostgreSQL only), for the pool gauge. */
  poolStats?(): PoolStats;
}

/** A pool's connections: open, idle, requests waiting for one, and the most it opens. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** Where the database layer reports what it recovers from on its own (a pino logger fits). */
export interface DatabaseLog {
  warn(fields: object, message: string): void;
}

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, PGlite in `dataDir`. */
  databaseUrl?: string;
  /** The embedded database's folder (default `.baton/`). */
  dataDir?: string;
  /** Time limits of every connection (defaults: `DEFAULT_DATABASE_TIMEOUTS`). */
  timeouts?: Partial<DatabaseTimeouts>;
  /** Where connection errors the pool recovers from are logged (default: stderr). */
  log?: DatabaseLog;
}

/** Time limits set on every PostgreSQL connection, in milliseconds (0 turns one off). */
export interface DatabaseTimeouts {
  /** `statement_timeout`: a statement running longer is cancelled. */
  statementMs: number;
  /** `lock_timeout`: a wait for a row, table or advisory lock longer than this fails (and is retried). */
  lockMs: number;
  /** `idle_in_transaction_session_timeout`: a session idle inside a transaction this long is ended, its locks freed. */
  idleInTransactionMs: number;
  /** How long a request waits for a free connection of the pool (PGlite: for its one session). */
  connectMs: number;
}

/**
 * A stuck lock holder or a paused instance costs other requests about two seconds each (three runs
 * of `lock_timeout` at most, then `busy`), not an unbounded wait; a paused instance's open
 * transaction is ended after 10 s of silence, freeing its locks. Ordinary waits (operators racing
 * for one claim, turns on one conversation) last milliseconds.
 */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 15_000,
  lockMs: 500,
  idleInTransactionMs: 10_000,
  connectMs: 5_000,
};

/** The default data folder of the embedded database. */
export const DEFAULT_DATA_DIR = '.baton';

/** Opens PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir` (locked), and migrates it. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...config.timeouts };
  const database = config.databaseUrl
    ? await openPostgresDatabase(config.databaseUrl, { timeouts, ...(config.log ? { log: config.log } : {}) })
    : await openPgliteDatabase({ dataDir: path.resolve(config.dataDir ?? DEFAULT_DATA_DIR), timeouts });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** PGlite in memory, migrated: for tests. */
export async function openMemoryDatabase(): Promise<Database> {
  const database = await openPgliteDatabase({});
  await migrate(database);
  return database;
}
