/**
 * The API's hot path, `POST /v1/conversations/{id}/turns`, under a loopback load generator
 * (autocannon, bounded in time and count), beside a baseline measured in the same run: a bare
 * `node:http` server that validates the same body with the same zod schema and inserts the same
 * row with the same driver. Each server runs in its own child process, so the load generator does
 * not share its event loop. On a fresh PostgreSQL database, and on PGlite.
 *
 * Run alone: `npx tsx scripts/bench/api.ts` (BATON_BENCH_POSTGRES overrides the admin URL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ADMIN_URL = process.env['BATON_BENCH_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONVERSATIONS = 200;
const CONNECTIONS = 16;
const DURATION_S = 8;
const MAX_REQUESTS = 60_000;
const FIXED_RATE = 200;

type Kind = 'baseline' | 'baton' | 'service';
type Backend = 'postgres' | 'pglite';

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type AutocannonRequest = { method: string; path: string; headers: Record<string, string>; body: string };
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

// autocannon ships no types; it is a dev tool here, loaded through require with a local shape.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Turn bodies like an agent's: customer and agent turns, varied text. */
function turnBody(index: number): string {
  const texts = [
    `Hi, my order ${4400 + (index % 97)} has not arrived yet and it was due last Friday.`,
    'Let me check that order for you.',
    'How do I change the delivery address?',
    'The package is with the courier and should arrive on Friday.',
    `Can you tell me when the store opens on day ${index % 7}?`,
    'I can help with that. What is the email address on the account?',
  ];
  return JSON.stringify({ role: index % 2 === 0 ? 'customer' : 'agent', text: texts[index % texts.length] });
}

// ---------------------------------------------------------------------------------------------
// Child mode: one server per process.

