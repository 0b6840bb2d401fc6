/**
 * Key lookups on the hot path: authenticating one key many times on PostgreSQL, with the cache (the
 * server's setting) and with it off (every request reads `api_keys`, as before), in the same run.
 * Needs PostgreSQL (BATON_BENCH_DATABASE_URL, default the local test server); a scratch database is
 * made and dropped. `npm run bench keys`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createService } from '../../packages/server/src/service/create-service.ts';
import { openDatabase } from '../../packages/server/src/storage/database.ts';

const ADMIN_URL = process.env['BATON_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUESTS = 2_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function measure(url: string, cached: boolean): Promise<string> {
  const database = await openDatabase({ databaseUrl: url });
  // A TTL of 0 turns the cache into a pass-through: every lookup reads the table.
  const service = await createService({ database, ...(cached ? {} : { keyCache: { ttlMs: 0 } }) });
  try {
    const { key } = await service.createKey({ scope: 'agent', name: 'bench' });
    await service.authenticate(key);
    const times: number[] = [];
    const start = performance.now();
    for (let index = 0; index < REQUESTS; index++) {
      const before = performance.now();
      await service.authenticate(key);
      times.push(performance.now() - before);
    }
    const total = performance.now() - start;
    times.sort((left, right) => left - right);
    const label = cached ? 'cached (default)' : 'no cache';
    return `  ${label.padEnd(18)} ${Math.round((REQUESTS / total) * 1000)
      .toString()
      .padStart(
        8,
      )} lookups/s   p50 ${percentile(times, 0.5).toFixed(3)} ms   p99 ${percentile(times, 0.99).toFixed(3)} ms`;
  } finally {
    await service.close();
    await database.close();
  }
}

export default async function keys(): Promise<string> {
  const name = `baton_bench_keys_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    const lines = [await measure(url.toString(), false), await measure(url.toString(), true)];
    return [`Key lookups on PostgreSQL, ${REQUESTS} sequential authentications of one key:`, ...lines].join(
      '\n',
    );
  } finally {
    const drop = new pg.Client({ connectionString: ADMIN_URL });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await keys());
