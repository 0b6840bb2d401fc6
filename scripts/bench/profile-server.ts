/**
 * Where one server's CPU goes per turn. Starts Baton (or the bench's baseline: node:http + zod +
 * one insert) on a fresh PostgreSQL database in this process, posts turns from a child process
 * (autocannon, 16 connections) and, after a warm-up:
 * 1. measures this process's CPU time (user + system, `process.cpuUsage`) per turn stored over
 *    `seconds` without the profiler, a figure that depends far less than the rate on what else the
 *    machine runs;
 * 2. profiles the next `seconds`, writes the .cpuprofile (open it in Chrome DevTools) and prints
 *    the busy samples by component (the innermost frame from a known package or folder; Node's
 *    own frames count for their caller) and the heaviest functions by self time.
 * The profiler samples the main thread on a timer, so time the process spent descheduled inside a
 * system call (a socket write that woke PostgreSQL) shows up in that call: the shares are of the
 * thread's busy time, and the ms per turn beside them scale the shares to the measured CPU.
 * With a rate, the load is open-loop at that many turns a second (autocannon's `overallRate`), so
 * two versions compared on a busy machine do the same work per second: per-turn CPU falls as the
 * rate rises (more requests share each event-loop turn and each system call).
 * Run: `npx tsx scripts/bench/profile-server.ts [seconds] [out.cpuprofile] [baton|baseline] [rate]`.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import pg from 'pg';
import { freshPostgres, startBaseline, type AutocannonResult } from './api.ts';

const seconds = Number(process.argv[2] ?? 5);
const out = process.argv[3] ?? 'turns.cpuprofile';
const kind = process.argv[4] ?? 'baton';
const rate = Number(process.argv[5] ?? 0);
const WARM_UP_S = 3;

if (process.argv[2] === 'load') {
  const autocannon = createRequire(import.meta.url)('autocannon') as (
    options: Record<string, unknown>,
  ) => Promise<AutocannonResult>;
  const prefix = process.argv[6]!;
  const overallRate = Number(process.argv[7]);
  let counter = 0;
  const result = await autocannon({
    url: process.argv[3],
    connections: 16,
    ...(overallRate > 0 ? { overallRate } : {}),
    duration: Number(process.argv[5]),
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          const index = counter++;
          return {
            ...request,
            path: `/v1/conversations/${prefix}-${index % 200}/turns`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${process.argv[4]}` },
            body: JSON.stringify({
              role: index % 2 === 0 ? 'customer' : 'agent',
              text: `Where is my order ${4400 + (index % 97)}?`,
            }),
          };
        },
      },
    ],
  });
  process.stderr.write(
    `load: ${result.requests.average} turns/s, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}\n`,
  );
  process.exit(0);
}

/** Which component a profile frame belongs to, by its script's path (first match wins). */
const COMPONENTS: [string, RegExp][] = [
  ['pino (logs)', /\/(pino|sonic-boom|thread-stream|fast-redact|@pinojs)\//],
  ['pg driver', /\/(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-date|postgres-bytea)\//],
  ['OpenTelemetry', /@opentelemetry/],
  ['hono validators (zod-openapi)', /\/(zod-openapi|zod-validator)\/|hono\/dist\/validator/],
  ['zod', /\/zod\//],
  ['hono node-server adapter', /@hono\/node-server/],
  ['hono core and middleware', /\/hono\/dist/],
  ['web Request/Response (undici)', /undici/],
  ['engine', /packages\/engine\//],
  ['sdk', /packages\/sdk\//],
  ['server: telemetry', /server\/src\/telemetry\//],
  ['server: http', /server\/src\/http\//],
  ['server: storage', /server\/src\/storage\//],
  ['server: service', /server\/src\/service\//],
  ['server: other', /server\/src\//],
  ['bench baseline', /scripts\/bench\//],
];
const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'garbage collector',
  '(idle)': 'idle',
  '(program)': 'V8 (program)',
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Busy samples by component, and by function (self time). */
function summarise(profile: { nodes: ProfileNode[]; samples?: number[] }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  for (const sample of profile.samples ?? []) self.set(sample, (self.get(sample) ?? 0) + 1);
  const componentOf = (id: number): string => {
    const leaf = byId.get(id)!.callFrame;
    if (SPECIAL[leaf.functionName]) return SPECIAL[leaf.functionName]!;
    let node: number | undefined = id;
    let nodeFrame: string | undefined;
    for (; node !== undefined; node = parent.get(node)) {
      const url = byId.get(node)!.callFrame.url;
      if (url.startsWith('node:')) nodeFrame ??= url.replace(/^node:(internal\/)?/, 'node ');
      for (const [name, pattern] of COMPONENTS) if (pattern.test(url)) return name;
    }
    return nodeFrame ?? `other (${leaf.functionName || 'anonymous'})`;
  };
  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, count] of self) {
    const component = componentOf(id);
    components.set(component, (components.get(component) ?? 0) + count);
    const frame = byId.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-3).join('/')}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + count);
  }
  const idle = components.get('idle') ?? 0;
  components.delete('idle');
  functions.delete('(idle) :0');
  return { components, functions, busy: (profile.samples?.length ?? 0) - idle };
}

const database = await freshPostgres();
let url: string;
let key = '-';
let close: () => Promise<void>;
let prefix = 'c';
if (kind === 'baseline') {
  const baseline = await startBaseline('postgres', database.url);
  url = baseline.url;
  prefix = 'bench'; // the baseline's conversations, inserted at its start
  close = baseline.close;
} else {
  const { readConfig, startServer } = await import('../../packages/server/src/main.ts');
  const running = await startServer(readConfig({ ...process.env, PORT: '0', DATABASE_URL: database.url }));
  url = running.url;
  key = (await running.service.createKey({ scope: 'agent', name: 'bench' })).key;
  close = () => running.close();
}
const counter = new pg.Client({ connectionString: database.url });
await counter.connect();
const turnsStored = async () =>
  Number((await counter.query<{ n: string }>('SELECT count(*)::text AS n FROM turns')).rows[0]!.n);

const load = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    new URL(import.meta.url).pathname,
    'load',
    url,
    key,
    String(WARM_UP_S + 2 * seconds + 1),
    prefix,
    String(rate),
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const ended = new Promise((resolve) => load.once('exit', resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadBefore = loadavg()[0]!;
await sleep(WARM_UP_S * 1000);

// 1. CPU per turn, no profiler.
const turnsBefore = await turnsStored();
const cpuBefore = process.cpuUsage();
await sleep(seconds * 1000);
const cpu = process.cpuUsage(cpuBefore);
const turns = (await turnsStored()) - turnsBefore;
const cpuMsPerTurn = (cpu.user + cpu.system) / 1000 / Math.max(1, turns);

// 2. The profile.
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 250 });
await session.post('Profiler.start');
await sleep(seconds * 1000);
const { profile } = await session.post('Profiler.stop');
await writeFile(out, JSON.stringify(profile));
await ended;
await counter.end();
await close();
await database.drop();

const { components, functions, busy } = summarise(profile as { nodes: ProfileNode[]; samples?: number[] });
console.log(
  `${kind}: ${(turns / seconds).toFixed(0)} turns/s stored; CPU ${cpuMsPerTurn.toFixed(3)} ms per turn ` +
    `(user ${(cpu.user / 1000 / turns).toFixed(3)}, system ${(cpu.system / 1000 / turns).toFixed(3)}); ` +
    `load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
);
console.log(`\nBusy samples by component (${busy} samples; ms per turn = share × CPU per turn):`);
for (const [name, count] of [...components].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  const share = count / busy;
  console.log(
    `${(share * 100).toFixed(1).padStart(5)}%  ${(share * cpuMsPerTurn).toFixed(3).padStart(6)} ms  ${name}`,
  );
}
console.log('\nHeaviest functions by self time:');
for (const [name, count] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${((count / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
}
