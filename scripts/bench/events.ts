/**
 * The turn path and the event stream at scale, each beside a baseline measured in the same run:
 * - `POST .../turns` on PostgreSQL with 1, 2 and 3 Baton instances on one database (each its own
 *   process, the load split across them), beside the bare node:http + insert baseline;
 * - PGlite at a steady 100 turns/s (open loop): p99;
 * - 5,000 idle SSE streams on one instance: database transactions per second while idle (beside
 *   no stream at all), and delivery latency of events posted at 20 turns/s to every stream.
 *
 * Run alone: `npx tsx scripts/bench/events.ts` (BATON_BENCH_POSTGRES overrides the admin URL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshPostgres, paced, spawnServer, type AutocannonResult } from './api.ts';

const DURATION_S = 5;
const CONNECTIONS = 16;
const CONVERSATIONS = 200;
const STREAMS = 5_000;
const SSE_RATE = 20;
const PGLITE_RATE = 100;

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
}

/** Runs the load on every server at once (connections split), after a short warm-up. */
async function measureTurns(label: string, servers: { url: string; key: string }[]): Promise<Throughput> {
  process.stderr.write(`events bench: ${label}\n`);
  const per = Math.max(1, Math.floor(CONNECTIONS / servers.length));
  // The baseline has its conversations (bench-N) made at its start; Baton makes them on first use.
  const prefix = (n: number) => (servers[0]!.key === '-' ? 'bench' : `i${n}`);
  await Promise.all(servers.map((server, n) => loadOne(server.url, server.key, prefix(n), per, 1)));
  const results = await Promise.all(
    servers.map((server, n) => loadOne(server.url, server.key, prefix(n), per, DURATION_S)),
  );
  return {
    label,
    perSecond: results.reduce((sum, result) => sum + result.requests.average, 0),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    failed: results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0),
  };
}

async function transactionsOf(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ n: string }>(
      'SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Transactions per second on the database over `seconds` (the statistics collector lags a little). */
async function idleTransactions(url: string, seconds: number): Promise<number> {
  const before = await transactionsOf(url);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return ((await transactionsOf(url)) - before - 1) / seconds;
}

/** Opens `count` SSE streams; each reports the events it receives (by conversation id) with the time. */
async function openStreams(
  url: URL,
  key: string,
  count: number,
  onEvent: (text: string, at: number) => void,
): Promise<() => void> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: ReturnType<typeof httpRequest>[] = [];
  const opened: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    opened.push(
      new Promise<void>((resolve, reject) => {
        const request = httpRequest(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: '/v1/events',
            headers: { authorization: `Bearer ${key}` },
          },
          (response) => {
            if (response.statusCode !== 200) reject(new Error(`stream ${index}: ${response.statusCode}`));
            response.setEncoding('utf8');
            let buffer = '';
            response.on('data', (chunk: string) => {
              const at = performance.now();
              buffer += chunk;
              let end: number;
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const message = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = message.split('\n').find((line) => line.startsWith('data: '));
                if (data) onEvent(data.slice(6), at);
              }
            });
            response.on('error', () => undefined);
            resolve();
          },
        );
        request.on('error', () => undefined);
        request.end();
        requests.push(request);
      }),
    );
    // Opened in bursts, so the accept queue never overflows.
    if (index % 200 === 199) await Promise.all(opened.slice(-200));
  }
  await Promise.all(opened);
  return () => {
    for (const request of requests) request.destroy();
    agent.destroy();
  };
}

/** Delivery latency to `STREAMS` idle streams of events posted at `SSE_RATE`/s, and idle database work. */
async function measureStreams(target: string): Promise<{
  idleNoStreams: number;
  idleWithStreams: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  openMs: number;
}> {
  process.stderr.write(`events bench: ${STREAMS} SSE streams\n`);
  const server = await spawnServer('baton', 'postgres', target);
  try {
    const idleNoStreams = await idleTransactions(target, 3);
    const url = new URL(server.url);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const started = performance.now();
    const close = await openStreams(url, server.operatorKey, STREAMS, (data, at) => {
      const conversation = /"conversationId":"([^"]+)"/.exec(data)?.[1];
      const sent = conversation === undefined ? undefined : sentAt.get(conversation);
      if (sent !== undefined) latencies.push(at - sent);
    });
    const openMs = performance.now() - started;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const idleWithStreams = await idleTransactions(target, 3);
      const agent = new Agent({ keepAlive: true });
      const count = SSE_RATE * DURATION_S;
      await paced(SSE_RATE, DURATION_S, async (index) => {
        const conversation = `sse-${index}`;
        const posted = JSON.stringify({ role: 'agent', text: 'Your parcel is on its way.' });
        sentAt.set(conversation, performance.now());
        return new Promise<boolean>((resolve, reject) => {
          const request = httpRequest(
            {
              agent,
              host: url.hostname,
              port: url.port,
              method: 'POST',
              path: `/v1/conversations/${conversation}/turns`,
              headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(posted),
                authorization: `Bearer ${server.key}`,
              },
            },
            (response) => {
              response.resume();
              response.on('end', () => resolve((response.statusCode ?? 500) < 300));
            },
          );
          request.on('error', reject);
          request.end(posted);
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
      return {
        idleNoStreams,
        idleWithStreams,
        // Each turn makes one turn-created event (more when the engine decides something).
        delivered: latencies.length,
        expected: count * STREAMS,
        p50: at(0.5),
        p99: at(0.99),
        openMs,
      };
    } finally {
      close();
    }
  } finally {
    await server.stop();
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
    for (const instances of [0, 1, 2, 3]) {
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
            instances === 0 ? [{ url: servers[0]!.url, key: '-' }] : servers,
          ),
        );
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    }
    const baseline = rows[0]!;
    const one = rows[1]!;
    lines.push(
      `Turns on PostgreSQL (autocannon, ${CONNECTIONS} connections split across instances, ${DURATION_S} s, fresh database each)`,
      '| server | turns/s | p99 ms | of baseline | of 1 instance |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(
        (row) =>
          `| ${row.label} | ${fmt(row.perSecond, 0)}${row.failed ? ` (${row.failed} failed)` : ''} | ${fmt(row.p99)} | ` +
          `${fmt((row.perSecond / baseline.perSecond) * 100, 0)}% | ${row === baseline ? '' : `${fmt(row.perSecond / one.perSecond, 2)}×`} |`,
      ),
    );

    // PGlite at a steady rate.
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

    // SSE fan-out.
    const database = await freshPostgres();
    cleanups.push(database.drop);
    const sse = await measureStreams(database.url);
    lines.push(
      '',
      `SSE: ${STREAMS} idle streams on one instance (PostgreSQL), opened in ${fmt(sse.openMs / 1000, 1)} s`,
      `| database transactions/s while idle, no stream | ${fmt(sse.idleNoStreams)} |`,
      `| database transactions/s while idle, ${STREAMS} streams | ${fmt(sse.idleWithStreams)} |`,
      `| events delivered at ${SSE_RATE} turns/s (at least one per turn per stream) | ${sse.delivered} of ≥ ${sse.expected} |`,
      `| delivery latency p50 / p99 ms (post sent → event read by the client) | ${fmt(sse.p50)} / ${fmt(sse.p99)} |`,
      `Goals: one instance ≥ 50% of the baseline: ${one.perSecond / baseline.perSecond >= 0.5 ? 'met' : 'NOT met'} ` +
        `(${fmt((one.perSecond / baseline.perSecond) * 100, 0)}%); SSE p99 ≤ 50 ms: ${sse.p99 <= 50 ? 'met' : 'NOT met'}.`,
    );
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
