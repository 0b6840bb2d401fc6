/**
 * The console's follow-up and search routes over HTTP: operators only, bad input answered with
 * problem+json and a stable code, "mark done" recorded once with who did it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationHit, FollowUp, TurnResult } from '@baton/sdk';
import { call, createStack, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack.close();
});

it('lists a callback, marks it done once, and finds the conversation by its words', async () => {
  const conversation = `conv-follow-${Date.now()}`;
  const turn = await call<TurnResult>(stack.app, 'POST', `/v1/conversations/${conversation}/turns`, {
    key: stack.keys.agent,
    body: { role: 'customer', text: 'My kettle whistles oddly, I want to talk to a real person now.' },
  });
  const handoffId = turn.body.handoff!.id;
  await call(stack.app, 'POST', `/v1/handoffs/${handoffId}/callback`, {
    key: stack.keys.agent,
    body: { phone: '+31 20 555 0101' },
  });

  const open = await call<{ followUps: FollowUp[] }>(stack.app, 'GET', '/v1/follow-ups', {
    key: stack.keys.operator,
  });
  expect(open.status).toBe(200);
  expect(open.body.followUps.find((item) => item.handoff.id === handoffId)).toMatchObject({
    kind: 'callback',
    done: null,
    handoff: { callback: { phone: '+31 20 555 0101' } },
  });
  const done = await call<FollowUp>(stack.app, 'POST', `/v1/follow-ups/${handoffId}/done`, {
    key: stack.keys.operator2,
  });
  expect(done.status).toBe(200);
  expect(done.body.done?.by).toBe('Grace');
  const again = await call<FollowUp>(stack.app, 'POST', `/v1/follow-ups/${handoffId}/done`, {
    key: stack.keys.operator,
  });
  expect(again.body.done).toEqual(done.body.done);

  const found = await call<{ hits: ConversationHit[] }>(
    stack.app,
    'GET',
    '/v1/search/conversations?q=KETTLE%20whistles',
    { key: stack.keys.operator },
  );
  expect(found.status).toBe(200);
  expect(found.body.hits.map((hit) => hit.conversationId)).toEqual([conversation]);
});

it('answers bad input and the wrong key with problem+json, never a 500', async () => {
  const short = await call(stack.app, 'GET', '/v1/search/conversations?q=a', { key: stack.keys.operator });
  expect(short.status).toBe(400);
  expect(short.headers.get('content-type')).toContain('application/problem+json');
  expect(short.body.code).toBe('invalid_request');
  const state = await call(stack.app, 'GET', '/v1/follow-ups?state=later', { key: stack.keys.operator });
  expect(state.status).toBe(400);
  expect(state.body.code).toBe('invalid_request');
  const missing = await call(stack.app, 'POST', '/v1/follow-ups/ho_nope/done', { key: stack.keys.operator });
  expect(missing.status).toBe(404);
  expect(missing.body.code).toBe('handoff_not_found');
  const agent = await call(stack.app, 'GET', '/v1/follow-ups', { key: stack.keys.agent });
  expect(agent.status).toBe(403);
  const nobody = await call(stack.app, 'GET', '/v1/search/conversations?q=kettle');
  expect(nobody.status).toBe(401);
});
