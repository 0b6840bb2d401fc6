/**
 * `baton keys create|list|revoke`: manages API keys on the same database the server uses. `create`
 * prints the key alone on stdout (so `KEY=$(npx baton keys create --scope agent)` works). On the
 * embedded database a running server holds the data folder: these then stop with the equivalent
 * API call to make instead. On PostgreSQL they work while servers run, and a revocation reaches
 * every running instance through the database's notification.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { openService, readConfig, type ServerFlags } from '../main.ts';
import type { BatonService } from '../service/create-service.ts';
import type { Scope } from '../service/types.ts';
import { printStartupError } from './startup-errors.ts';

const SCOPES: readonly Scope[] = ['agent', 'operator', 'admin'];

function parseScope(value: string): Scope {
  if (!(SCOPES as readonly string[]).includes(value))
    throw new InvalidArgumentError('use agent, operator or admin');
  return value as Scope;
}

function parseExpiry(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError('use an ISO time, for example 2027-01-01T00:00:00Z');
  if (time <= Date.now()) throw new InvalidArgumentError('the time must be in the future');
  return new Date(time).toISOString();
}

type DatabaseFlags = Pick<ServerFlags, 'dataDir' | 'databaseUrl'>;

/** Opens the service on the configured database, runs `work`, closes; a held data folder prints `apiHint`. */
async function withService(
  options: DatabaseFlags,
  doing: string,
  apiHint: (base: string) => string,
  work: (service: BatonService) => Promise<void>,
): Promise<void> {
  const config = readConfig(process.env, { dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  let opened: Awaited<ReturnType<typeof openService>> | undefined;
  try {
    // The policy is irrelevant to keys, so a broken policy file never blocks these.
    opened = await openService({ ...config, policyPath: undefined });
    await work(opened.service);
  } catch (error) {
    printStartupError(
      error,
      doing,
      `A running Baton server holds this data folder. Stop it and run this again, or ${apiHint(
        `http://${config.host}:${config.port}`,
      )}`,
    );
    process.exitCode = 1;
  } finally {
    await opened?.service.close();
    await opened?.database.close();
  }
}

function withDatabaseOptions(command: Command): Command {
  return command
    .option('--data-dir <folder>', 'embedded database folder (env BATON_DATA_DIR, default .baton)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL)');
}

/** Registers `baton keys create`, `baton keys list` and `baton keys revoke`. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys.');
  withDatabaseOptions(
    keys
      .command('create')
      .description('Create an API key and print it alone on stdout (only its hash is stored).')
      .requiredOption('--scope <scope>', 'agent, operator or admin', parseScope)
      .option('--name <name>', "the key holder's name (an operator's name, an agent's name)")
      .option('--expires-at <time>', 'an ISO time after which the key stops working', parseExpiry),
  ).action(async (options: { scope: Scope; name?: string; expiresAt?: string } & DatabaseFlags) => {
    await withService(
      options,
      'create the key',
      (base) =>
        "create the key through the server's API with an admin key:\n" +
        `  curl -s -X POST ${base}/v1/keys -H 'authorization: Bearer <admin key>' \\\n` +
        `       -H 'content-type: application/json' -d '{"scope":"${options.scope}"}'`,
      async (service) => {
        const { key } = await service.createKey({
          scope: options.scope,
          name: options.name ?? `${options.scope} key`,
          ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}),
        });
        process.stdout.write(`${key}\n`);
      },
    );
  });

  withDatabaseOptions(
    keys.command('list').description('List the keys: id, scope, state, name (never a secret).'),
  ).action(async (options: DatabaseFlags) => {
    await withService(
      options,
      'list the keys',
      (base) =>
        "list them through the server's API with an admin key:\n" +
        `  curl -s ${base}/v1/keys -H 'authorization: Bearer <admin key>'`,
      async (service) => {
        const now = Date.now();
        for (const record of await service.listKeys()) {
          const state =
            record.revokedAt !== null
              ? `revoked ${record.revokedAt}`
              : record.expiresAt !== null && Date.parse(record.expiresAt) <= now
                ? `expired ${record.expiresAt}`
                : record.expiresAt !== null
                  ? `expires ${record.expiresAt}`
                  : 'active';
          process.stdout.write(`${record.id}\t${record.scope}\t${state}\t${record.name}\n`);
        }
      },
    );
  });

  withDatabaseOptions(
    keys
      .command('revoke')
      .description('Revoke a key by its id: it stops working at once on every instance, and its streams end.')
      .argument('<id>', 'the key id (`baton keys list`; the 16 hex digits after `bk_` in the key)'),
  ).action(async (id: string, options: DatabaseFlags) => {
    await withService(
      options,
      'revoke the key',
      (base) =>
        "revoke it through the server's API with an admin key:\n" +
        `  curl -s -X DELETE ${base}/v1/keys/${id} -H 'authorization: Bearer <admin key>'`,
      async (service) => {
        const record = await service.revokeKey(id);
        if (!record) {
          process.stderr.write(`baton: no API key ${id} (see \`baton keys list\`).\n`);
          process.exitCode = 1;
          return;
        }
        process.stderr.write(
          `baton: key ${record.id} (${record.scope}, ${record.name}) revoked at ${record.revokedAt}\n`,
        );
      },
    );
  });
}
