/**
 * Prepared statements on PostgreSQL: a statement asked to be prepared is parsed once per connection
 * and reused, gives the same rows as unprepared, and still answers after a migration changed the
 * columns it reads (PostgreSQL refuses the stale plan; the adapter runs it unprepared).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/storage/postgres-database.ts';
import type { Database } from '../../src/storage/database.ts';
import { createScratchPostgres } from './backends.ts';

let scratch: { url: string; drop: () => Promise<void> };
let database: Database;

beforeAll(async () => {
  scratch = await createScratchPostgres();
  // One connection, so every call below runs on the connection that prepared the statement.
  database = await openPostgresDatabase(scratch.url, { poolSize: 1 });
  await database.exec('CREATE TABLE items (id int PRIMARY KEY, name text)');
  await database.query("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
});

afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

const SELECT = 'SELECT * FROM items WHERE id = $1';

it('prepares a statement once per connection and reuses it', async () => {
  expect(await database.query(SELECT, [1], { prepare: true })).toEqual([{ id: 1, name: 'one' }]);
  expect(await database.query(SELECT, [2], { prepare: true })).toEqual([{ id: 2, name: 'two' }]);
  const prepared = await database.query<{ statement: string }>(
    'SELECT statement FROM pg_prepared_statements WHERE name LIKE $1',
    ['baton_%'],
  );
  expect(prepared.map((row) => row.statement)).toEqual([SELECT]);
});

it('answers with the new columns after a migration changed what the prepared statement reads', async () => {
  expect(await database.query(SELECT, [1], { prepare: true })).toEqual([{ id: 1, name: 'one' }]);
  await database.exec("ALTER TABLE items ADD COLUMN colour text NOT NULL DEFAULT 'red'");
  expect(await database.query(SELECT, [1], { prepare: true })).toEqual([
    { id: 1, name: 'one', colour: 'red' },
  ]);
  expect(await database.query(SELECT, [2], { prepare: true })).toEqual([
    { id: 2, name: 'two', colour: 'red' },
  ]);
});
