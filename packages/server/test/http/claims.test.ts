/** Concurrent claims over HTTP: of the operators claiming one handoff at once, exactly one wins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handoff, RequestHandoffResponse } from '@baton/sdk';
import { createStack, listen, type Stack } from './helpers.ts';

describe.each(['pglite', 'postgres'] as const)('concurrent claims on %s', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    stack = await createStack(backend);
    server = await listen(stack.app);
  });
  afterAll(async () => {
    await server.close();
    await stack.close();
  });

  async function post(path: string, key: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('gives each handoff to exactly one of two operators; the other gets 409 already_claimed', async () => {
    for (let round = 0; round < 10; round++) {
      const conversation = `claim-${backend}-${round}`;
      await post(`/v1/conversations/${conversation}/turns`, stack.keys.agent, {
        role: 'customer',
        text: 'hi',
      });
      const requested = await post(`/v1/conversations/${conversation}/handoff`, stack.keys.agent, {
        reason: 'help',
      });
      const path = `/v1/handoffs/${(requested.body as RequestHandoffResponse).handoff.id}/claim`;
      const results = await Promise.all([post(path, stack.keys.operator), post(path, stack.keys.operator2)]);
      const statuses = results.map((result) => result.status).sort();
      expect(statuses).toEqual([200, 409]);
      const loser = results.find((result) => result.status === 409)!;
      expect(loser.body).toMatchObject({
        code: 'already_claimed',
        type: 'urn:baton:problem:already_claimed',
      });
      const winner = results.find((result) => result.status === 200)!;
      expect(['Ada', 'Grace']).toContain((winner.body as Handoff).claimedBy);
    }
  });
});
