/**
 * Planning against execution time of the statements one common turn sends (PostgreSQL, fresh
 * database): posts a few turns through the service, records the statements of the last one, and
 * prints `EXPLAIN (ANALYZE, SUMMARY)` times of each (rolled back). Why the hot path's statements
 * are prepared. Run: `npx tsx scripts/bench/plan-time.mts`.
 */
import pg from 'pg';
import { freshPostgres } from './api.ts';

const captured: { text: string; values: unknown[] }[] = [];
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const [first, second] = args;
  if (typeof first === 'string' && Array.isArray(second)) captured.push({ text: first, values: second });
  else if (first && typeof first === 'object' && 'text' in first) {
    const named = first as { text: string; values?: unknown[] };
    captured.push({ text: named.text, values: named.values ?? [] });
  }
  return original.apply(this, args);
};

const database = await freshPostgres();
const { openService, readConfig } = await import('../../packages/server/src/main.ts');
const { service, database: db } = await openService(readConfig({ DATABASE_URL: database.url }));
const { key } = await service.createKey({ scope: 'agent', name: 'bench' });
const principal = (await service.authenticate(key))!;
const turn = (role: 'customer' | 'agent', text: string) =>
  service.postTurn(principal, { conversationId: 'c-1', turn: { role, text } });
for (let index = 0; index < 3; index++) await turn('customer', 'Where is my order 4401?');
captured.length = 0;
await turn('agent', 'Let me check.');
const statements = captured.filter((statement) => statement.values.length > 0);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
for (const { text, values } of statements) {
  await client.query('BEGIN');
  try {
    let times = '';
    // The third run's times: the first ones warm the caches.
    for (let run = 0; run < 3; run++) {
      await client.query('SAVEPOINT run');
      const result = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, SUMMARY ON, TIMING OFF) ${text}`,
        values,
      );
      times = result.rows
        .map((row) => row['QUERY PLAN'])
        .filter((line) => /Planning Time|Execution Time/.test(line))
        .join(', ');
      await client.query('ROLLBACK TO SAVEPOINT run');
    }
    console.log(`${text.replace(/\s+/g, ' ').slice(0, 70)}…  ${times}`);
  } catch (error) {
    console.log(`${text.replace(/\s+/g, ' ').slice(0, 70)}…  (not explainable: ${(error as Error).message})`);
  } finally {
    await client.query('ROLLBACK');
  }
}
await client.end();
await service.close();
await db.close();
await database.drop();
process.exit(0);
