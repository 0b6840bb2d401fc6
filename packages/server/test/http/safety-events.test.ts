/**
 * Safety events over real HTTP: the event stream carries `handoff-escalated` (a waiting handoff made
 * urgent, first in the queue) and `safety-alert-raised` (an owned conversation), each valid against
 * the sdk's wire schema, so consoles, the sdk and webhooks read them like any other event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSchema, type Handoff, type RequestHandoffResponse } from '@baton/sdk';
import { createStack, listen, readSse, type Stack } from './helpers.ts';

describe.each(['pglite', 'postgres'] as const)('safety events on %s', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    stack = await createStack(backend, { heartbeatMs: 100 });
    server = await listen(stack.app);
  });
  afterAll(async () => {
    await server.close();
    await stack.close();
  });

  async function call(method: string, path: string, key: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBeLessThan(300);
    return response.json();
  }

  /** The types of the conversation's events, read from the SSE stream until `last` arrives. */
  async function streamTypes(conversationId: string, last: string): Promise<string[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    const types: string[] = [];
    try {
      const response = await fetch(`${server.url}/v1/events?conversation=${conversationId}&from=oldest`, {
        headers: { authorization: `Bearer ${stack.keys.operator}` },
        signal: controller.signal,
      });
      for await (const message of readSse(response.body!)) {
        const event = EventSchema.parse(JSON.parse(message.data));
        types.push(event.type);
        if (event.type === last) break;
      }
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return types;
  }

  async function waiting(conversationId: string): Promise<Handoff> {
    await call('POST', `/v1/conversations/${conversationId}/turns`, stack.keys.agent, {
      role: 'customer',
      text: 'hello',
    });
    const requested = (await call('POST', `/v1/conversations/${conversationId}/handoff`, stack.keys.agent, {
      reason: 'help',
    })) as RequestHandoffResponse;
    return requested.handoff;
  }

  it('streams handoff-escalated for a waiting handoff, which the queue then lists first', async () => {
    const earlier = await waiting('safe-earlier');
    const later = await waiting('safe-later');
    await call('POST', '/v1/conversations/safe-later/turns', stack.keys.agent, {
      role: 'customer',
      text: 'I want to end my life',
    });
    expect(await streamTypes('safe-later', 'handoff-escalated')).toContain('handoff-escalated');
    const queue = (await call('GET', '/v1/handoffs?status=queued', stack.keys.operator)) as {
      handoffs: Handoff[];
    };
    expect(queue.handoffs.map((handoff) => [handoff.id, handoff.priority])).toEqual([
      [later.id, 'urgent'],
      [earlier.id, 'normal'],
    ]);
  });

  it('streams safety-alert-raised while an operator owns the conversation', async () => {
    const handoff = await waiting('safe-owned');
    await call('POST', `/v1/handoffs/${handoff.id}/claim`, stack.keys.operator);
    await call('POST', '/v1/conversations/safe-owned/turns', stack.keys.agent, {
      role: 'customer',
      text: 'i just want to hurt myself',
    });
    const types = await streamTypes('safe-owned', 'safety-alert-raised');
    expect(types.slice(-2)).toEqual(['turn-created', 'safety-alert-raised']);
  });
});
