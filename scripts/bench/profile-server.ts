/**
 * CPU profile of one Baton instance under turn load: starts Baton (PostgreSQL, fresh database) in
 * this process, posts turns from a child process (autocannon), profiles `seconds` after a warm-up
 * and writes a .cpuprofile (open it in Chrome DevTools), plus the heaviest functions by self time.
 * Run: `npx tsx scripts/bench/profile-server.ts [seconds] [out.cpuprofile]`.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { freshPostgres, type AutocannonResult } from './api.ts';

const seconds = Number(process.argv[2] ?? 5);
const out = process.argv[3] ?? 'turns.cpuprofile';

if (process.argv[2] === 'load') {
  const autocannon = createRequire(import.meta.url)('autocannon') as (
    options: Record<string, unknown>,
  ) => Promise<AutocannonResult>;
  let counter = 0;
  const result = await autocannon({
    url: process.argv[3],
    connections: 16,
    duration: Number(process.argv[5]),
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          const index = counter++;
          return {
            ...request,
            path: `/v1/conversations/c-${index % 200}/turns`,
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
  console.log(`${result.requests.average} turns/s, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}`);
  process.exit(0);
}

const database = await freshPostgres();
const { readConfig, startServer } = await import('../../packages/server/src/main.ts');
const running = await startServer(readConfig({ ...process.env, PORT: '0', DATABASE_URL: database.url }));
const { key } = await running.service.createKey({ scope: 'agent', name: 'bench' });
const load = spawn(
  process.execPath,
  ['--import', 'tsx', new URL(import.meta.url).pathname, 'load', running.url, key, String(seconds + 3)],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const ended = new Promise((resolve) => load.once('exit', resolve));
await new Promise((resolve) => setTimeout(resolve, 2000));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const { profile } = await session.post('Profiler.stop');
await writeFile(out, JSON.stringify(profile));
await ended;
await running.close();
await database.drop();

// Self time per function (url:line), heaviest first.
const total = profile.samples?.length ?? 1;
const self = new Map<number, number>();
for (const sample of profile.samples ?? []) self.set(sample, (self.get(sample) ?? 0) + 1);
const byName = new Map<string, number>();
for (const node of profile.nodes) {
  const frame = node.callFrame;
  const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-3).join('/')}:${frame.lineNumber + 1}`;
  byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
}
for (const [name, count] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
  console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}
