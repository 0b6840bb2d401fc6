/** `baton serve`: starts the server (what `npm start` runs). Flags win over the environment. */
import type { Command } from 'commander';
import { ConfigError, readConfig, runServer, type ServerFlags } from '../main.ts';
import { printStartupError } from './startup-errors.ts';

/** Registers `baton serve`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the Baton server (PGlite in a data folder by default; PostgreSQL with DATABASE_URL).')
    .option('--port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--data-dir <folder>', 'embedded database folder (env BATON_DATA_DIR, default .baton)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL)')
    .option('--policy <file>', 'policy file, YAML or JSON (env BATON_POLICY)')
    .option('--queues <names>', 'comma-separated queue names, the first is the default (env BATON_QUEUES)')
    .action(async (flags: ServerFlags) => {
      try {
        await runServer(readConfig(process.env, flags));
      } catch (error) {
        printStartupError(error, error instanceof ConfigError ? undefined : 'start the server');
        process.exit(error instanceof ConfigError ? 2 : 1);
      }
    });
}
