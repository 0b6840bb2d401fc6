/**
 * Statements per turn: starts Baton in this process on a fresh PostgreSQL database, counts every
 * statement the pg driver sends while autocannon posts turns, and prints them per turn.
 * Run: `npx tsx scripts/bench/turn-profile.ts [seconds]`.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { freshPostgres, type AutocannonResult } from './api.ts';

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 4);
const counts = new Map<string, number>();
let counting = false;
const original = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '?');
    const label = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (original as any).apply(this, args);
};

const database = await freshPostgres();
const { readConfig, startServer } = await import('../../packages/server/src/main.ts');
const running = await startServer(readConfig({ ...process.env, PORT: '0', DATABASE_URL: database.url }));
const { key } = await running.service.createKey({ scope: 'agent', name: 'bench' });
let counter = 0;
const run = (duration: number) =>
  autocannon({
    url: running.url,
    connections: 16,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          const index = counter++;
          return {
            ...request,
            path: `/v1/conversations/c-${index % 200}/turns`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({
              role: index % 2 === 0 ? 'customer' : 'agent',
              text: `Where is my order ${4400 + (index % 97)}?`,
            }),
          };
        },
      },
    ],
  });
await run(1);
counting = true;
const before = counter;
const result = await run(seconds);
counting = false;
const turns = counter - before;
console.log(
  `turns ${turns}, ${result.requests.average}/s, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}`,
);
let total = 0;
for (const [label, n] of [...counts].sort((a, b) => b[1] - a[1])) {
  total += n;
  console.log(`${(n / turns).toFixed(3)}  ${label}`);
}
console.log(`${(total / turns).toFixed(3)}  statements per turn in all`);
await running.close();
await database.drop();
