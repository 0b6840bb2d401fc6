/**
 * Key lookups on the hot path: authenticating one key many times on PostgreSQL, with the cache (the
 * server's setting) and with it off (every request reads `api_keys`, as before), in the same run.
 * Needs PostgreSQL (BATON_BENCH_DATABASE_URL, default the local test server); a scratch database is
 * made and dropped. Also how long a revocation on one instance takes to end a stream of that key
 * on another and have it refused there. `npm run bench keys`.
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

/** Revokes on instance A, times until B's stream of that key ended and B refuses the key. */
async function revocationDelay(url: string): Promise<string> {
  const [databaseA, databaseB] = [
    await openDatabase({ databaseUrl: url }),
    await openDatabase({ databaseUrl: url }),
  ];
  const a = await createService({ database: databaseA });
  const b = await createService({ database: databaseB });
  const RUNS = 30;
  try {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { key, record } = await a.createKey({ scope: 'operator', name: 'bench' });
      const stream = b.watchKey((await b.authenticate(key))!);
      const closed = new Promise<void>((resolve) => stream.signal.addEventListener('abort', () => resolve()));
      const start = performance.now();
      await a.revokeKey(record.id);
      await closed;
      while ((await b.authenticate(key)) !== null) await new Promise((resolve) => setTimeout(resolve, 1));
      times.push(performance.now() - start);
    }
    times.sort((left, right) => left - right);
    return `  revocation on A to B's stream ended and key refused: p50 ${percentile(times, 0.5).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (${RUNS} runs)`;
  } finally {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([databaseA.close(), databaseB.close()]);
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
    const lines = [
      await measure(url.toString(), false),
      await measure(url.toString(), true),
      await revocationDelay(url.toString()),
    ];
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
