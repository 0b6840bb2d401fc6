/**
 * The database time limits are read once from the environment: defaults from one place, each
 * overridable in whole milliseconds (0 turns one off), and a clear configuration error otherwise.
 * On PostgreSQL every pooled session really carries them.
 */
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../src/errors.ts';
import { CONFIG_DEFAULTS, ConfigError, readConfig } from '../../src/main.ts';
import { DEFAULT_DATABASE_TIMEOUTS, openDatabase } from '../../src/storage/database.ts';
import { BACKENDS, createScratchPostgres } from './backends.ts';

describe('database time limits', () => {
  it('defaults to DEFAULT_DATABASE_TIMEOUTS', () => {
    expect(CONFIG_DEFAULTS.databaseTimeouts).toBe(DEFAULT_DATABASE_TIMEOUTS);
    expect(readConfig({}).databaseTimeouts).toEqual(DEFAULT_DATABASE_TIMEOUTS);
  });

  it.each([
    ['BATON_DB_STATEMENT_TIMEOUT_MS', '30000', 'statementMs', 30_000],
    ['BATON_DB_LOCK_TIMEOUT_MS', '250', 'lockMs', 250],
    ['BATON_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', '0', 'idleInTransactionMs', 0],
    ['BATON_DB_CONNECT_TIMEOUT_MS', ' 2000 ', 'connectMs', 2_000],
  ] as const)('%s=%s sets %s', (variable, value, field, expected) => {
    const timeouts = readConfig({ [variable]: value }).databaseTimeouts!;
    expect(timeouts).toEqual({ ...DEFAULT_DATABASE_TIMEOUTS, [field]: expected });
  });

  it.each(['-1', '1.5', 'soon', '3600001'])('refuses BATON_DB_LOCK_TIMEOUT_MS=%s', (value) => {
    expect(() => readConfig({ BATON_DB_LOCK_TIMEOUT_MS: value })).toThrow(ConfigError);
    expect(() => readConfig({ BATON_DB_LOCK_TIMEOUT_MS: value })).toThrow(/BATON_DB_LOCK_TIMEOUT_MS/);
  });

  it.runIf(BACKENDS.includes('postgres'))('sets them on every PostgreSQL session', async () => {
    const scratch = await createScratchPostgres();
    const database = await openDatabase({
      databaseUrl: scratch.url,
      timeouts: { statementMs: 12_345, lockMs: 678, idleInTransactionMs: 9_012 },
    });
    try {
      const sessions = await Promise.all(
        Array.from({ length: 3 }, () =>
          database.transaction(async (tx) =>
            tx.query<{ statement: string; lock: string; idle: string }>(
              `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                 current_setting('idle_in_transaction_session_timeout') AS idle`,
            ),
          ),
        ),
      );
      for (const [row] of sessions)
        expect(row).toEqual({ statement: '12345ms', lock: '678ms', idle: '9012ms' });
    } finally {
      await database.close();
      await scratch.drop();
    }
  });

  it.runIf(BACKENDS.includes('postgres'))(
    'answers busy, not an internal error, when the server ends a transaction left idle too long',
    async () => {
      const scratch = await createScratchPostgres();
      const database = await openDatabase({
        databaseUrl: scratch.url,
        timeouts: { idleInTransactionMs: 100 },
      });
      try {
        // A request whose process stalls mid-transaction (a starved CPU, a paused instance): the
        // server ends the session; its next statement finds the connection gone.
        const stalled = database.transaction(
          async (tx) => {
            await tx.query('SELECT 1');
            await new Promise((resolve) => setTimeout(resolve, 600));
            return tx.query('SELECT 2 AS two');
          },
          { attempts: 1 },
        );
        const failure = await stalled.then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(BatonError);
        expect(failure).toMatchObject({ code: 'busy' });
        // The pool let the dead connection go: the next transaction runs.
        const [row] = await database.transaction((tx) => tx.query<{ one: number }>('SELECT 1 AS one'));
        expect(row).toEqual({ one: 1 });
      } finally {
        await database.close();
        await scratch.drop();
      }
    },
  );
});
