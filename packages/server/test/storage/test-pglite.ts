/**
 * A migrated PGlite in memory for tests, made fast: creating one and running every migration costs
 * seconds, so the first makes a template (a dump of the migrated data folder, cached in the temp
 * folder per migrations and PGlite version) and later ones, in any test file or process, load it.
 * No vitest import: child processes that tests start (an MCP server, an SDK's Baton) use it too.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/storage/database.ts';
import { loadMigrations, migrate } from '../../src/storage/migrate.ts';
import { openPgliteDatabase } from '../../src/storage/pglite-database.ts';

/** The installed PGlite version (a template from another version is not reused). */
async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageJson = path.join(
    entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)),
    'package.json',
  );
  return (JSON.parse(await fs.readFile(packageJson, 'utf8')) as { version: string }).version;
}

/**
 * A migrated PGlite in memory. Creating one costs seconds, so the first creates a template (a dump
 * of the migrated data folder, cached in the temp folder per migrations hash) and later ones load it.
 */
export async function openTestPglite(): Promise<Database> {
  const migrations = await loadMigrations();
  const hash = createHash('sha256')
    .update(JSON.stringify(migrations))
    .update(await pgliteVersion())
    .digest('hex')
    .slice(0, 16);
  const templatePath = path.join(os.tmpdir(), `baton-pglite-template-${hash}.tar`);
  const template = await fs.readFile(templatePath).catch(() => null);
  if (template) {
    const database = await openPgliteDatabase({ loadDataDir: new Blob([template]) });
    await migrate(database);
    return database;
  }
  const database = await openPgliteDatabase({});
  await migrate(database);
  const dump = Buffer.from(await (await database.pglite.dumpDataDir('none')).arrayBuffer());
  // Written aside then renamed: a parallel test file never reads half a template.
  const partial = `${templatePath}.${process.pid}.tmp`;
  await fs.writeFile(partial, dump);
  await fs.rename(partial, templatePath);
  // Templates of earlier migrations are 40 MB each: keep only the current one.
  for (const name of await fs.readdir(os.tmpdir())) {
    if (
      /^baton-pglite-template-[0-9a-f]{16}\.tar$/.test(name) &&
      path.join(os.tmpdir(), name) !== templatePath
    ) {
      await fs.rm(path.join(os.tmpdir(), name), { force: true });
    }
  }
  return database;
}
