/** The brief over HTTP: JSON by default, Markdown on request, masked either way; operators only. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TurnResult } from '@baton/sdk';
import { call, createStack, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack.close();
});

it('serves the brief as JSON and as Markdown, masked', async () => {
  const conversation = `conv-brief-${Date.now()}`;
  await call(stack.app, 'POST', `/v1/conversations/${conversation}/turns`, {
    key: stack.keys.agent,
    body: {
      role: 'customer',
      text: 'Order 4471-983 never came. Card 4111 1111 1111 1111 was charged twice.',
    },
  });
  const escalated = await call<TurnResult>(stack.app, 'POST', `/v1/conversations/${conversation}/turns`, {
    key: stack.keys.agent,
    body: { role: 'customer', text: 'I want to talk to a real person now.' },
  });
  const handoffId = escalated.body.handoff!.id;

  const json = await call<{ facts: { type: string; value: string }[] }>(
    stack.app,
    'GET',
    `/v1/handoffs/${handoffId}/brief`,
    {
      key: stack.keys.operator,
    },
  );
  expect(json.status).toBe(200);
  expect(json.body.facts).toContainEqual(expect.objectContaining({ type: 'order_id', value: '4471-983' }));

  const markdown = await stack.app.request(`/v1/handoffs/${handoffId}/brief?format=markdown`, {
    headers: { authorization: `Bearer ${stack.keys.operator}` },
  });
  expect(markdown.status).toBe(200);
  expect(markdown.headers.get('content-type')).toContain('text/markdown');
  const text = await markdown.text();
  expect(text).toContain('4471-983');
  expect(text).not.toContain('4111 1111 1111 1111');

  const asAgent = await call(stack.app, 'GET', `/v1/handoffs/${handoffId}/brief`, { key: stack.keys.agent });
  expect(asAgent.status).toBe(403);
  const missing = await call(stack.app, 'GET', `/v1/handoffs/nope/brief`, { key: stack.keys.operator });
  expect(missing.status).toBe(404);
});
