/**
 * The key lookup cache: bounded, short-lived, and dropped by every change notification (one key) or
 * reconnect (all keys), so the hot path reads `api_keys` once per key rather than once per request.
 * Also the per-key stream registry that revocation and expiry end.
 */
import { describe, expect, it } from 'vitest';
import { createService } from '../../src/service/create-service.ts';
import { KeyCache, type ApiKeyRow } from '../../src/service/key-cache.ts';
import { onKeyChange } from '../../src/service/key-changes.ts';
import { KeyStreams } from '../../src/service/key-streams.ts';
import type { ServiceContext } from '../../src/service/context.ts';
import type { Database } from '../../src/storage/database.ts';
import { openTestPglite } from '../storage/backends.ts';

function row(id: string): ApiKeyRow {
  return {
    id,
    scope: 'agent',
    name: id,
    secret_hash: '00',
    created_at: '2026-01-01T00:00:00Z',
    revoked_at: null,
    expires_at: null,
  };
}

describe('KeyCache', () => {
  it('serves nothing until enabled, then until its TTL', () => {
    let now = 0;
    const cache = new KeyCache({ ttlMs: 100, clock: () => now });
    cache.set(row('a'), cache.generation);
    expect(cache.get('a')).toBeUndefined();
    cache.enable();
    cache.set(row('a'), cache.generation);
    expect(cache.get('a')?.id).toBe('a');
    now = 99;
    expect(cache.get('a')?.id).toBe('a');
    now = 100;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new KeyCache({ maxEntries: 2 });
    cache.enable();
    cache.set(row('a'), cache.generation);
    cache.set(row('b'), cache.generation);
    cache.get('a');
    cache.set(row('c'), cache.generation);
    expect([cache.get('a')?.id, cache.get('b')?.id, cache.get('c')?.id]).toEqual(['a', undefined, 'c']);
    expect(cache.size).toBe(2);
  });

  it('refuses a row read before an invalidation (it may predate a revocation)', () => {
    const cache = new KeyCache();
    cache.enable();
    const generation = cache.generation;
    cache.forget('a');
    cache.set(row('a'), generation);
    expect(cache.get('a')).toBeUndefined();
    cache.set(row('a'), cache.generation);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('KeyStreams', () => {
  it('ends the streams of one key only, and at the key’s expiry', async () => {
    const streams = new KeyStreams();
    const first = streams.open('k1');
    const second = streams.open('k1');
    const other = streams.open('k2');
    expect(streams.closeStreamsOfKey('k1')).toBe(2);
    expect([first.signal.aborted, second.signal.aborted, other.signal.aborted]).toEqual([true, true, false]);
    expect(streams.keysWithStreams()).toEqual(['k2']);
    other.release();
    expect(streams.keysWithStreams()).toEqual([]);
    const expiring = streams.open('k3', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(expiring.signal.aborted).toBe(true);
    expect(streams.count('k3')).toBe(0);
  });
});

/** A database that counts the statements reading `api_keys`. */
function counting(database: Database): { database: Database; reads: () => number } {
  let reads = 0;
  const wrapped = Object.create(database) as Database;
  wrapped.query = <Row>(sql: string, params?: unknown[]) => {
    if (sql.startsWith('SELECT') && sql.includes('FROM api_keys WHERE id = $1')) reads += 1;
    return database.query<Row>(sql, params);
  };
  return { database: wrapped, reads: () => reads };
}

describe('authentication through the cache', { timeout: 120_000 }, () => {
  it('reads a key once for many requests, and again after it changes or the listener reconnects', async () => {
    const raw = await openTestPglite();
    const { database, reads } = counting(raw);
    const service = await createService({ database });
    try {
      const { key, record } = await service.createKey({ scope: 'operator', name: 'Ada' });
      for (let request = 0; request < 20; request++) expect(await service.authenticate(key)).not.toBeNull();
      expect(reads()).toBe(1);

      // A change drops the entry, so the next request reads the key again.
      await service.revokeKey(record.id);
      expect(await service.checkKey(key)).toEqual({ ok: false, reason: 'revoked' });
      expect(reads()).toBe(2);
    } finally {
      await service.close();
      await raw.close();
    }
  });

  it('drops every entry and ends streams of dead keys when notifications may have been missed', async () => {
    const database = await openTestPglite();
    try {
      const keys = new KeyCache();
      keys.enable();
      const keyStreams = new KeyStreams();
      const context = { database, keys, keyStreams, now: () => new Date() } as unknown as ServiceContext;
      const service = await createService({ database });
      const live = await service.createKey({ scope: 'operator', name: 'live' });
      const dead = await service.createKey({ scope: 'operator', name: 'dead' });
      await database.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [dead.record.id]);
      keys.set(row(live.record.id), keys.generation);
      const liveStream = keyStreams.open(live.record.id);
      const deadStream = keyStreams.open(dead.record.id);
      onKeyChange(context, undefined, (error) => {
        throw error;
      });
      expect(keys.size).toBe(0);
      await new Promise((resolve) => deadStream.signal.addEventListener('abort', resolve));
      expect(liveStream.signal.aborted).toBe(false);
      await service.close();
    } finally {
      await database.close();
    }
  });
});
