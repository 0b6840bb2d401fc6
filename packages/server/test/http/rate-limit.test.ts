/**
 * Rate limiting: a key over its burst gets 429 `rate_limited` with `Retry-After` and recovers after
 * the refill; other keys and addresses keep their own buckets; health checks are exempt; the buckets
 * are bounded; `BATON_RATE_LIMIT=0` turns it off. The limiter's clock is driven by the test.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../src/http/env.ts';
import { TokenBuckets } from '../../src/http/rate-limit.ts';
import { CONFIG_DEFAULTS, ConfigError, parseRateLimit, readConfig } from '../../src/main.ts';
import { call, createStack, init, type Stack } from './helpers.ts';

describe('the rate limit', () => {
  let stack: Stack;
  let now = 0;
  beforeAll(async () => {
    stack = await createStack('pglite', { rateLimit: { perSecond: 1, burst: 3 }, clock: () => now });
  });
  afterAll(async () => {
    await stack.close();
  });

  /** A request as if from `address` (what @hono/node-server puts in the env). */
  function fromAddress(address: string, path: string, key?: string) {
    const env = { incoming: { socket: { remoteAddress: address } } } as unknown as AppEnv['Bindings'];
    return stack.app.request(path, init('GET', key ? { key } : {}), env);
  }

  it('answers 429 with Retry-After past the burst, recovers after the refill, and spares other keys', async () => {
    now = 10_000;
    for (let index = 0; index < 3; index += 1) {
      expect((await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator })).status).toBe(200);
    }
    const refused = await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 1 });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe('3');

    // Another key of the same scope has its own bucket.
    expect((await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator2 })).status).toBe(200);

    // Half a token is not enough; a whole one is.
    now += 500;
    expect((await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator })).status).toBe(429);
    now += 500;
    expect((await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator })).status).toBe(200);
    expect((await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator })).status).toBe(429);
  });

  it('limits requests without a valid key by address, and each address apart', async () => {
    now = 100_000;
    const statuses = async (address: string, key?: string) => {
      const results: number[] = [];
      for (let index = 0; index < 4; index += 1) {
        results.push((await fromAddress(address, '/v1/handoffs', key)).status);
      }
      return results;
    };
    expect(await statuses('192.0.2.1')).toEqual([401, 401, 401, 429]);
    // An unknown key spends its address's bucket: inventing keys does not buy fresh buckets.
    expect(await statuses('192.0.2.2', 'bk_not_a_real_key')).toEqual([401, 401, 401, 429]);
    expect((await fromAddress('192.0.2.3', '/v1/handoffs')).status).toBe(401);
    // A valid key from an exhausted address spends the key's bucket, not the address's.
    expect((await fromAddress('192.0.2.1', '/v1/handoffs', stack.keys.admin)).status).toBe(200);
  });

  it('never limits the health checks', async () => {
    now = 200_000;
    for (let index = 0; index < 10; index += 1) {
      expect((await fromAddress('192.0.2.9', '/healthz')).status).toBe(200);
      expect((await fromAddress('192.0.2.9', '/readyz')).status).toBe(200);
    }
  });

  it('looks the key up once per request', async () => {
    now = 300_000;
    const authenticate = vi.spyOn(stack.service, 'checkKey');
    try {
      expect((await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.agent2 })).status).toBe(403);
      expect(authenticate).toHaveBeenCalledTimes(1);
    } finally {
      authenticate.mockRestore();
    }
  });
});

describe('the token buckets', () => {
  it('forget buckets that have refilled, and keep at most maxBuckets', () => {
    const buckets = new TokenBuckets({ perSecond: 10, burst: 20, maxBuckets: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) buckets.take(name, 0);
    expect(buckets.size).toBe(3);
    // The least recently used went first: `a` starts over with a full bucket.
    expect(buckets.take('a', 0).remaining).toBe(19);
    // Two seconds refill a bucket of 20 at 10/s: every idle bucket is dropped on the next sweep.
    buckets.take('z', 2_000);
    expect(buckets.size).toBe(1);
  });

  it('round Retry-After up to whole seconds, and ignore a clock that steps back', () => {
    const buckets = new TokenBuckets({ perSecond: 0.5, burst: 1 });
    expect(buckets.take('k', 1_000).allowed).toBe(true);
    expect(buckets.take('k', 1_000)).toMatchObject({ allowed: false, retryAfterSeconds: 2 });
    expect(buckets.take('k', 0)).toMatchObject({ allowed: false, retryAfterSeconds: 2 });
    expect(buckets.take('k', 3_000).allowed).toBe(true);
  });
});

describe('BATON_RATE_LIMIT', () => {
  it('parses a rate, a rate with a burst, and 0 as off', () => {
    expect(readConfig({}).rateLimit).toEqual(CONFIG_DEFAULTS.rateLimit);
    expect(readConfig({ BATON_RATE_LIMIT: '50' }).rateLimit).toEqual({ perSecond: 50, burst: 200 });
    expect(readConfig({ BATON_RATE_LIMIT: '50:100' }).rateLimit).toEqual({ perSecond: 50, burst: 100 });
    expect(readConfig({ BATON_RATE_LIMIT: '0' }).rateLimit).toBeNull();
    for (const bad of ['fast', '-1', '50:0', '50:', '1e3']) {
      expect(() => parseRateLimit(bad), bad).toThrow(ConfigError);
    }
  });

  it('0 turns it off: the same load that a small limit refuses all passes', async () => {
    const refusedWith = async (value: string) => {
      const rateLimit = readConfig({ BATON_RATE_LIMIT: value }).rateLimit;
      const stack = await createStack('pglite', { rateLimit, clock: () => 0 });
      try {
        let refused = 0;
        for (let index = 0; index < 30; index += 1) {
          const { status } = await call(stack.app, 'GET', '/v1/handoffs', { key: stack.keys.operator });
          if (status === 429) refused += 1;
        }
        return refused;
      } finally {
        await stack.close();
      }
    };
    expect(await refusedWith('1:3')).toBe(27);
    expect(await refusedWith('0')).toBe(0);
  });
});
