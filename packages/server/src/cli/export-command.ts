/**
 * `baton export [--since ISO] [--out FILE]`: writes conversations with their outcomes in the replay
 * format (JSON Lines), from the same data folder or DATABASE_URL the server uses, page by page in
 * bounded memory, so `baton replay`, `calibrate` and `discover` can read what production recorded.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { readConfig, type ServerFlags } from '../main.ts';
import { maskContactsDeep } from '../privacy/contact-masking.ts';
import { exportConversations } from '../service/outcomes/export-conversations.ts';
import { openDatabase, type Database } from '../storage/database.ts';
import { writeLine } from './replay-command.ts';
import { printStartupError } from './startup-errors.ts';

function parseSince(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError('use an ISO time, for example 2026-03-01T00:00:00Z');
  return new Date(time).toISOString();
}

/** Writes every exported conversation to `output` (contacts masked unless exposed); returns how many. */
export async function writeExport(
  database: Database,
  output: Writable,
  since: string | undefined,
  exposeContacts = false,
): Promise<number> {
  let count = 0;
  for await (const conversation of exportConversations(database, since ? { since } : {})) {
    await writeLine(output, JSON.stringify(exposeContacts ? conversation : maskContactsDeep(conversation)));
    count += 1;
  }
  return count;
}

/** Registers `baton export`. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'Write conversations with their outcomes in the replay format (JSON Lines), for replay, calibrate and discover.',
    )
    .option('--since <time>', 'only conversations started at or after this ISO time', parseSince)
    .option('--out <file>', 'write to this file (replaced when complete) instead of standard output')
    .option('--data-dir <folder>', 'embedded database folder (env BATON_DATA_DIR, default .baton)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL)')
    .action(
      async (options: { since?: string; out?: string } & Pick<ServerFlags, 'dataDir' | 'databaseUrl'>) => {
        const config = readConfig(process.env, {
          dataDir: options.dataDir,
          databaseUrl: options.databaseUrl,
        });
        const exposeContacts = config.privacy?.exposeContacts.has('export') ?? false;
        let database: Database | undefined;
        // A file is written aside and renamed when complete, so a failed export never leaves half a file.
        const partial = options.out ? `${options.out}.partial` : undefined;
        try {
          database = await openDatabase({
            ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
            dataDir: config.dataDir,
            ...(config.databaseTimeouts ? { timeouts: config.databaseTimeouts } : {}),
          });
          if (partial && options.out) {
            const file = createWriteStream(partial, { encoding: 'utf8' });
            // A write error (no permission, disk full) ends the export instead of waiting for a drain.
            const failed = new Promise<never>((_resolve, reject) => file.once('error', reject));
            const count = await Promise.race([
              writeExport(database, file, options.since, exposeContacts),
              failed,
            ]);
            file.end();
            await once(file, 'finish');
            await rename(partial, options.out);
            process.stderr.write(
              `baton: exported ${count} conversation${count === 1 ? '' : 's'} to ${options.out}\n`,
            );
          } else {
            await writeExport(database, process.stdout, options.since, exposeContacts);
          }
        } catch (error) {
          if (partial) await rm(partial, { force: true });
          printStartupError(
            error,
            'export',
            'A running Baton server holds this data folder (one process per folder). Stop it and run this ' +
              'again, or run Baton on PostgreSQL (DATABASE_URL), which any number of processes can read.',
          );
          process.exitCode = 1;
        } finally {
          await database?.close();
        }
      },
    );
}
