/**
 * The production adapter: a real PostgreSQL through a `pg` pool, plus one dedicated connection for
 * LISTEN that reconnects after it dies (a wake-up, not a log: callers catch up from the table).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type {
  Database,
  DatabaseLog,
  DatabaseTimeouts,
  Queryable,
  QueryOptions,
  TransactionOptions,
} from './database.ts';
import { DEFAULT_RETRY_POLICY, toClientError, withRetries } from './transaction-retry.ts';

/** The name of a prepared statement: one per distinct text, the same on every connection. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `baton_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * A prepared statement whose result columns changed under it (a migration added a column to a
 * table it reads with `*`): PostgreSQL refuses it on that connection, so run it unprepared.
 */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: string }).code === '0A000';
}

/** Without a logger (tools, tests): one line on stderr. */
const stderrLog: DatabaseLog = {
  warn: (fields, message) =>
    process.stderr.write(`baton: ${message} (${String((fields as { err?: unknown }).err)})\n`),
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[], options?: QueryOptions) {
      if (options?.prepare) {
        try {
          const result = await client.query({ name: statementName(sql), text: sql, values: params ?? [] });
          return result.rows as Row[];
        } catch (error) {
          if (!isStalePlan(error)) throw error;
        }
      }
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** The session settings every connection starts with (node-postgres sends them at connect). */
function sessionSettings(timeouts: DatabaseTimeouts | undefined): pg.ClientConfig {
  if (!timeouts) return {};
  return {
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  };
}

/** Opens a pool on `databaseUrl` and checks that the database answers. */
export async function openPostgresDatabase(
  databaseUrl: string,
  options: { poolSize?: number; timeouts?: DatabaseTimeouts; log?: DatabaseLog } = {},
): Promise<Database> {
  const settings = sessionSettings(options.timeouts);
  const log = options.log ?? stderrLog;
  const max = options.poolSize ?? 10;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    ...settings,
    ...(options.timeouts?.connectMs ? { connectionTimeoutMillis: options.timeouts.connectMs } : {}),
  });
  // An idle client that dies (server restart) must not crash the process; the pool replaces it,
  // and the loss is logged so a flapping database shows.
  pool.on('error', (error) =>
    log.warn(
      {
        err: error,
        code: (error as { code?: string }).code,
        pool: { total: pool.totalCount, idle: pool.idleCount },
      },
      'an idle database connection failed; the pool replaces it',
    ),
  );
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  const root = wrap(pool);
  const listeners = new Set<() => Promise<void>>();

  /** One run of `fn` in a transaction on its own connection. */
  async function runOnce<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A checked-out client whose session the server ends (idle_in_transaction_session_timeout, a
    // restart) emits 'error'; unheard, that would crash the process. The next query then fails with
    // only "not queryable", so the server's own reason (its SQLSTATE: 25P03, 57P01…) is kept and
    // thrown instead, which tells the client `busy` or `unavailable` rather than a 500.
    let ended: Error | undefined;
    const onEnded = (error: Error) => (ended ??= error);
    client.on('error', onEnded);
    const release = (error?: Error) => {
      client.removeListener('error', onEnded);
      client.release(error);
    };
    try {
      await client.query('BEGIN');
      const result = await fn(wrap(client));
      await client.query('COMMIT');
      release();
      return result;
    } catch (error) {
      let broken = false;
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      release(broken ? (error as Error) : undefined);
      throw ended ?? error;
    }
  }

  function transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions: TransactionOptions = {}): Promise<T> {
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      ...(txOptions.attempts ? { attempts: txOptions.attempts } : {}),
    };
    return withRetries(() => runOnce(fn), policy);
  }

  async function listen(channel: string, onNotify: (payload?: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let stopped = false;
    let delay = 50;
    let timer: NodeJS.Timeout | null = null;

    async function connect(isReconnect: boolean): Promise<void> {
      const next = new pg.Client({ connectionString: databaseUrl, ...settings });
      const lost = (error?: Error) => {
        if (client !== next) return;
        log.warn({ err: error, channel }, 'the LISTEN connection was lost; reconnecting');
        client = null;
        next.end().catch(() => {});
        retry();
      };
      next.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      next.on('error', lost);
      next.on('end', lost);
      try {
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        await next.end().catch(() => {});
        throw error;
      }
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
      delay = 50;
      // Anything committed while we were away sent no wake-up: let callers catch up from the table.
      if (isReconnect) onNotify();
    }

    /** Reconnects after `delay`, doubling it (up to 5 s) while the database stays unreachable. */
    function retry(): void {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = null;
        connect(true).catch(() => {
          delay = Math.min(delay * 2, 5_000);
          retry();
        });
      }, delay);
    }

    await connect(false);
    const stop = async () => {
      stopped = true;
      listeners.delete(stop);
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    };
    listeners.add(stop);
    return stop;
  }

  let closed = false;
  return {
    kind: 'postgres',
    // One statement outside a transaction is its own transaction: safe to run again as a whole.
    query<Row>(sql: string, params?: unknown[], options?: QueryOptions) {
      return withRetries(() => root.query<Row>(sql, params, options));
    },
    async exec(sql) {
      await root.exec(sql).catch((error: unknown) => {
        throw toClientError(error);
      });
    },
    transaction,
    listen,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