/** The baseline: validate with the sdk's schema, insert the turn row, answer 201 with the row. */
export async function startBaseline(
  backend: Backend,
  target: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const { PostTurnRequestSchema } = await import('@baton/sdk');
  const { openDatabase } = await import('../../packages/server/src/storage/database.ts');
  // Same driver as Baton on each backend: pg on PostgreSQL, PGlite through Baton's adapter.
  const pool = backend === 'postgres' ? new pg.Pool({ connectionString: target, max: 10 }) : undefined;
  const database = backend === 'pglite' ? await openDatabase({ dataDir: target }) : undefined;
  const query = (sql: string, params: unknown[]) =>
    pool ? pool.query(sql, params).then((result) => result.rows) : database!.query(sql, params);
  const now = new Date().toISOString();
  for (let index = 0; index < CONVERSATIONS; index++) {
    await query(
      `INSERT INTO conversations (id, created_by_key, status, owner, created_at, updated_at)
       VALUES ($1, 'baseline', 'active', 'agent', $2, $2) ON CONFLICT DO NOTHING`,
      [`bench-${index}`, now],
    );
  }
  const seqs = new Map<string, number>();
  const server = createServer((request, response) => {
    const match = /^\/v1\/conversations\/([^/]+)\/turns$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          const parsed = PostTurnRequestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          if (!parsed.success) {
            response
              .writeHead(400, { 'content-type': 'application/json' })
              .end(JSON.stringify(parsed.error.issues));
            return;
          }
          const conversationId = match[1]!;
          const seq = (seqs.get(conversationId) ?? -1) + 1;
          seqs.set(conversationId, seq);
          const { role, text, customer: _customer, at: _at, ...details } = parsed.data;
          const rows = await query(
            `INSERT INTO turns (id, conversation_id, seq, role, text, at, author, details)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
            [
              randomUUID(),
              conversationId,
              seq,
              role,
              text,
              new Date().toISOString(),
              'baseline',
              JSON.stringify(details),
            ],
          );
          response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(rows[0]));
        } catch (error) {
          response.writeHead(500).end(String(error));
        }
      })();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await (pool ? pool.end() : database!.close());
    },
  };
}

/** Baton itself, composed as `baton serve` composes it. */
async function startBaton(
  backend: Backend,
  target: string,
): Promise<{ url: string; key: string; operatorKey: string }> {
  const { readConfig, startServer } = await import('../../packages/server/src/main.ts');
  // The stream caps (BATON_MAX_STREAMS...) come from the environment, for the event benchmark.
  const env = { ...process.env, PORT: '0' };
  const config = readConfig(
    backend === 'postgres' ? { ...env, DATABASE_URL: target } : { ...env, BATON_DATA_DIR: target },
  );
  const running = await startServer(config);
  const { key } = await running.service.createKey({ scope: 'agent', name: 'bench' });
  const { key: operatorKey } = await running.service.createKey({ scope: 'operator', name: 'bench' });
  return { url: running.url, key, operatorKey };
}

/** Latencies (ms) of a run as the report's numbers. */
function summarise(latencies: number[], durationS: number, failed = 0): AutocannonResult {
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? 0;
  return {
    requests: { average: latencies.length / durationS, total: latencies.length },
    latency: {
      p50: at(0.5),
      p99: at(0.99),
      average: latencies.reduce((sum, each) => sum + each, 0) / Math.max(1, latencies.length),
    },
    non2xx: failed,
    errors: 0,
    timeouts: 0,
  };
}

/**
 * An open-loop run at a fixed rate: call i starts at start + i/rate, whatever the answers before it
 * (so a slow answer never delays the calls behind it, and a stall shows in their latency), and its
 * latency counts from when it started. autocannon's `overallRate` sends each second's quota in a
 * burst at the second's start, which measures a saturated server in bursts, not a steady rate.
 */
export async function paced(
  rate: number,
  durationS: number,
  call: (index: number) => Promise<boolean>,
): Promise<AutocannonResult> {
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now() + 50;
  const calls: Promise<void>[] = [];
  for (let index = 0; index < rate * durationS; index++) {
    const delay = start + (index * 1000) / rate - performance.now();
    if (delay > 1) await new Promise((resolve) => setTimeout(resolve, delay));
    const startedAt = performance.now();
    calls.push(
      call(index).then(
        (ok) => {
          if (!ok) failed += 1;
          latencies.push(performance.now() - startedAt);
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(calls);
  return summarise(latencies, durationS, failed);
}

/** One `POST .../turns` over a keep-alive agent; resolves true on a 2xx. */
export function postTurnOverHttp(agent: Agent, url: URL, key: string, index: number): Promise<boolean> {
  const body = turnBody(Math.floor(index / CONVERSATIONS));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/v1/conversations/bench-${index % CONVERSATIONS}/turns`,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve((response.statusCode ?? 500) < 300));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The service's `postTurn` called directly, with as many turns in flight as the HTTP runs have
 * connections: what the use case costs without HTTP, to tell the two apart.
 */
async function measureServiceAlone(
  backend: Backend,
  target: string,
): Promise<{ throughput: AutocannonResult; fixed: AutocannonResult }> {
  const { openService, readConfig } = await import('../../packages/server/src/main.ts');
  const config = readConfig(backend === 'postgres' ? { DATABASE_URL: target } : { BATON_DATA_DIR: target });
  const { service, database } = await openService(config);
  const { key } = await service.createKey({ scope: 'agent', name: 'bench' });
  const principal = (await service.authenticate(key))!;
  let counter = 0;
  const postTurn = async (index: number) => {
    await service.postTurn(principal, {
      conversationId: `bench-${index % CONVERSATIONS}`,
      turn: JSON.parse(turnBody(Math.floor(index / CONVERSATIONS))) as { role: 'customer'; text: string },
    });
    return true;
  };
  const closedLoop = async (durationS: number): Promise<AutocannonResult> => {
    const latencies: number[] = [];
    const end = performance.now() + durationS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end && latencies.length < MAX_REQUESTS) {
          const started = performance.now();
          await postTurn(counter++);
          latencies.push(performance.now() - started);
        }
      }),
    );
    return summarise(latencies, durationS);
  };
  await closedLoop(2); // warm-up, discarded
  const throughput = await closedLoop(DURATION_S);
  const fixed = await paced(FIXED_RATE, DURATION_S, () => postTurn(counter++));
  await service.close();
  await database.close();
  return { throughput, fixed };
}

