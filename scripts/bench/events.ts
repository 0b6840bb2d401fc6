/**
 * The turn path and the event stream at scale, each beside a baseline measured in the same run:
 * - `POST .../turns` on PostgreSQL with 1, 2 and 3 Baton instances on one database (each its own
 *   process, the load split across them), beside the bare node:http + insert baseline;
 * - PGlite at a steady 100 turns/s (open loop): p99;
 * - 5,000 idle SSE streams on one instance: database transactions per second while idle (beside
 *   no stream at all), and delivery latency of events posted at 20 turns/s to every stream.
 *
 * Run alone: `npx tsx scripts/bench/events.ts` (BATON_BENCH_POSTGRES overrides the admin URL);
 * `BATON_BENCH_EVENTS=notify,turns,pglite,sse` picks parts (all by default), and `BATON_BENCH_INSTANCES=1,2`
 * the instance counts of the PostgreSQL part (1,2,3 by default; the baseline always runs).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freshPostgres, paced, spawnServer, type AutocannonResult } from './api.ts';

const DURATION_S = 5;
const CONNECTIONS = 16;
const CONVERSATIONS = 200;
const STREAMS = 5_000;
const SSE_RATE = 20;
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

/** Streams whose delivery latency is measured (in this process, on the clock that times the posts). */
const SAMPLED = 100;

/**
 * Opens `count` SSE streams on raw sockets; each reports its messages' `data:` payloads with the
 * time they were read. Raw sockets and a plain split keep the reading light.
 */
async function openSampledStreams(
  url: URL,
  key: string,
  count: number,
  onEvent: (text: string, at: number) => void,
): Promise<() => void> {
  const sockets: Socket[] = [];
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(Number(url.port), url.hostname, () =>
            socket.write(
              `GET /v1/events HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${key}\r\n\r\n`,
            ),
          );
          sockets.push(socket);
          socket.setEncoding('utf8');
          let buffer = '';
          let headers = true;
          socket.on('data', (chunk: string) => {
            const at = performance.now();
            buffer += chunk;
            if (headers) {
              const end = buffer.indexOf('\r\n\r\n');
              if (end < 0) return;
              if (!buffer.startsWith('HTTP/1.1 200')) reject(new Error(buffer.split('\r\n')[0]));
              buffer = buffer.slice(end + 4);
              headers = false;
              resolve();
            }
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = message.split('\n').find((line) => line.startsWith('data: '));
              if (data) onEvent(data.slice(6), at);
            }
          });
          socket.on('error', reject);
        }),
    ),
  );
  return () => {
    for (const socket of sockets) socket.destroy();
  };
}

/**
 * Child mode: opens `count` streams on raw sockets and reads them, counting their `data:` lines
 * without parsing anything else (the idle streams' reader, in a process of its own). Prints `OPEN`
 * once every stream answered 200, then `COUNT n` whenever a line comes on stdin.
 */
async function drainStreams(host: string, port: number, key: string, count: number): Promise<void> {
  let messages = 0;
  const marker = Buffer.from('\ndata: ');
  /** Opens one stream; resolves once it answered 200, retrying a connection that failed first. */
  const open = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const socket = connect(port, host, () =>
        socket.write(
          `GET /v1/events HTTP/1.1\r\nhost: ${host}:${port}\r\nauthorization: Bearer ${key}\r\n\r\n`,
        ),
      );
      let carry: Buffer = Buffer.alloc(0);
      let first = true;
      socket.on('data', (chunk: Buffer) => {
        if (first) {
          first = false;
          if (chunk.subarray(0, 12).toString() !== 'HTTP/1.1 200') {
            process.stderr.write(`stream refused: ${chunk.toString().split('\r\n')[0]}\n`);
            process.exit(1);
          }
          resolve();
        }
        // The marker may straddle two reads: keep the last bytes of the previous one.
        const text = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length))
          messages++;
        carry = text.subarray(Math.max(0, text.length - marker.length + 1));
      });
      socket.on('error', () => {
        if (first) setTimeout(() => open().then(resolve), 50);
      });
    });
  // At most 100 opening at once, so the accept queue never overflows.
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < count) {
        next++;
        await open();
      }
    }),
  );
  process.stdout.write('OPEN\n');
  process.stdin.on('data', () => process.stdout.write(`COUNT ${messages}\n`));
}

