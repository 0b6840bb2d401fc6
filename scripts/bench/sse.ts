/**
 * SSE fan-out: `STREAMS` idle streams on one server, events posted at each of `RATES` per second,
 * every delivery to every stream timed. The low rate is the goal's case (idle streams: each event
 * fanned out before the next), the high one a busy floor (100,000 writes a second at 20/s). Two servers in the same run, read by the same readers:
 * - Baton (PostgreSQL), with the breakdown of each event's way: post sent → turn answered (its
 *   commit) → the hub's read sent → rows in hand → pushed to every stream → every write issued
 *   (the next macrotask after the push) → read by the streams;
 * - a trivial node:http server that writes a frame of the same size to the same number of open
 *   responses when a post comes (no database): what the readers and the kernel cost, the floor.
 *
 * The streams are read by `READERS` child processes (raw sockets, counting `}\n\n` message ends and
 * timing each; one stream per reader parses the messages, to name the event behind each index).
 * Every clock is `performance.timeOrigin + performance.now()`, comparable across processes.
 * The CPU time of the server and of the readers during the posting window is printed too.
 *
 * Run alone: `npx tsx scripts/bench/sse.ts` (BATON_BENCH_POSTGRES overrides the admin URL;
 * BATON_BENCH_SSE_READERS sets the reader processes, 2 by default; BATON_BENCH_SSE_RATES the event
 * rates, `2,20` by default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { createServer, Agent, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { HubPushTiming } from '../../packages/server/src/service/event-hub.ts';
import { freshPostgres, paced } from './api.ts';

const STREAMS = 5_000;
const RATES = (process.env['BATON_BENCH_SSE_RATES'] ?? '2,20').split(',').map(Number);
const DURATION_S = 5;
const READERS = Number(process.env['BATON_BENCH_SSE_READERS'] ?? 2);
/** About the size of Baton's turn-created message, so both servers write the same bytes. */
const BASELINE_MESSAGE_BYTES = 560;

const now = () => performance.timeOrigin + performance.now();
const self = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Children: the servers and the readers.

/** Baton as `baton serve` composes it, recording the hub's push timings for `TRACE`. */
async function serveBaton(databaseUrl: string): Promise<void> {
  const { readConfig, startServer } = await import('../../packages/server/src/main.ts');
  const { hubPushChannel } = await import('../../packages/server/src/service/event-hub.ts');
  const trace: unknown[] = [];
  subscribe(hubPushChannel.name, (message) => {
    const timing = message as HubPushTiming;
    const entry = {
      conversations: timing.events.map((entry) => entry.event.conversationId),
      readStartedAt: performance.timeOrigin + timing.readStartedAt,
      readAt: performance.timeOrigin + timing.readAt,
      pushedAt: performance.timeOrigin + timing.pushedAt,
      settledAt: 0,
    };
    // Promise continuations (the writers of the streams before this change) run before it.
    setImmediate(() => (entry.settledAt = now()));
    trace.push(entry);
  });
  const env = {
    ...process.env,
    PORT: '0',
    DATABASE_URL: databaseUrl,
    BATON_MAX_STREAMS_PER_KEY: String(STREAMS),
  };
  const running = await startServer(readConfig(env));
  const { key } = await running.service.createKey({ scope: 'agent', name: 'bench' });
  const { key: operatorKey } = await running.service.createKey({ scope: 'operator', name: 'bench' });
  process.stdin.on('data', () => process.stdout.write(`TRACE ${JSON.stringify(trace)}\n`));
  process.stdout.write(`READY ${running.url} ${key} ${operatorKey}\n`);
}

