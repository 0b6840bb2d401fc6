/**
 * The turn path and the event stream at scale, each beside a baseline measured in the same run:
 * - `POST .../turns` on PostgreSQL with 1, 2 and 3 Baton instances on one database (each its own
 *   process, the load split across them), beside the bare node:http + insert baseline;
 * - PGlite at a steady 100 turns/s (open loop): p99;
 * - 5,000 idle SSE streams on one instance (scripts/bench/sse.ts): every delivery timed, with the
 *   stages of each event's way, beside a trivial node:http server read by the same readers.
 *
 * Run alone: `npx tsx scripts/bench/events.ts` (BATON_BENCH_POSTGRES overrides the admin URL);
 * `BATON_BENCH_EVENTS=notify,turns,pglite,sse` picks parts (all by default), and `BATON_BENCH_INSTANCES=1,2`
 * the instance counts of the PostgreSQL part (1,2,3 by default; the baseline always runs).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshPostgres, paced, spawnServer, type AutocannonResult } from './api.ts';
import { measureSse } from './sse.ts';

const DURATION_S = 5;
const CONNECTIONS = 16;
const CONVERSATIONS = 200;
const PGLITE_RATE = 100;
const PARTS = new Set((process.env['BATON_BENCH_EVENTS'] ?? 'notify,turns,pglite,sse').split(','));
const INSTANCES = (process.env['BATON_BENCH_INSTANCES'] ?? '1,2,3').split(',').map(Number);

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const body = (index: number) =>
  JSON.stringify({
    role: index % 2 === 0 ? 'customer' : 'agent',
    text: `Where is my order ${4400 + (index % 97)}?`,
  });

/** Closed-loop load on one server; conversation ids carry `prefix`, so instances never share one. */
function loadOne(url: string, key: string, prefix: string, connections: number, durationS: number) {
  let counter = 0;
  return autocannon({
    url,
    connections,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          const index = counter++;
          return {
            ...request,
            path: `/v1/conversations/${prefix}-${index % CONVERSATIONS}/turns`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: body(Math.floor(index / CONVERSATIONS)),
          };
        },
      },
    ],
  });
}

interface Throughput {
  label: string;
  perSecond: number;
  p99: number;
  failed: number;
  /** CPU milliseconds per turn: the server processes, and the database's backends for them. */
  serverCpuMs: number;
  databaseCpuMs: number;
}

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc's CPU times. */
const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system) of processes, in ms, from /proc (Linux); NaN elsewhere. */
async function cpuMsOf(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // The fields after the command (which may hold spaces) start after its last ')'.
      const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ').at(-1)!.split(' ');
      ticks += Number(stat[11]) + Number(stat[12]);
    } catch {
      return NaN;
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

/** The PostgreSQL server processes of the connections to the database at `url`. */
async function backendsOf(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/**
 * Runs the load on every server at once (connections split), after a short warm-up. Besides the
 * rate, it counts the CPU time the servers and their database backends spent per turn: a figure
 * that depends far less than the rate on what else the machine runs.
 */
async function measureTurns(
  label: string,
  servers: { url: string; key: string; pid: number }[],
  databaseUrl: string,
): Promise<Throughput> {
  process.stderr.write(`events bench: ${label}\n`);
  const per = Math.max(1, Math.floor(CONNECTIONS / servers.length));
  // The baseline has its conversations (bench-N) made at its start; Baton makes them on first use.
  const prefix = (n: number) => (servers[0]!.key === '-' ? 'bench' : `i${n}`);
  await Promise.all(servers.map((server, n) => loadOne(server.url, server.key, prefix(n), per, 1)));
  const pids = servers.map((server) => server.pid);
  const backends = await backendsOf(databaseUrl);
  const [serverBefore, databaseBefore] = await Promise.all([cpuMsOf(pids), cpuMsOf(backends)]);
  const results = await Promise.all(
    servers.map((server, n) => loadOne(server.url, server.key, prefix(n), per, DURATION_S)),
  );
  const [serverAfter, databaseAfter] = await Promise.all([cpuMsOf(pids), cpuMsOf(backends)]);
  const turns = results.reduce((sum, result) => sum + result.requests.total, 0);
  return {
    label,
    perSecond: results.reduce((sum, result) => sum + result.requests.average, 0),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    failed: results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0),
    serverCpuMs: (serverAfter - serverBefore) / Math.max(1, turns),
    databaseCpuMs: (databaseAfter - databaseBefore) / Math.max(1, turns),
  };
}

/**
 * Why no NOTIFY runs inside a writing transaction: commits per second of a one-row insert from
 * `CONNECTIONS` connections, alone and with a NOTIFY in the same transaction (PostgreSQL serialises
 * the commits of transactions that notified, WAL flush included).
 */
async function measureNotifyCost(url: string): Promise<{ plain: number; notifying: number }> {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  try {
    await pool.query('CREATE TABLE notify_bench (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())');
    const rate = async (sql: string) => {
      let count = 0;
      const end = performance.now() + 3_000;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (performance.now() < end) {
            await pool.query(sql);
            count++;
          }
        }),
      );
      return count / 3;
    };
    const plain = await rate('INSERT INTO notify_bench DEFAULT VALUES');
    const notifying = await rate(
      `WITH row AS (INSERT INTO notify_bench DEFAULT VALUES RETURNING id) SELECT pg_notify('notify_bench', '') FROM row`,
    );
    return { plain, notifying };
  } finally {
    await pool.end();
  }
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

