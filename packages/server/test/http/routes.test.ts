/** Every route in process (`app.request`), on a real service over PGlite: statuses and shapes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BatonEvent,
  ConversationView,
  CreatedKey,
  Handoff,
  HandoffList,
  Note,
  PolicyRecord,
  RequestHandoffResponse,
  StoredTurn,
  TurnResult,
} from '@baton/sdk';
import { call, createStack, readSse, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack.close();
});

const turn = (text: string, role = 'customer') => ({ role, text });

async function requestHandoff(conversationId: string, reason = 'needs a person'): Promise<Handoff> {
  await call(stack.app, 'POST', `/v1/conversations/${conversationId}/turns`, {
    key: stack.keys.agent,
    body: turn('hello'),
  });
  const response = await call<RequestHandoffResponse>(
    stack.app,
    'POST',
    `/v1/conversations/${conversationId}/handoff`,
    {
      key: stack.keys.agent,
      body: { reason, priority: 'high' },
    },
  );
  expect(response.status).toBe(201);
  return response.body.handoff;
}

describe('conversation routes', () => {
  it('POST turns creates the conversation and answers with the decision', async () => {
    const response = await call<TurnResult>(stack.app, 'POST', '/v1/conversations/route-1/turns', {
      key: stack.keys.agent,
      body: { ...turn('Where is my parcel?'), customer: { name: 'Lin', tier: 'gold' } },
    });
    expect(response.status).toBe(201);
    expect(response.body.turn).toMatchObject({ conversationId: 'route-1', seq: 0, role: 'customer' });
    expect(response.body.decision).toMatchObject({ action: 'continue', firings: expect.any(Array) });
    expect(response.body.conversation).toMatchObject({
      id: 'route-1',
      owner: 'agent',
      customer: { name: 'Lin' },
    });
    expect(response.body).toMatchObject({ handoff: null, agentShouldReply: true, returnNote: null });
  });

  it('a retried Idempotency-Key returns the first answer; another body with it is refused', async () => {
    const options = {
      key: stack.keys.agent,
      body: turn('Is it shipped?'),
      headers: { 'idempotency-key': 'k-1' },
    };
    const first = await stack.app.request('/v1/conversations/route-1/turns', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.key}`,
        'content-type': 'application/json',
        ...options.headers,
      },
      body: JSON.stringify(options.body),
    });
    const firstText = await first.text();
    const second = await call<TurnResult>(stack.app, 'POST', '/v1/conversations/route-1/turns', options);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(JSON.parse(firstText)));
    const view = await call<ConversationView>(stack.app, 'GET', '/v1/conversations/route-1', {
      key: stack.keys.agent,
    });
    expect(view.body.turns.filter((stored) => stored.text === 'Is it shipped?')).toHaveLength(1);
    const conflict = await call(stack.app, 'POST', '/v1/conversations/route-1/turns', {
      ...options,
      body: turn('Something else'),
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body.code).toBe('idempotency_conflict');
  });

  it('GET a conversation: the whole thread, for its agent and for operators', async () => {
    for (const key of [stack.keys.agent, stack.keys.operator]) {
      const response = await call<ConversationView>(stack.app, 'GET', '/v1/conversations/route-1', { key });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: 'route-1',
        status: 'active',
        owner: 'agent',
        handoffs: [],
        notes: [],
      });
      expect(response.body.turns.map((stored) => stored.seq)).toEqual([0, 1]);
    }
  });

  it('POST handoff queues a handoff and says what to tell the customer', async () => {
    const handoff = await requestHandoff('route-2');
    expect(handoff).toMatchObject({
      conversationId: 'route-2',
      status: 'queued',
      priority: 'high',
      trigger: 'agent_requested',
      reason: 'needs a person',
    });
    const again = await call(stack.app, 'POST', '/v1/conversations/route-2/handoff', {
      key: stack.keys.agent,
      body: { reason: 'again' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('handoff_open');
  });
});

describe('handoff routes', () => {
  it('lists the queue by priority and reads one handoff', async () => {
    const handoff = await requestHandoff('route-3');
    const list = await call<HandoffList>(stack.app, 'GET', '/v1/handoffs?status=queued', {
      key: stack.keys.operator,
    });
    expect(list.status).toBe(200);
    expect(list.body.handoffs.map((each) => each.id)).toContain(handoff.id);
    expect(list.body.handoffs.every((each) => each.status === 'queued')).toBe(true);
    const one = await call<Handoff>(stack.app, 'GET', `/v1/handoffs/${handoff.id}`, {
      key: stack.keys.operator,
    });
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(handoff.id);
    const none = await call<HandoffList>(stack.app, 'GET', '/v1/handoffs?queue=fraud', {
      key: stack.keys.operator,
    });
    expect(none.body.handoffs).toEqual([]);
  });

  it('claim, reply, note, transfer, claim, return: every move answers with its record', async () => {
    const handoff = await requestHandoff('route-4');
    const presence = await call(stack.app, 'POST', '/v1/presence', {
      key: stack.keys.operator,
      body: { status: 'online', queues: ['general', 'billing'] },
    });
    expect(presence.status).toBe(204);

    const claimed = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${handoff.id}/claim`, {
      key: stack.keys.operator,
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', claimedBy: 'Ada' });
    const lost = await call(stack.app, 'POST', `/v1/handoffs/${handoff.id}/claim`, {
      key: stack.keys.operator2,
    });
    expect(lost.status).toBe(409);
    expect(lost.body.code).toBe('already_claimed');

    const reply = await call<StoredTurn>(stack.app, 'POST', `/v1/handoffs/${handoff.id}/messages`, {
      key: stack.keys.operator,
      body: { text: 'Hi, I am Ada. Let me look.' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ role: 'operator', author: 'Ada', conversationId: 'route-4' });

    const note = await call<Note>(stack.app, 'POST', `/v1/handoffs/${handoff.id}/notes`, {
      key: stack.keys.operator,
      body: { text: 'Customer is polite; parcel lost in transit.' },
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'internal', author: 'Ada' });

    const transferred = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${handoff.id}/transfer`, {
      key: stack.keys.operator,
      body: { queue: 'billing', note: 'Refund question' },
    });
    expect(transferred.status).toBe(200);
    expect(transferred.body).toMatchObject({ queue: 'billing', status: 'queued' });

    const next = transferred.body.id;
    expect(
      (await call(stack.app, 'POST', `/v1/handoffs/${next}/claim`, { key: stack.keys.operator2 })).status,
    ).toBe(200);
    const returned = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${next}/return`, {
      key: stack.keys.operator2,
      body: { note: 'Refund issued; tell them it takes 3 days.' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');

    const after = await call<TurnResult>(stack.app, 'POST', '/v1/conversations/route-4/turns', {
      key: stack.keys.agent,
      body: turn('Thanks! So what now?'),
    });
    expect(after.body).toMatchObject({
      agentShouldReply: true,
      returnNote: 'Refund issued; tell them it takes 3 days.',
    });

    const view = await call<ConversationView>(stack.app, 'GET', '/v1/conversations/route-4', {
      key: stack.keys.operator,
    });
    expect(view.body.notes.map((each) => each.kind)).toEqual(['internal', 'transfer', 'return']);
  });

  it('resolve with an outcome; an invalid move is a 409 with a stable code', async () => {
    const handoff = await requestHandoff('route-5');
    const early = await call(stack.app, 'POST', `/v1/handoffs/${handoff.id}/resolve`, {
      key: stack.keys.operator,
      body: { resolved: true, warranted: true },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('invalid_transition');
    await call(stack.app, 'POST', `/v1/handoffs/${handoff.id}/claim`, { key: stack.keys.operator });
    const outcome = {
      resolved: true,
      warranted: true,
      rightReason: true,
      customerRepeated: false,
      notes: 'done',
    };
    const resolved = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${handoff.id}/resolve`, {
      key: stack.keys.operator,
      body: outcome,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome });
    const invalid = await call(stack.app, 'POST', `/v1/handoffs/${handoff.id}/resolve`, {
      key: stack.keys.operator,
      body: { resolved: 'yes' },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors ?? []).map((each) => each.path).sort()).toEqual([
      'body.resolved',
      'body.warranted',
    ]);
  });

  it('abandon (body optional) and callback record what the customer did', async () => {
    const first = await requestHandoff('route-6');
    const abandoned = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${first.id}/abandon`, {
      key: stack.keys.agent,
    });
    expect(abandoned.status).toBe(200);
    expect(abandoned.body.status).toBe('abandoned');

    const second = await requestHandoff('route-7');
    // Object-level authorisation: another agent's key does not see this handoff at all.
    const foreign = await call(stack.app, 'POST', `/v1/handoffs/${second.id}/callback`, {
      key: stack.keys.agent2,
      body: { phone: '+1 555 0100' },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('handoff_not_found');
    const empty = await call(stack.app, 'POST', `/v1/handoffs/${second.id}/callback`, {
      key: stack.keys.agent,
      body: {},
    });
    expect(empty.status).toBe(400);
    const callback = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${second.id}/callback`, {
      key: stack.keys.agent,
      body: { phone: '+44 20 7946 0000', message: 'Call after 5pm' },
    });
    expect(callback.status).toBe(200);
    expect(callback.body.callback).toEqual({ phone: '+44 20 7946 0000', message: 'Call after 5pm' });
    const withReason = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${second.id}/abandon`, {
      key: stack.keys.operator,
      body: { reason: 'left the chat' },
    });
    expect(withReason.body.status).toBe('abandoned');
  });
});

describe('policy, keys and events', () => {
  it('GET and PUT the policy; the next decision records the new version', async () => {
    const current = await call<PolicyRecord>(stack.app, 'GET', '/v1/policy', { key: stack.keys.operator });
    expect(current.status).toBe(200);
    const document = { ...(current.body.document as object), version: 'http-test-2' };
    const put = await call<PolicyRecord>(stack.app, 'PUT', '/v1/policy', {
      key: stack.keys.admin,
      body: document,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 'http-test-2', createdBy: 'root' });
    expect(
      (await call<PolicyRecord>(stack.app, 'GET', '/v1/policy', { key: stack.keys.operator })).body.version,
    ).toBe('http-test-2');
    const next = await call<TurnResult>(stack.app, 'POST', '/v1/conversations/route-8/turns', {
      key: stack.keys.agent,
      body: turn('hello'),
    });
    expect(next.body.decision.policyVersion).toBe('http-test-2');
  });

  it('POST keys makes a working key, shown once', async () => {
    const created = await call<CreatedKey>(stack.app, 'POST', '/v1/keys', {
      key: stack.keys.admin,
      body: { scope: 'agent' },
    });
    expect(created.status).toBe(201);
    expect(created.body.record).toMatchObject({ scope: 'agent', name: 'agent key', revokedAt: null });
    const used = await call(stack.app, 'POST', '/v1/conversations/route-9/turns', {
      key: created.body.key,
      body: turn('hi'),
    });
    expect(used.status).toBe(201);
  });

  it('GET events streams in process too, filtered by conversation, each with its id', async () => {
    const response = await stack.app.request('/v1/events?conversation=route-4&from=oldest', {
      headers: { authorization: `Bearer ${stack.keys.operator}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const seen: BatonEvent[] = [];
    for await (const message of readSse(response.body!)) {
      const event = JSON.parse(message.data) as BatonEvent;
      expect(message.id).toBe(event.id);
      seen.push(event);
      if (event.type === 'handoff-returned') break;
    }
    expect(seen.every((event) => event.conversationId === 'route-4')).toBe(true);
    expect(seen.map((event) => event.type)).toContain('handoff-claimed');
  });
});