/** The floor: every GET is an SSE response kept open; every POST writes one frame to all of them. */
async function serveTrivial(): Promise<void> {
  const streams = new Set<ServerResponse>();
  const trace: unknown[] = [];
  let id = 0;
  const server = createServer((request, response) => {
    if (request.method === 'GET') {
      response.useChunkedEncodingByDefault = false;
      response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
      response.write('retry: 2000\n: connected\n\n');
      streams.add(response);
      response.once('close', () => streams.delete(response));
      return;
    }
    const conversationId = /conversations\/([^/]+)/.exec(request.url ?? '')?.[1] ?? '';
    request.resume();
    request.on('end', () => {
      const readAt = now();
      const event = { id: String(++id), type: 'turn-created', conversationId, at: new Date().toISOString() };
      const head = `id: ${event.id}\ndata: ${JSON.stringify({ ...event, data: { text: '' } })}`;
      const pad = 'x'.repeat(Math.max(0, BASELINE_MESSAGE_BYTES - head.length - 3));
      const frame = Buffer.from(
        `id: ${event.id}\ndata: ${JSON.stringify({ ...event, data: { text: pad } })}\n\n`,
      );
      for (const stream of streams) stream.write(frame);
      const entry = {
        conversations: [conversationId],
        readStartedAt: readAt,
        readAt,
        pushedAt: now(),
        settledAt: 0,
      };
      setImmediate(() => (entry.settledAt = now()));
      trace.push(entry);
      response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  process.stdin.on('data', () => process.stdout.write(`TRACE ${JSON.stringify(trace)}\n`));
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} - -\n`);
}

/**
 * Opens `count` streams and times every message end (`}\n\n`: heartbeats and id-only lines do not
 * end in `}`) on each. Stream 0 also parses its messages for their conversation ids: every stream
 * gets the same events in the same order. Prints `OPEN`, then `REPORT {...}` on any stdin line.
 */
async function readStreams(host: string, port: number, key: string, count: number): Promise<void> {
  const times: number[][] = Array.from({ length: count }, () => []);
  const order: string[] = [];
  const end = Buffer.from('}\n\n');
  const open = (index: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const socket = connect(port, host, () =>
        socket.write(
          `GET /v1/events HTTP/1.1\r\nhost: ${host}:${port}\r\nauthorization: Bearer ${key}\r\n\r\n`,
        ),
      );
      const mine = times[index]!;
      let carry: Buffer = Buffer.alloc(0);
      let text = '';
      let first = true;
      socket.on('data', (chunk: Buffer) => {
        const at = now();
        if (first) {
          first = false;
          if (chunk.subarray(0, 12).toString() !== 'HTTP/1.1 200') {
            process.stderr.write(`stream refused: ${chunk.toString().split('\r\n')[0]}\n`);
            process.exit(1);
          }
          resolve();
        }
        const all = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        for (let found = all.indexOf(end); found >= 0; found = all.indexOf(end, found + end.length))
          mine.push(at);
        carry = all.subarray(Math.max(0, all.length - end.length + 1));
        if (index === 0) {
          text += chunk.toString();
          let cut: number;
          while ((cut = text.indexOf('}\n\n')) >= 0) {
            const message = text.slice(0, cut + 1);
            text = text.slice(cut + 3);
            order.push(/"conversationId":"([^"]*)"/.exec(message)?.[1] ?? '');
          }
        }
      });
      socket.on('error', () => {
        if (first) setTimeout(() => open(index).then(resolve), 50);
      });
    });
  // At most 100 opening at once, so the accept queue never overflows.
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < count) await open(next++);
    }),
  );
  process.stdout.write('OPEN\n');
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (line.startsWith('count')) {
      // Conversations stream 0 named, and the fewest messages any stream read.
      const fewest = Math.min(...times.map((list) => list.length));
      process.stdout.write(`COUNT ${new Set(order).size} ${fewest} ${order.length}\n`);
      return;
    }
    const rounded = times.map((list) => list.map((at) => Math.round(at * 100) / 100));
    process.stdout.write(`REPORT ${JSON.stringify({ order, times: rounded })}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// Parent.

/** A child that prints lines; `next(pattern)` waits for the next output matching it. */
function child(args: string[]) {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const waiters: (() => void)[] = [];
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    output += chunk;
    for (const waiter of waiters.splice(0)) waiter();
  });
  const next = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) {
          output = output.slice(match.index + match[0].length);
          proc.off('exit', check);
          resolve(match);
        } else if (proc.exitCode !== null) reject(new Error(`${args[0]} child exited: ${output}`));
        else waiters.push(check);
      };
      proc.once('exit', check);
      check();
    });
  const ask = (pattern: RegExp, line = 'report') => {
    proc.stdin!.write(`${line}\n`);
    return next(pattern);
  };
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };
  return { proc, next, ask, stop };
}

