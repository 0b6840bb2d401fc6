/**
 * `Idempotency-Key` on the operator's writes over real HTTP: a retried reply answers byte for byte
 * what the first did and reaches the customer once; the same key with another body is a 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, RequestHandoffResponse } from '@baton/sdk';
import { createStack, listen, type Stack } from './helpers.ts';

describe.each(['pglite', 'postgres'] as const)('operator writes with Idempotency-Key on %s', (backend) => {
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

  async function post(path: string, key: string, body?: unknown, idempotencyKey?: string) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, text: await response.text() };
  }

  it('replays claim, reply and note byte for byte, stores each once, and refuses a reused key', async () => {
    await post('/v1/conversations/idem-http/turns', stack.keys.agent, { role: 'customer', text: 'hi' });
    const requested = await post('/v1/conversations/idem-http/handoff', stack.keys.agent, { reason: 'help' });
    const handoffId = (JSON.parse(requested.text) as RequestHandoffResponse).handoff.id;

    const writes: [string, unknown, number][] = [
      ['claim', undefined, 200],
      ['messages', { text: 'On it.' }, 201],
      ['notes', { text: 'Checked the order.' }, 201],
    ];
    for (const [route, body, status] of writes) {
      const first = await post(`/v1/handoffs/${handoffId}/${route}`, stack.keys.operator, body, `k-${route}`);
      const again = await post(`/v1/handoffs/${handoffId}/${route}`, stack.keys.operator, body, `k-${route}`);
      expect(first.status).toBe(status);
      expect(again.status).toBe(status);
      expect(again.text).toBe(first.text);
    }
    const conflict = await post(
      `/v1/handoffs/${handoffId}/messages`,
      stack.keys.operator,
      { text: 'Other.' },
      'k-messages',
    );
    expect(conflict.status).toBe(422);
    expect(JSON.parse(conflict.text)).toMatchObject({ code: 'idempotency_conflict' });

    const view = await fetch(`${server.url}/v1/conversations/idem-http`, {
      headers: { authorization: `Bearer ${stack.keys.operator}` },
    });
    const conversation = (await view.json()) as ConversationView;
    expect(conversation.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['customer', 'hi'],
      ['operator', 'On it.'],
    ]);
    expect(conversation.notes.map((note) => note.text)).toEqual(['Checked the order.']);
  });
});
