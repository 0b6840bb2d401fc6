/**
 * `GET /v1/me`: any valid key learns who it belongs to (id, scope, holder, expiry), which is how a
 * console knows its operator by name and what to offer; a revoked key learns nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createStack, type Stack } from './helpers.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack.close();
});

const keyIdOf = (key: string) => /^bk_([^_]+)_/.exec(key)![1];

describe('GET /v1/me', () => {
  it('names the holder and scope of every kind of key', async () => {
    for (const [key, scope, name] of [
      [stack.keys.agent, 'agent', 'support bot'],
      [stack.keys.operator, 'operator', 'Ada'],
      [stack.keys.admin, 'admin', 'root'],
    ] as const) {
      const response = await call(stack.app, 'GET', '/v1/me', { key });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ keyId: keyIdOf(key), scope, name, expiresAt: null });
    }
  });

  it("gives a key's expiry, and refuses the key once revoked", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await stack.service.createKey({ scope: 'operator', name: 'Lin', expiresAt });
    const before = await call(stack.app, 'GET', '/v1/me', { key: created.key });
    expect(before.body).toMatchObject({ name: 'Lin', scope: 'operator', expiresAt });

    await stack.service.revokeKey(created.record.id);
    const after = await call(stack.app, 'GET', '/v1/me', { key: created.key });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'key_revoked' });
  });
});
