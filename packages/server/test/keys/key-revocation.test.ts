/**
 * Revocation and expiry over real HTTP. Two instances on one PostgreSQL: a key revoked through
 * instance A is refused by instance B at once, and B's open event stream of that key ends, as it
 * does when the key is revoked by hand in SQL. Keys that expire are refused with their own code,
 * and their streams end at expiry. The listing never shows a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonApiError, BatonClient } from '@baton/sdk';
import { createApp } from '../../src/http/app.ts';
import { createService, type BatonService } from '../../src/service/create-service.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { freshPostgresDatabase, listen, readSse } from '../http/helpers.ts';

interface Instance {
  url: string;
  service: BatonService;
  close: () => Promise<void>;
}

async function startInstance(databaseUrl: string): Promise<Instance> {
  const database: Database = await openDatabase({ databaseUrl });
  const service = await createService({ database });
  const server = await listen(createApp(service, { logError: () => {} }));
  return {
    url: server.url,
    service,
    async close() {
      await server.close();
      await service.close();
      await database.close();
    },
  };
}

async function get(url: string, key: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status, ...(body.code !== undefined ? { code: body.code } : {}) };
}

/** Polls `check` until it holds or `ms` pass; returns how long it took, or throws. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not within ${ms} ms`);
}

/** Opens an event stream and resolves `ended` when the server closes it; `events` collects the data lines. */
async function openStream(url: string, key: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/events?from=now`, {
    headers: { authorization: `Bearer ${key}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: string[] = [];
  const ended = (async () => {
    try {
      for await (const message of readSse(response.body!)) events.push(message.data);
      return 'ended' as const;
    } catch {
      return 'aborted' as const;
    }
  })();
  return { events, ended, abort: () => controller.abort() };
}

describe('key revocation across two instances on PostgreSQL', () => {
  let postgres: { url: string; drop: () => Promise<void> };
  let a: Instance;
  let b: Instance;
  let admin: string;
  let agent: string;

  beforeAll(async () => {
    postgres = await freshPostgresDatabase('baton_keys');
    a = await startInstance(postgres.url);
    b = await startInstance(postgres.url);
    admin = (await a.service.createKey({ scope: 'admin', name: 'root' })).key;
    agent = (await a.service.createKey({ scope: 'agent', name: 'bot' })).key;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await postgres?.drop();
  });

  it('revoked through A: B refuses the key and ends its open stream at once', async () => {
    const { key, record } = await a.service.createKey({ scope: 'operator', name: 'Ada' });
    expect(await get(`${b.url}/v1/policy`, key)).toEqual({ status: 200 });
    const stream = await openStream(b.url, key);
    // The stream is live: a turn posted on A reaches it through B.
    await fetch(`${a.url}/v1/conversations/rev-1/turns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'customer', text: 'hello' }),
    });
    await within(5_000, async () => stream.events.length > 0);

    const revoked = await fetch(`${a.url}/v1/keys/${record.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: record.id, revokedAt: expect.any(String) });

    const closedIn = await Promise.race([
      stream.ended.then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 3_000)),
    ]);
    expect(closedIn).toBe('closed');
    expect(await get(`${b.url}/v1/policy`, key)).toEqual({ status: 401, code: 'key_revoked' });
    expect(await get(`${a.url}/v1/policy`, key)).toEqual({ status: 401, code: 'key_revoked' });
    // Another key's stream on B is untouched.
    const other = await openStream(b.url, admin);
    await a.service.revokeKey((await a.service.createKey({ scope: 'agent', name: 'x' })).record.id);
    expect(await Promise.race([other.ended, new Promise((r) => setTimeout(() => r('open'), 300))])).toBe(
      'open',
    );
    other.abort();
    expect(await other.ended).toBe('aborted');
  });

  it('revoked by hand in SQL: the change notification reaches B, whose cache held the key', async () => {
    const { key, record } = await a.service.createKey({ scope: 'operator', name: 'Grace' });
    // Twice, so the second answer comes from B's cache.
    expect(await get(`${b.url}/v1/policy`, key)).toEqual({ status: 200 });
    expect(await get(`${b.url}/v1/policy`, key)).toEqual({ status: 200 });
    const stream = await openStream(b.url, key);
    const database = await openDatabase({ databaseUrl: postgres.url });
    try {
      await database.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [record.id]);
    } finally {
      await database.close();
    }
    // Well under the cache's 10 s safety-net TTL: only the notification can explain it.
    await within(2_000, async () => (await get(`${b.url}/v1/policy`, key)).status === 401);
    expect(await Promise.race([stream.ended, new Promise((r) => setTimeout(() => r('open'), 3_000))])).toBe(
      'ended',
    );
  });

  it('lists keys without secrets, answers a second revocation the same, and 404s an unknown id', async () => {
    const { key, record } = await a.service.createKey({ scope: 'agent', name: 'temp' });
    const listing = await fetch(`${b.url}/v1/keys`, { headers: { authorization: `Bearer ${admin}` } });
    expect(listing.status).toBe(200);
    const text = await listing.text();
    expect(text).toContain(record.id);
    expect(text).not.toContain(key.slice(20));
    expect(text).not.toMatch(/secret|hash/i);
    const first = await b.service.revokeKey(record.id);
    const second = await fetch(`${a.url}/v1/keys/${record.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(await second.json()).toEqual(first);
    const unknown = await fetch(`${a.url}/v1/keys/0123456789abcdef`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('key_not_found');
    const forbidden = await fetch(`${a.url}/v1/keys/${record.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(forbidden.status).toBe(403);
  });

  it('lists and revokes through the SDK client', async () => {
    const { key, record } = await a.service.createKey({ scope: 'agent', name: 'sdk' });
    const client = new BatonClient({ baseUrl: b.url, apiKey: admin });
    expect((await client.listKeys()).keys.map((listed) => listed.id)).toContain(record.id);
    expect(await client.revokeKey(record.id)).toMatchObject({ id: record.id, revokedAt: expect.any(String) });
    const refused = await new BatonClient({ baseUrl: a.url, apiKey: key })
      .getPolicy()
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BatonApiError);
    expect((refused as BatonApiError).code).toBe('key_revoked');
  });

  it('expires keys: refused with key_expired after expiresAt, and an open stream ends then', async () => {
    const tooLate = await fetch(`${a.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'operator', expiresAt: '2001-01-01T00:00:00Z' }),
    });
    expect(tooLate.status).toBe(400);
    const created = await fetch(`${a.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'operator', expiresAt: new Date(Date.now() + 1_500).toISOString() }),
    });
    expect(created.status).toBe(201);
    const { key, record } = (await created.json()) as { key: string; record: { expiresAt: string } };
    expect(record.expiresAt).toEqual(expect.any(String));
    expect(await get(`${b.url}/v1/policy`, key)).toEqual({ status: 200 });
    const stream = await openStream(b.url, key);
    expect(await Promise.race([stream.ended, new Promise((r) => setTimeout(() => r('open'), 4_000))])).toBe(
      'ended',
    );
    expect(await get(`${b.url}/v1/policy`, key)).toEqual({ status: 401, code: 'key_expired' });
  });
});
