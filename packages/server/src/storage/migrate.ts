/**
 * Numbered SQL migrations (`migrations/0001_name.sql`), applied in order in one transaction under a
 * transaction-level advisory lock, so several instances starting at once on an empty database
 * migrate it once: the first takes the lock, the others wait and then find nothing left to do.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** An arbitrary constant that names Baton's migration lock among advisory locks. */
const MIGRATION_LOCK = 7_240_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this version, in order. */
export async function loadMigrations(): Promise<Migration[]> {
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number.parseInt(file.slice(0, 4), 10),
      name: file.slice(5, -4),
      sql: await fs.readFile(path.join(MIGRATIONS_DIR, file), 'utf8'),
    })),
  );
}

/** Applies the migrations the database lacks; returns the versions it applied. */
export async function migrate(database: Database): Promise<number[]> {
  const migrations = await loadMigrations();
  return database.transaction(async (tx) => {
    // Instances starting together wait here for the first to finish, and a migration may take long
    // on a big table: the time limits every request lives under do not apply to this transaction.
    await tx.exec('SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0');
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    const latestKnown = migrations.at(-1)?.version ?? 0;
    if (newest > latestKnown) {
      throw new Error(
        `The database is at schema version ${newest}, newer than this Baton knows (${latestKnown}). Upgrade Baton.`,
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