async function child(kind: Kind, backend: Backend, target: string): Promise<void> {
  if (kind === 'service') {
    process.stdout.write(`RESULT ${JSON.stringify(await measureServiceAlone(backend, target))}\n`);
  } else if (kind === 'baseline')
    process.stdout.write(`READY ${(await startBaseline(backend, target)).url} -\n`);
  else {
    const { url, key, operatorKey } = await startBaton(backend, target);
    process.stdout.write(`READY ${url} ${key} ${operatorKey}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Parent mode: databases, children, load.

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL database; `drop` removes it. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `baton_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const { openDatabase } = await import('../../packages/server/src/storage/database.ts');
  await (await openDatabase({ databaseUrl: url.toString() })).close();
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** Runs this file in child mode and resolves with the line it prints (`READY ...` or `RESULT ...`). */
export function spawnChild(
  kind: Kind,
  backend: Backend,
  target: string,
): { proc: ChildProcess; line: Promise<string> } {
  const self = fileURLToPath(import.meta.url);
  const args = ['--import', 'tsx', self, 'serve-child', kind, backend, target];
  const proc: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const line = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const complete = /^(READY|RESULT) .*$/m.exec(output);
      if (!complete) return;
      resolve(complete[0]);
      // Later output (Baton's access log) is read and dropped: kept and searched, it cost the bench
      // process (which also runs the load generator) more CPU with every line.
      proc.stdout!.off('data', read);
      proc.stdout!.resume();
      output = '';
    };
    proc.stdout!.on('data', read);
    proc.once('exit', (code) => reject(new Error(`${kind} child exited with ${code}: ${output}`)));
  });
  return { proc, line };
}

export async function spawnServer(
  kind: Kind,
  backend: Backend,
  target: string,
): Promise<{ url: string; key: string; operatorKey: string; pid: number; stop: () => Promise<void> }> {
  const { proc, line } = spawnChild(kind, backend, target);
  const ready = (await line).split(' ').slice(1);
  return {
    url: ready[0]!,
    key: ready[1]!,
    operatorKey: ready[2] ?? '',
    pid: proc.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export async function load(
  url: string,
  key: string,
  options: { durationS: number; connections: number },
): Promise<AutocannonResult> {
  let counter = 0;
  return autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    maxOverallRequests: MAX_REQUESTS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: AutocannonRequest) => {
          const index = counter++;
          return {
            ...request,
            path: `/v1/conversations/bench-${index % CONVERSATIONS}/turns`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: turnBody(Math.floor(index / CONVERSATIONS)),
          };
        },
      },
    ],
  });
}

interface Row {
  label: string;
  throughput: AutocannonResult;
  /** The open-loop run at a steady FIXED_RATE. */
  fixed: AutocannonResult;
}

