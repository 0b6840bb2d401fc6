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

/** Anything that runs SQL: the database itself or one transaction. */
export interface Queryable {
  /** One statement with `$1`-style parameters; returns the rows. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to a NOTIFY channel (PostgreSQL only: PGlite is one process, so an in-process
   * notifier is enough there). `onNotify` gets the payload; it also fires after a reconnect with no
   * payload, so callers catch up on what they may have missed.
   */
  listen?(channel: string, onNotify: (payload?: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  kind: 'pglite' | 'postgres';
}

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, PGlite in `dataDir`. */
  databaseUrl?: string;
  /** The embedded database's folder (default `.baton/`). */
  dataDir?: string;
}

/** The default data folder of the embedded database. */
export const DEFAULT_DATA_DIR = '.baton';

/** Opens PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir` (locked), and migrates it. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const database = config.databaseUrl
    ? await openPostgresDatabase(config.databaseUrl)
    : await openPgliteDatabase({ dataDir: path.resolve(config.dataDir ?? DEFAULT_DATA_DIR) });
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