/**
 * CPU time of processes in ms, user and system (the kernel's share: on loopback, a socket write
 * runs the receiving side's TCP path too), from /proc (Linux, 100 ticks a second); NaN elsewhere.
 */
async function cpuMsOf(pids: number[]): Promise<{ user: number; system: number }> {
  let user = 0;
  let system = 0;
  for (const pid of pids) {
    try {
      const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ').at(-1)!.split(' ');
      user += Number(stat[11]) * 10;
      system += Number(stat[12]) * 10;
    } catch {
      return { user: NaN, system: NaN };
    }
  }
  return { user, system };
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

async function idleTransactions(url: string, seconds: number): Promise<number> {
  const before = await transactionsOf(url);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return ((await transactionsOf(url)) - before - 1) / seconds;
}

interface TraceEntry {
  conversations: string[];
  readStartedAt: number;
  readAt: number;
  pushedAt: number;
  settledAt: number;
}

const total = (cpu: { user: number; system: number }) => cpu.user + cpu.system;
const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const sortNumbers = (values: number[]) => values.sort((a, b) => a - b);

export interface SseRun {
  label: string;
  openS: number;
  delivered: number;
  expected: number;
  /** Every delivery: post sent → message read. */
  p50: number;
  p99: number;
  max: number;
  /** Per event, medians and p99 over events of each stage, from the post being sent. */
  stages: { name: string; p50: number; p99: number }[];
  serverCpuMsPerS: number;
  readerCpuMsPerS: number;
  /** CPU ms per event posted, user + system: what the load changes less than the latencies. */
  serverCpuMsPerEvent: { user: number; system: number };
  readerCpuMsPerEvent: number;
  idle?: { none: number; streams: number };
}

/** One server, its streams opened, `rate` posts a second for `DURATION_S`, every delivery timed. */
async function measureServer(kind: 'baton' | 'trivial', databaseUrl: string, rate: number): Promise<SseRun> {
  process.stderr.write(`sse bench: ${kind}, ${STREAMS} streams, ${rate} events/s\n`);
  const server = child(['serve', kind, databaseUrl]);
  const readers: ReturnType<typeof child>[] = [];
  try {
    const [, base, key, operatorKey] = (await server.next(
      /^READY (\S+) (\S+) (\S+)$/m,
    )) as unknown as string[];
    const url = new URL(base!);
    const idleNone = kind === 'baton' ? await idleTransactions(databaseUrl, 3) : NaN;
    const openStart = now();
    const per = Math.ceil(STREAMS / READERS);
    for (let index = 0; index < READERS; index++) {
      const count = Math.min(per, STREAMS - index * per);
      readers.push(child(['read', url.hostname, url.port, operatorKey!, String(count)]));
    }
    await Promise.all(readers.map((reader) => reader.next(/^OPEN$/m)));
    const openS = (now() - openStart) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleStreams = kind === 'baton' ? await idleTransactions(databaseUrl, 3) : NaN;

    const agent = new Agent({ keepAlive: true });
    const sentAt = new Map<string, number>();
    const answeredAt = new Map<string, number>();
    const pids = (list: ReturnType<typeof child>[]) => list.map((each) => each.proc.pid!);
    const [serverBefore, readersBefore] = await Promise.all([
      cpuMsOf(pids([server])),
      cpuMsOf(pids(readers)),
    ]);
    const windowStart = now();
    await paced(rate, DURATION_S, (index) => {
      const conversation = `sse-${index}`;
      const body = JSON.stringify({ role: 'agent', text: 'Your parcel is on its way.' });
      sentAt.set(conversation, now());
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
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${key}`,
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => {
              answeredAt.set(conversation, now());
              resolve((response.statusCode ?? 500) < 300);
            });
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    });
    // Until every stream read every event (at most 30 s more): under load, delivery lags the posts.
    for (let waited = 0; waited < 30_000; waited += 250) {
      const counts = await Promise.all(
        readers.map((reader) => reader.ask(/^COUNT (\d+) (\d+) (\d+)\n/m, 'count')),
      );
      const done = counts.every(
        ([, conversations, fewest, messages]) =>
          Number(conversations) >= sentAt.size && Number(fewest) >= Number(messages),
      );
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const windowS = (now() - windowStart) / 1000;
    const [serverAfter, readersAfter] = await Promise.all([cpuMsOf(pids([server])), cpuMsOf(pids(readers))]);
    agent.destroy();

    const trace = JSON.parse((await server.ask(/^TRACE (.*)\n/m))[1]!) as TraceEntry[];
    const reports = await Promise.all(
      readers.map(
        async (reader) =>
          JSON.parse((await reader.ask(/^REPORT (.*)\n/m))[1]!) as { order: string[]; times: number[][] },
      ),
    );

    // Every delivery: message k of a stream is the event its reader's stream 0 named k-th.
    const latencies: number[] = [];
    const readTimes = new Map<string, number[]>();
    for (const report of reports) {
      for (const times of report.times) {
        times.forEach((at, index) => {
          const conversation = report.order[index];
          const sent = conversation === undefined ? undefined : sentAt.get(conversation);
          if (sent === undefined) return;
          latencies.push(at - sent);
          let list = readTimes.get(conversation!);
          if (!list) readTimes.set(conversation!, (list = []));
          list.push(at);
        });
      }
    }
    // Each post makes at least one event, which every stream should read within the wait.
    const expected = sentAt.size * STREAMS;
    sortNumbers(latencies);

    // Per event: the first trace entry that carried it (a turn may make several events).
    const byConversation = new Map<string, TraceEntry>();
    for (const entry of trace)
      for (const conversation of entry.conversations)
        if (!byConversation.has(conversation)) byConversation.set(conversation, entry);
    const stage = (name: string, pick: (conversation: string, sent: number) => number | undefined) => {
      const values: number[] = [];
      for (const [conversation, sent] of sentAt) {
        const at = pick(conversation, sent);
        if (at !== undefined && Number.isFinite(at)) values.push(at - sent);
      }
      sortNumbers(values);
      return { name, p50: quantile(values, 0.5), p99: quantile(values, 0.99) };
    };
    const stages = [
      stage('turn answered (committed)', (conversation) => answeredAt.get(conversation)),
      stage("hub's read sent", (conversation) => byConversation.get(conversation)?.readStartedAt),
      stage('rows in hand', (conversation) => byConversation.get(conversation)?.readAt),
      stage('pushed to every stream', (conversation) => byConversation.get(conversation)?.pushedAt),
      stage(
        'every write issued (next macrotask)',
        (conversation) => byConversation.get(conversation)?.settledAt,
      ),
      stage('first stream read it', (conversation) => {
        const list = readTimes.get(conversation);
        return list ? Math.min(...list) : undefined;
      }),
      stage('half the streams read it', (conversation) => {
        const list = readTimes.get(conversation);
        return list ? quantile(sortNumbers([...list]), 0.5) : undefined;
      }),
      stage('last stream read it', (conversation) => {
        const list = readTimes.get(conversation);
        return list ? Math.max(...list) : undefined;
      }),
    ];
    return {
      label: kind === 'baton' ? 'Baton (PostgreSQL)' : 'trivial node:http server (no database)',
      openS,
      delivered: latencies.length,
      expected,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
      stages: kind === 'baton' ? stages : stages.filter((_, index) => index !== 1 && index !== 2),
      serverCpuMsPerS: (total(serverAfter) - total(serverBefore)) / windowS,
      readerCpuMsPerS: (total(readersAfter) - total(readersBefore)) / windowS,
      serverCpuMsPerEvent: {
        user: (serverAfter.user - serverBefore.user) / sentAt.size,
        system: (serverAfter.system - serverBefore.system) / sentAt.size,
      },
      readerCpuMsPerEvent: (total(readersAfter) - total(readersBefore)) / sentAt.size,
      ...(kind === 'baton' ? { idle: { none: idleNone, streams: idleStreams } } : {}),
    };
  } finally {
    await Promise.all(readers.map((reader) => reader.stop()));
    await server.stop();
  }
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

/** Both servers in one run; returns the report's lines. */
export async function measureSse(): Promise<string[]> {
  const lines: string[] = [];
  for (const rate of RATES) {
    if (lines.length > 0) lines.push('');
    lines.push(...(await measureSseAt(rate)));
  }
  return lines;
}

/** The trivial server and Baton at one event rate, in the same run. */
async function measureSseAt(rate: number): Promise<string[]> {
  const loadBefore = loadavg()[0]!;
  const database = await freshPostgres();
  let runs: SseRun[];
  try {
    runs = [
      await measureServer('trivial', database.url, rate),
      await measureServer('baton', database.url, rate),
    ];
  } finally {
    await database.drop();
  }
  const [trivial, baton] = runs as [SseRun, SseRun];
  const lines = [
    `SSE: ${STREAMS} idle streams on one server, ${rate} events/s for ${DURATION_S} s, read by ${READERS} ` +
      `reader processes (every delivery timed; load average ${fmt(loadBefore, 2)} before, ` +
      `${fmt(loadavg()[0]!, 2)} after, on ${cpus().length} CPUs)`,
    '| server | opened in s | delivered | p50 ms | p99 ms | max ms | CPU ms/s: server, readers | CPU ms per event: server (user + system), readers |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (run) =>
        `| ${run.label} | ${fmt(run.openS)} | ${run.delivered} of ≥ ${run.expected} | ${fmt(run.p50)} | ` +
        `${fmt(run.p99)} | ${fmt(run.max)} | ${fmt(run.serverCpuMsPerS, 0)}, ${fmt(run.readerCpuMsPerS, 0)} | ` +
        `${fmt(run.serverCpuMsPerEvent.user, 1)} + ${fmt(run.serverCpuMsPerEvent.system, 1)}, ${fmt(run.readerCpuMsPerEvent, 1)} |`,
    ),
    '',
    'Per event, ms after its post was sent (p50 / p99 over events):',
    '| stage | trivial server | Baton |',
    '|---|---:|---:|',
    ...baton.stages.map((stage) => {
      const floor = trivial.stages.find((each) => each.name === stage.name);
      return (
        `| ${stage.name} | ${floor ? `${fmt(floor.p50)} / ${fmt(floor.p99)}` : ''} | ` +
        `${fmt(stage.p50)} / ${fmt(stage.p99)} |`
      );
    }),
  ];
  if (baton.idle)
    lines.push(
      '',
      `Database transactions/s while idle: ${fmt(baton.idle.none)} with no stream, ${fmt(baton.idle.streams)} ` +
        `with ${STREAMS} streams.`,
    );
  lines.push(
    `Goal: SSE p99 ≤ 50 ms: ${baton.p99 <= 50 ? 'met' : 'NOT met'} at ${rate} events/s (Baton ${fmt(baton.p99)} ms, ` +
      `trivial server ${fmt(trivial.p99)} ms in the same run).`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'serve') {
    if (rest[0] === 'baton') await serveBaton(rest[1]!);
    else await serveTrivial();
  } else if (mode === 'read') {
    await readStreams(rest[0]!, Number(rest[1]), rest[2]!, Number(rest[3]));
  } else console.log((await measureSse()).join('\n'));
}
