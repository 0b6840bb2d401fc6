/**
 * Regenerates the committed schema dump from a fresh in-memory database:
 * `npx tsx packages/server/src/storage/write-schema-dump.ts`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemoryDatabase } from './database.ts';
import { dumpSchema } from './schema-dump.ts';

/** Where the committed dump lives. */
export const SCHEMA_DUMP_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema.sql');

async function main(): Promise<void> {
  const database = await openMemoryDatabase();
  try {
    await fs.writeFile(SCHEMA_DUMP_PATH, await dumpSchema(database));
    process.stdout.write(`wrote ${SCHEMA_DUMP_PATH}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