/** Runs every measurement and returns the report. */
export default async function bench(): Promise<string> {
  const loadBefore = loadavg()[0]!;
  const cleanups: (() => Promise<void>)[] = [];
  const lines: string[] = [];
  try {
    // PostgreSQL: the baseline, then 1, 2, 3 instances, each on a fresh database.
    const rows: Throughput[] = [];
    for (const instances of PARTS.has('turns') ? [0, ...INSTANCES] : []) {
      const database = await freshPostgres();
      cleanups.push(database.drop);
      const servers = await Promise.all(
        Array.from({ length: Math.max(1, instances) }, () =>
          spawnServer(instances === 0 ? 'baseline' : 'baton', 'postgres', database.url),
        ),
      );
      try {
        rows.push(
          await measureTurns(
            instances === 0
              ? 'baseline (node:http + zod + insert)'
              : `Baton, ${instances} instance${instances > 1 ? 's' : ''}`,
            // The baseline's conversations are bench-N, inserted at its start; it checks no key.
            instances === 0 ? [{ url: servers[0]!.url, key: '-', pid: servers[0]!.pid }] : servers,
            database.url,
          ),
        );
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    }
    const baseline = rows[0];
    const one = rows.find((row) => row.label === 'Baton, 1 instance') ?? rows[1];
    if (baseline && one) {
      lines.push(
        `Turns on PostgreSQL (autocannon, ${CONNECTIONS} connections split across instances, ${DURATION_S} s, fresh database each)`,
        '| server | turns/s | p99 ms | of baseline | of 1 instance | CPU ms per turn: server(s) + database |',
        '|---|---:|---:|---:|---:|---:|',
        ...rows.map(
          (row) =>
            `| ${row.label} | ${fmt(row.perSecond, 0)}${row.failed ? ` (${row.failed} failed)` : ''} | ${fmt(row.p99)} | ` +
            `${fmt((row.perSecond / baseline.perSecond) * 100, 0)}% | ${row === baseline ? '' : `${fmt(row.perSecond / one.perSecond, 2)}×`} | ` +
            `${fmt(row.serverCpuMs, 2)} + ${fmt(row.databaseCpuMs, 2)} |`,
        ),
        `Goal: one instance ≥ 50% of the baseline: ${one.perSecond / baseline.perSecond >= 0.5 ? 'met' : 'NOT met'} ` +
          `(${fmt((one.perSecond / baseline.perSecond) * 100, 0)}%).`,
        `CPU per turn, Baton 1 instance against the baseline: ${fmt((one.serverCpuMs + one.databaseCpuMs) / (baseline.serverCpuMs + baseline.databaseCpuMs), 2)}× ` +
          '(what bounds the rate once the machine is not shared: the load generator takes its share too).',
      );
    }

    if (PARTS.has('notify')) {
      const database = await freshPostgres();
      cleanups.push(database.drop);
      process.stderr.write('events bench: NOTIFY in the writing transaction\n');
      const notify = await measureNotifyCost(database.url);
      lines.push(
        '',
        `Commits/s of a one-row insert (${CONNECTIONS} connections, 3 s each): ${fmt(notify.plain, 0)} alone, ` +
          `${fmt(notify.notifying, 0)} with a NOTIFY in the same transaction (${fmt((notify.notifying / notify.plain) * 100, 0)}%): ` +
          'why Baton sends its NOTIFY after the commit.',
      );
    }

    // PGlite at a steady rate.
    if (PARTS.has('pglite')) {
      const folder = await mkdtemp(join(tmpdir(), 'baton-bench-'));
      cleanups.push(() => rm(folder, { recursive: true, force: true }));
      process.stderr.write(`events bench: PGlite at ${PGLITE_RATE}/s\n`);
      const pglite = await spawnServer('baton', 'pglite', folder);
      let steady: AutocannonResult;
      try {
        const agent = new Agent({ keepAlive: true, maxSockets: 64 });
        const url = new URL(pglite.url);
        let counter = 0;
        const post = () => {
          const index = counter++;
          const payload = body(index);
          return new Promise<boolean>((resolve, reject) => {
            const request = httpRequest(
              {
                agent,
                host: url.hostname,
                port: url.port,
                method: 'POST',
                path: `/v1/conversations/p-${index % CONVERSATIONS}/turns`,
                headers: {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                  authorization: `Bearer ${pglite.key}`,
                },
              },
              (response) => {
                response.resume();
                response.on('end', () => resolve((response.statusCode ?? 500) < 300));
              },
            );
            request.on('error', reject);
            request.end(payload);
          });
        };
        await paced(PGLITE_RATE, 1, post);
        steady = await paced(PGLITE_RATE, DURATION_S, post);
        agent.destroy();
      } finally {
        await pglite.stop();
      }
      lines.push(
        '',
        `PGlite at a steady ${PGLITE_RATE} turns/s (open loop, ${DURATION_S} s): p50 ${fmt(steady.latency.p50)} ms, ` +
          `p99 ${fmt(steady.latency.p99)} ms${steady.non2xx ? ` (${steady.non2xx} failed)` : ''}; goal p99 ≤ 25 ms: ` +
          `${steady.latency.p99 <= 25 ? 'met' : 'NOT met'}.`,
      );
    }

    // SSE fan-out, beside a trivial server in the same run (scripts/bench/sse.ts).
    if (PARTS.has('sse')) lines.push('', ...(await measureSse()));
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
  return [
    `Events and scale (load average ${fmt(loadBefore, 2)} before, ${fmt(loadavg()[0]!, 2)} after, on ${cpus().length} CPUs: ` +
      'above the CPU count, the numbers measure the contention more than Baton)',
    ...lines,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await bench());
