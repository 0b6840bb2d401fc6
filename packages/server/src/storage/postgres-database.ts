/**
 * The production adapter: a real PostgreSQL through a `pg` pool, plus one dedicated connection for
 * LISTEN that reconnects after it dies (a wake-up, not a log: callers catch up from the table).
 */
import pg from 'pg';
import type { Database, Queryable } from './database.ts';

/** Deadlocks and serialisation failures are safe to retry as a whole transaction. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** Opens a pool on `databaseUrl` and checks that the database answers. */
export async function openPostgresDatabase(databaseUrl: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that dies (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  const root = wrap(pool);
  const listeners = new Set<() => Promise<void>>();

  async function transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        let broken = false;
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        client.release(broken ? (error as Error) : undefined);
        const code = (error as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  async function listen(channel: string, onNotify: (payload?: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let stopped = false;
    let delay = 50;
    let timer: NodeJS.Timeout | null = null;

    async function connect(isReconnect: boolean): Promise<void> {
      const next = new pg.Client({ connectionString: databaseUrl });
      const lost = () => {
        if (client !== next) return;
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
    query: root.query,
    exec: root.exec,
    transaction,
    listen,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
