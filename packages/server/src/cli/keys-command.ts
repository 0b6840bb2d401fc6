/**
 * `baton keys create --scope agent|operator|admin`: makes an API key on the same database the server
 * uses and prints the key alone on stdout (so `KEY=$(npx baton keys create --scope agent)` works).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { openService, readConfig, type ServerFlags } from '../main.ts';
import type { Scope } from '../service/types.ts';
import { printStartupError } from './startup-errors.ts';

const SCOPES: readonly Scope[] = ['agent', 'operator', 'admin'];

function parseScope(value: string): Scope {
  if (!(SCOPES as readonly string[]).includes(value))
    throw new InvalidArgumentError('use agent, operator or admin');
  return value as Scope;
}

/** Registers `baton keys create`. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys.');
  keys
    .command('create')
    .description('Create an API key and print it alone on stdout (only its hash is stored).')
    .requiredOption('--scope <scope>', 'agent, operator or admin', parseScope)
    .option('--name <name>', "the key holder's name (an operator's name, an agent's name)")
    .option('--data-dir <folder>', 'embedded database folder (env BATON_DATA_DIR, default .baton)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL)')
    .action(
      async (options: { scope: Scope; name?: string } & Pick<ServerFlags, 'dataDir' | 'databaseUrl'>) => {
        const config = readConfig(process.env, {
          dataDir: options.dataDir,
          databaseUrl: options.databaseUrl,
        });
        let opened: Awaited<ReturnType<typeof openService>> | undefined;
        try {
          // The policy is irrelevant to making a key, so a broken policy file never blocks this.
          opened = await openService({ ...config, policyPath: undefined });
          const { key } = await opened.service.createKey({
            scope: options.scope,
            name: options.name ?? `${options.scope} key`,
          });
          process.stdout.write(`${key}\n`);
        } catch (error) {
          printStartupError(
            error,
            'create the key',
            'A running Baton server holds this data folder. Stop it and run this again, or create the key ' +
              "through the server's API with an admin key:\n" +
              `  curl -s -X POST http://${config.host}:${config.port}/v1/keys -H 'authorization: Bearer <admin key>' \\\n` +
              `       -H 'content-type: application/json' -d '{"scope":"${options.scope}"}'`,
          );
          process.exitCode = 1;
        } finally {
          await opened?.service.close();
          await opened?.database.close();
        }
      },
    );
}