/** Starts the draining child; resolves once its streams are open, with a way to read its count. */
async function spawnDrainer(url: URL, key: string, count: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      'drain-streams',
      url.hostname,
      url.port,
      key,
      String(count),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let output = '';
  const waiters: (() => void)[] = [];
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    output += chunk;
    for (const waiter of waiters.splice(0)) waiter();
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) resolve(match);
        else if (child.exitCode !== null) reject(new Error('the stream reader exited'));
        else waiters.push(check);
      };
      child.once('exit', () => check());
      check();
    });
  await waitFor(/^OPEN$/m);
  return {
    count: async () => {
      output = '';
      child.stdin!.write('count\n');
      return Number((await waitFor(/^COUNT (\d+)$/m))[1]);
    },
    stop: () => child.kill(),
  };
}

/** Delivery latency to `STREAMS` idle streams of events posted at `SSE_RATE`/s, and idle database work. */
async function measureStreams(target: string): Promise<{
  idleNoStreams: number;
  idleWithStreams: number;
  sampledDelivered: number;
  sampledExpected: number;
  otherDelivered: number;
  otherExpected: number;
  p50: number;
  p99: number;
  max: number;
  openMs: number;
}> {
  process.stderr.write(`events bench: ${STREAMS} SSE streams\n`);
  // Every stream is the same operator key's, so that cap is raised for this server.
  process.env['BATON_MAX_STREAMS_PER_KEY'] = String(STREAMS);
  const server = await spawnServer('baton', 'postgres', target);
  try {
    const idleNoStreams = await idleTransactions(target, 3);
    const url = new URL(server.url);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const started = performance.now();
    const drainer = await spawnDrainer(url, server.operatorKey, STREAMS - SAMPLED);
    const close = await openSampledStreams(url, server.operatorKey, SAMPLED, (data, at) => {
      const conversation = /"conversationId":"([^"]+)"/.exec(data)?.[1];
      const sent = conversation === undefined ? undefined : sentAt.get(conversation);
      if (sent !== undefined) latencies.push(at - sent);
    });
    const openMs = performance.now() - started;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const idleWithStreams = await idleTransactions(target, 3);
      const countBefore = await drainer.count();
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
      const otherDelivered = (await drainer.count()) - countBefore;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
      return {
        idleNoStreams,
        idleWithStreams,
        // Each turn makes one turn-created event (more when the engine decides something).
        sampledDelivered: latencies.length,
        sampledExpected: count * SAMPLED,
        otherDelivered,
        otherExpected: count * (STREAMS - SAMPLED),
        p50: at(0.5),
        p99: at(0.99),
        max: latencies.at(-1) ?? NaN,
        openMs,
      };
    } finally {
      close();
      drainer.stop();
    }
  } finally {
    await server.stop();
  }
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

    // SSE fan-out.
    if (PARTS.has('sse')) {
      const database = await freshPostgres();
      cleanups.push(database.drop);
      const sse = await measureStreams(database.url);
      lines.push(
        '',
        `SSE: ${STREAMS} idle streams on one instance (PostgreSQL), opened in ${fmt(sse.openMs / 1000, 1)} s; ` +
          `${SAMPLED} read in the bench process, which times the posts and the reads on one clock, the other ` +
          `${STREAMS - SAMPLED} read (and their messages counted) by a child process`,
        `| database transactions/s while idle, no stream | ${fmt(sse.idleNoStreams)} |`,
        `| database transactions/s while idle, ${STREAMS} streams | ${fmt(sse.idleWithStreams)} |`,
        `| events delivered at ${SSE_RATE} turns/s to the ${SAMPLED} timed streams | ${sse.sampledDelivered} of ≥ ${sse.sampledExpected} |`,
        `| events delivered to the other ${STREAMS - SAMPLED} streams | ${sse.otherDelivered} of ≥ ${sse.otherExpected} |`,
        `| delivery latency p50 / p99 / max ms (post sent → event read by a timed stream) | ${fmt(sse.p50)} / ${fmt(sse.p99)} / ${fmt(sse.max)} |`,
        `Goal: SSE p99 ≤ 50 ms: ${sse.p99 <= 50 ? 'met' : 'NOT met'}.`,
      );
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
  return [
    `Events and scale (load average ${fmt(loadBefore, 2)} before, ${fmt(loadavg()[0]!, 2)} after, on ${cpus().length} CPUs: ` +
      'above the CPU count, the numbers measure the contention more than Baton)',
    ...lines,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'drain-streams') {
    const [host, port, key, count] = process.argv.slice(3);
    await drainStreams(host!, Number(port), key!, Number(count));
  } else console.log(await bench());
}