async function measure(label: string, kind: Kind, backend: Backend, target: string): Promise<Row> {
  process.stderr.write(`api bench: ${label}\n`);
  if (kind === 'service') {
    const { line } = spawnChild(kind, backend, target);
    const result = JSON.parse((await line).slice('RESULT '.length)) as Omit<Row, 'label'>;
    return { label, ...result };
  }
  const server = await spawnServer(kind, backend, target);
  try {
    await load(server.url, server.key, { durationS: 2, connections: CONNECTIONS }); // warm-up, discarded
    const throughput = await load(server.url, server.key, {
      durationS: DURATION_S,
      connections: CONNECTIONS,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const url = new URL(server.url);
    let counter = 0;
    const post = () => postTurnOverHttp(agent, url, server.key, counter++);
    await paced(FIXED_RATE, 1, post); // opens the sockets; discarded
    const fixed = await paced(FIXED_RATE, DURATION_S, post);
    agent.destroy();
    return { label, throughput, fixed };
  } finally {
    await server.stop();
  }
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

function failures(result: AutocannonResult): string {
  const bad = result.non2xx + result.errors + result.timeouts;
  return bad === 0 ? '' : ` (${bad} failed)`;
}

function table(rows: Row[], baselines: Record<string, Row>): string[] {
  const lines = [
    `| server | turns/s | p50 ms | p99 ms | of baseline | p99 ms at a steady ${FIXED_RATE}/s |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const baseline = baselines[row.label.split(', ')[1]!]!;
    const ratio = row.throughput.requests.average / baseline.throughput.requests.average;
    lines.push(
      `| ${row.label} | ${fmt(row.throughput.requests.average, 0)}${failures(row.throughput)} | ` +
        `${fmt(row.throughput.latency.p50)} | ${fmt(row.throughput.latency.p99)} | ${fmt(ratio * 100, 0)}% | ` +
        `${fmt(row.fixed.latency.p99)}${failures(row.fixed)} |`,
    );
  }
  return lines;
}

/** Runs every measurement and returns the report. */
export default async function bench(): Promise<string> {
  // Other work on the machine skews every row; the report says how busy it was.
  const loadBefore = loadavg()[0]!;
  const rows: Row[] = [];
  const baselines: Record<string, Row> = {};
  const cleanups: (() => Promise<void>)[] = [];
  try {
    for (const backend of ['postgres', 'pglite'] as const) {
      for (const kind of ['baseline', 'baton', 'service'] as const) {
        let target: string;
        if (backend === 'postgres') {
          const database = await freshPostgres();
          cleanups.push(database.drop);
          target = database.url;
        } else {
          target = await mkdtemp(join(tmpdir(), 'baton-bench-'));
          const folder = target;
          cleanups.push(() => rm(folder, { recursive: true, force: true }));
        }
        const names = {
          baseline: 'baseline (node:http + zod + insert)',
          baton: 'Baton',
          service: 'Baton use case alone (no HTTP)',
        };
        const label = `${names[kind]}, ${backend}`;
        const row = await measure(label, kind, backend, target);
        if (kind === 'baseline') baselines[backend] = row;
        rows.push(row);
      }
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
  const baton = rows.find((row) => row.label === 'Baton, postgres')!;
  const ratio = baton.throughput.requests.average / baselines['postgres']!.throughput.requests.average;
  return [
    `API: POST /v1/conversations/{id}/turns over loopback (autocannon, ${CONNECTIONS} connections, ` +
      `${DURATION_S} s, ${CONVERSATIONS} conversations; each server in its own process; fresh databases)`,
    `Load average (1 min) ${fmt(loadBefore, 2)} before, ${fmt(loadavg()[0]!, 2)} after, on ${cpus().length} CPUs: ` +
      'above the CPU count, the numbers measure the contention more than Baton.',
    ...table(rows, baselines),
    `Goals on PostgreSQL: throughput ≥ 50% of the baseline: ${ratio >= 0.5 ? 'met' : 'NOT met'} ` +
      `(${fmt(ratio * 100, 0)}%); p99 ≤ 25 ms at ${FIXED_RATE}/s: ` +
      `${baton.fixed.latency.p99 <= 25 ? 'met' : 'NOT met'} (${fmt(baton.fixed.latency.p99)} ms).`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'serve-child') {
    await child(process.argv[3] as Kind, process.argv[4] as Backend, process.argv[5]!);
    // A server child stays up until the parent stops it; a measuring child is done.
    if (process.argv[3] === 'service') process.exit(0);
  } else {
    console.log(await bench());
  }
}
