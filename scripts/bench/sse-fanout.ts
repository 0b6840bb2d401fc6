/**
 * The fan-out alone, in CPU time (what a loaded machine changes least): one process serves
 * `STREAMS` SSE responses over loopback, read by a child process (scripts/bench/sse.ts `read`
 * mode), and pushes one event at a time, `EVENTS` times, 50 ms apart. For each push it takes this
 * process's CPU time (user and system: the kernel's loopback path runs in the writer's system
 * time) and wall time from the push to the next macrotask, by when every write was issued.
 * - `baton`: Baton's EventSubscription + pumpEvents + nodeSink, fed by an in-memory hub;
 * - `trivial`: a loop of `response.write(buffer)` over the open responses (the floor).
 *
 * `npx tsx scripts/bench/sse-fanout.ts [baton|trivial]` (both by default).
 */
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { nodeSink, pumpEvents } from '../../packages/server/src/http/event-stream.ts';
import type { EventPosition } from '../../packages/server/src/service/event-position.ts';
import type { EventHub, HubListener } from '../../packages/server/src/service/event-hub.ts';
import { EventSubscription } from '../../packages/server/src/service/event-subscription.ts';
import type { PositionedEvent } from '../../packages/server/src/service/events.ts';
import type { BatonEvent } from '../../packages/server/src/service/types.ts';
import type { Database } from '../../packages/server/src/storage/database.ts';

const STREAMS = 5_000;
const EVENTS = 60;

class MemoryHub {
  readonly listeners = new Set<HubListener>();
  head: EventPosition = { tx: '1', id: '0' };
  async attach(listener: HubListener) {
    this.listeners.add(listener);
    return { head: this.head, detach: () => this.listeners.delete(listener) };
  }
  push(events: PositionedEvent[]): void {
    this.head = events.at(-1)!.position;
    for (const listener of [...this.listeners]) listener.push(events);
  }
}

/** An event shaped like a turn-created one (about 560 bytes as a message). */
function eventNumber(id: number): PositionedEvent {
  const event = {
    id: String(id),
    type: 'turn-created',
    conversationId: `sse-${id}`,
    handoffId: null,
    queue: 'general',
    at: new Date().toISOString(),
    data: { turn: { role: 'agent', text: 'Your parcel is on its way.'.padEnd(400, '.'), seq: id } },
  } as unknown as BatonEvent;
  return { position: { tx: '1', id: String(id) }, event };
}

async function run(kind: 'baton' | 'trivial'): Promise<string> {
  const hub = new MemoryHub();
  const responses = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    if (kind === 'trivial') {
      response.useChunkedEncodingByDefault = false;
      response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
      response.write('retry: 2000\n: connected\n\n');
      responses.add(response);
      response.once('close', () => responses.delete(response));
      return;
    }
    void EventSubscription.open({
      database: {} as Database,
      hub: hub as unknown as EventHub,
      keyId: 'bench',
      filter: {},
      after: undefined,
      maxBuffered: 1_000,
      batchSize: 500,
      onClose: () => undefined,
    }).then(({ subscription }) =>
      pumpEvents(subscription, nodeSink(response), { heartbeatMs: 60_000, logError: console.error }),
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const reader = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./sse.ts', import.meta.url)),
      'read',
      '127.0.0.1',
      String(port),
      '-',
      String(STREAMS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => {
    let output = '';
    reader.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('OPEN')) resolve();
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const user: number[] = [];
  const system: number[] = [];
  const wall: number[] = [];
  for (let id = 1; id <= EVENTS; id++) {
    const events = [eventNumber(id)];
    const started = performance.now();
    const before = process.cpuUsage();
    if (kind === 'baton') hub.push(events);
    else {
      // What Baton's writer does once per event: the message as bytes, made once.
      const bytes = Buffer.from(`id: ${id}\ndata: ${JSON.stringify(events[0]!.event)}\n\n`);
      for (const response of responses) response.write(bytes);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.cpuUsage(before);
    wall.push(performance.now() - started);
    user.push(used.user / 1000);
    system.push(used.system / 1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  reader.kill();
  server.closeAllConnections();
  server.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return (
    `| ${kind} | ${median(user).toFixed(1)} | ${median(system).toFixed(1)} | ${median(wall).toFixed(1)} | ` +
    `${loadavg()[0]!.toFixed(1)} |`
  );
}

const kinds = process.argv[2] ? [process.argv[2] as 'baton' | 'trivial'] : (['trivial', 'baton'] as const);
console.log(`Fan-out of one event to ${STREAMS} SSE responses, median of ${EVENTS} (ms per event)`);
console.log('| writer | CPU user | CPU system | wall, push → next macrotask | load average |');
console.log('|---|---:|---:|---:|---:|');
for (const kind of kinds) console.log(await run(kind));
process.exit(0);
