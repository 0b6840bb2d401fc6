/**
 * The collaboration routes on PGlite and PostgreSQL: typing indicators both ways (ephemeral: never
 * in the events table, expiring by the injected clock, rate-limited per conversation), assigning a
 * handoff to a present colleague under routing's rules, a lead's take-over, and bulk moves with a
 * result per handoff and idempotent retries. On PostgreSQL, an indicator posted on one instance
 * reaches the listeners of another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assignee, BulkResult, Handoff, RequestHandoffResponse, TypingState } from '@baton/sdk';
import { createService } from '../../src/service/create-service.ts';
import type { TypingSignal } from '../../src/service/typing-hub.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { SKIP_POSTGRES } from '../postgres-server.ts';
import { testClock, uniqueId, type TestClock } from '../service/harness.ts';
import { call, createStack, freshPostgresDatabase, readSse, type SseMessage, type Stack } from './helpers.ts';

const backends = (SKIP_POSTGRES ? ['pglite'] : ['pglite', 'postgres']) as ('pglite' | 'postgres')[];

/** The next SSE message with data that `accept` takes, from an open stream. */
async function nextData<T>(
  messages: AsyncGenerator<SseMessage>,
  accept: (data: T) => boolean = () => true,
): Promise<T> {
  for (;;) {
    const { value, done } = await messages.next();
    if (done) throw new Error('the stream ended');
    const data = JSON.parse(value.data) as T;
    if (accept(data)) return data;
  }
}

describe.each(backends)('collaboration on %s', (backend) => {
  let stack: Stack;
  let clock: TestClock;
  const ids: Record<'ada' | 'grace' | 'root', string> = { ada: '', grace: '', root: '' };

  beforeAll(async () => {
    clock = testClock(new Date().toISOString());
    stack = await createStack(backend, { now: clock.now, heartbeatMs: 60_000 });
    for (const [name, key] of [
      ['ada', stack.keys.operator],
      ['grace', stack.keys.operator2],
      ['root', stack.keys.admin],
    ] as const) {
      ids[name] = (await stack.service.authenticate(key))!.keyId;
    }
  }, 60_000);
  afterAll(async () => {
    await stack.close();
  });

  async function handoff(): Promise<Handoff> {
    const conversationId = uniqueId('collab');
    await call(stack.app, 'POST', `/v1/conversations/${conversationId}/turns`, {
      key: stack.keys.agent,
      body: { role: 'customer', text: 'hello' },
    });
    const response = await call<RequestHandoffResponse>(
      stack.app,
      'POST',
      `/v1/conversations/${conversationId}/handoff`,
      { key: stack.keys.agent, body: { reason: 'needs a person', priority: 'high' } },
    );
    expect(response.status).toBe(201);
    return response.body.handoff;
  }

  const online = (key: string, extra: Record<string, unknown> = {}) =>
    call(stack.app, 'POST', '/v1/presence', { key, body: { status: 'online', ...extra } });
  const claim = (key: string, id: string) =>
    call<Handoff>(stack.app, 'POST', `/v1/handoffs/${id}/claim`, { key });

  it("streams the customer's typing to operators, and nothing reaches the events table", async () => {
    const { id, conversationId } = await handoff();
    const stream = await stack.app.request('/v1/typing', {
      headers: { authorization: `Bearer ${stack.keys.operator}` },
    });
    expect(stream.status).toBe(200);
    const messages = readSse(stream.body!);
    const before = await stack.service.events({ conversationId });

    const posted = await call<TypingState>(stack.app, 'POST', `/v1/conversations/${conversationId}/typing`, {
      key: stack.keys.agent,
      body: { typing: true },
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ who: 'customer', typing: true, handoffId: id, expiresInMs: 6_000 });
    const heard = await nextData<TypingState>(messages, (data) => data.conversationId === conversationId);
    expect(heard).toMatchObject({ who: 'customer', typing: true, handoffId: id });

    // A customer token works too; another agent's key does not see the conversation.
    const token = (
      await call<{ token: string }>(stack.app, 'POST', `/v1/conversations/${conversationId}/customer-token`, {
        key: stack.keys.agent,
        body: { ttlSeconds: 600 },
      })
    ).body.token;
    const stop = await call(stack.app, 'POST', `/v1/conversations/${conversationId}/typing?token=${token}`, {
      body: { typing: false },
    });
    expect(stop.status).toBe(202);
    expect(
      await nextData<TypingState>(messages, (data) => data.conversationId === conversationId),
    ).toMatchObject({
      typing: false,
    });
    const foreign = await call(stack.app, 'POST', `/v1/conversations/${conversationId}/typing`, {
      key: stack.keys.agent2,
      body: { typing: true },
    });
    expect(foreign.status).toBe(404);
    const badToken = await call(
      stack.app,
      'POST',
      `/v1/conversations/${conversationId}/typing?token=ct_nope`,
      {
        body: { typing: true },
      },
    );
    expect(badToken.status).toBe(401);
    const badBody = await call(stack.app, 'POST', `/v1/conversations/${conversationId}/typing`, {
      key: stack.keys.agent,
      body: { typing: 'yes' },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.code).toBe('invalid_request');

    expect(await stack.service.events({ conversationId })).toEqual(before);
    await messages.return(undefined);
  });

  it("sends the owner's typing to the customer stream as operator-typing, and refuses anyone else's", async () => {
    const { id, conversationId } = await handoff();
    const queued = await call(stack.app, 'POST', `/v1/handoffs/${id}/typing`, {
      key: stack.keys.operator,
      body: { typing: true },
    });
    expect(queued.body.code).toBe('invalid_transition');
    expect((await claim(stack.keys.operator, id)).status).toBe(200);
    const customer = await stack.app.request(`/v1/conversations/${conversationId}/customer-events?from=now`, {
      headers: { authorization: `Bearer ${stack.keys.agent}` },
    });
    expect(customer.status).toBe(200);
    const messages = readSse(customer.body!);

    const other = await call(stack.app, 'POST', `/v1/handoffs/${id}/typing`, {
      key: stack.keys.operator2,
      body: { typing: true },
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('not_owner');
    const typing = await call(stack.app, 'POST', `/v1/handoffs/${id}/typing`, {
      key: stack.keys.operator,
      body: { typing: true },
    });
    expect(typing.status).toBe(202);
    const event = await nextData<{
      type: string;
      id: string | null;
      message: string;
      data: Record<string, unknown>;
    }>(messages, (data) => data.type === 'operator-typing');
    expect(event).toMatchObject({
      id: null,
      message: 'Ada is typing…',
      data: { operatorName: 'Ada', typing: true, expiresInMs: 6_000 },
    });
    await messages.return(undefined);
  });

  it('ends an indicator by itself after its time, by the injected clock', async () => {
    const { conversationId } = await handoff();
    await call(stack.app, 'POST', `/v1/conversations/${conversationId}/typing`, {
      key: stack.keys.agent,
      body: { typing: true },
    });
    expect(stack.service.currentTyping(conversationId)).toHaveLength(1);
    clock.advance(5_999);
    expect(stack.service.currentTyping(conversationId)).toMatchObject([{ expiresInMs: 1 }]);
    clock.advance(1);
    expect(stack.service.currentTyping(conversationId)).toEqual([]);
    // A stream opened now gets no snapshot of it.
    const stream = await stack.app.request(`/v1/typing?conversation=${conversationId}`, {
      headers: { authorization: `Bearer ${stack.keys.operator}` },
    });
    const reader = readSse(stream.body!);
    await call(stack.app, 'POST', `/v1/conversations/${conversationId}/typing`, {
      key: stack.keys.agent,
      body: { typing: false },
    });
    // The first message is the stop just posted, not the expired start.
    expect(await nextData<TypingState>(reader)).toMatchObject({ typing: false });
    await reader.return(undefined);
  });

  it('rate-limits typing posts per conversation', async () => {
    const { conversationId } = await handoff();
    const post = () =>
      call(stack.app, 'POST', `/v1/conversations/${conversationId}/typing`, {
        key: stack.keys.agent,
        body: { typing: true },
      });
    for (let index = 0; index < 10; index++) expect((await post()).status).toBe(202);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another conversation is not held back.
    const { conversationId: other } = await handoff();
    expect(
      (
        await call(stack.app, 'POST', `/v1/conversations/${other}/typing`, {
          key: stack.keys.agent,
          body: { typing: true },
        })
      ).status,
    ).toBe(202);
    clock.advance(10_000);
    expect((await post()).status).toBe(202);
  });

  it('assigns to a present colleague under the routing rules, idempotently, with an audit event', async () => {
    await online(stack.keys.operator);
    await online(stack.keys.operator2, { capacity: 1 });
    const { id, conversationId } = await handoff();
    expect((await claim(stack.keys.operator, id)).status).toBe(200);

    const listed = await call<{ assignees: Assignee[] }>(stack.app, 'GET', `/v1/handoffs/${id}/assignees`, {
      key: stack.keys.operator,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.assignees).toContainEqual(
      expect.objectContaining({ keyId: ids.grace, name: 'Grace', refusal: null, load: 0, capacity: 1 }),
    );
    expect(listed.body.assignees.map((assignee) => assignee.keyId)).not.toContain(ids.ada);

    // Only the owner may give it away.
    const stranger = await call(stack.app, 'POST', `/v1/handoffs/${id}/assign`, {
      key: stack.keys.operator2,
      body: { operator: ids.grace },
    });
    expect(stranger.body.code).toBe('not_owner');

    const headers = { 'idempotency-key': uniqueId('assign') };
    const assigned = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${id}/assign`, {
      key: stack.keys.operator,
      body: { operator: ids.grace, note: 'She knows refunds.' },
      headers,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'claimed', claimedBy: 'Grace' });
    const again = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${id}/assign`, {
      key: stack.keys.operator,
      body: { operator: ids.grace, note: 'She knows refunds.' },
      headers,
    });
    expect(again.body).toEqual(assigned.body);
    const events = (await stack.service.events({ conversationId })).filter(
      (event) => event.type === 'handoff-assigned',
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ claimedBy: 'Grace', assignedBy: 'Ada', previousOwner: 'Ada' });

    // The previous owner cannot reply any more; the colleague can.
    const reply = (key: string) =>
      call(stack.app, 'POST', `/v1/handoffs/${id}/messages`, { key, body: { text: 'Hello there' } });
    expect((await reply(stack.keys.operator)).body.code).toBe('not_owner');
    expect((await reply(stack.keys.operator2)).status).toBe(201);

    // Grace is at capacity now; a second handoff cannot go to her.
    const second = await handoff();
    const full = await call(stack.app, 'POST', `/v1/handoffs/${second.id}/assign`, {
      key: stack.keys.operator,
      body: { operator: ids.grace },
    });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'over_capacity', capacity: 1, holding: 1 });

    // Nobody who is away is handed work, not even by an admin.
    await call(stack.app, 'POST', '/v1/presence', { key: stack.keys.operator2, body: { status: 'away' } });
    const away = await call(stack.app, 'POST', `/v1/handoffs/${second.id}/assign`, {
      key: stack.keys.admin,
      body: { operator: ids.grace },
    });
    expect(away.body.code).toBe('not_present');
    // Ada takes the waiting one given to her by the admin.
    const byAdmin = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${second.id}/assign`, {
      key: stack.keys.admin,
      body: { operator: ids.ada },
    });
    expect(byAdmin.body).toMatchObject({ status: 'claimed', claimedBy: 'Ada' });
  });

  it('refuses a colleague without the queue skill, and lets a lead take over', async () => {
    await online(stack.keys.operator);
    await online(stack.keys.operator2, { capacity: 10 });
    const { id, conversationId } = await handoff();
    await call(stack.app, 'PUT', '/v1/queue-config', {
      key: stack.keys.admin,
      body: { version: uniqueId('v'), queues: { general: { skills: ['refunds'], mode: 'claim' } } },
    });
    await online(stack.keys.operator, { skills: ['refunds'] });
    expect((await claim(stack.keys.operator, id)).status).toBe(200);
    const refused = await call(stack.app, 'POST', `/v1/handoffs/${id}/assign`, {
      key: stack.keys.operator,
      body: { operator: ids.grace },
    });
    expect(refused.body).toMatchObject({ code: 'missing_skill', name: 'Grace' });
    const listed = await call<{ assignees: Assignee[] }>(stack.app, 'GET', `/v1/handoffs/${id}/assignees`, {
      key: stack.keys.operator,
    });
    expect(listed.body.assignees.find((assignee) => assignee.keyId === ids.grace)?.refusal).toBe(
      'missing_skill',
    );
    await call(stack.app, 'PUT', '/v1/queue-config', {
      key: stack.keys.admin,
      body: { version: uniqueId('v'), queues: {} },
    });

    expect(
      (await call(stack.app, 'POST', `/v1/handoffs/${id}/take-over`, { key: stack.keys.operator2 })).body
        .code,
    ).toBe('forbidden');
    const taken = await call<Handoff>(stack.app, 'POST', `/v1/handoffs/${id}/take-over`, {
      key: stack.keys.admin,
      body: { note: 'Escalated to me.' },
    });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'claimed', claimedBy: 'root' });
    const event = (await stack.service.events({ conversationId })).find(
      (e) => e.type === 'handoff-taken-over',
    );
    expect(event?.data).toMatchObject({ takenBy: 'root', previousOwner: 'Ada', previousOwnerKey: ids.ada });
    const reply = await call(stack.app, 'POST', `/v1/handoffs/${id}/messages`, {
      key: stack.keys.operator,
      body: { text: 'Still here?' },
    });
    expect(reply.body.code).toBe('not_owner');
    const twice = await call(stack.app, 'POST', `/v1/handoffs/${id}/take-over`, { key: stack.keys.admin });
    expect(twice.body.code).toBe('invalid_transition');
  });

  it('resolves in bulk with a result per handoff, and replays a retried batch', async () => {
    await online(stack.keys.operator, { capacity: 50 });
    await online(stack.keys.operator2, { capacity: 50 });
    const mine = [await handoff(), await handoff()];
    const theirs = await handoff();
    for (const { id } of mine) expect((await claim(stack.keys.operator, id)).status).toBe(200);
    expect((await claim(stack.keys.operator2, theirs.id)).status).toBe(200);
    const handoffIds = [mine[0]!.id, theirs.id, mine[1]!.id];
    const headers = { 'idempotency-key': uniqueId('bulk') };
    const body = { action: 'resolve', handoffIds, outcome: { resolved: true, warranted: true } };
    const result = await call<BulkResult>(stack.app, 'POST', '/v1/handoffs/bulk', {
      key: stack.keys.operator,
      body,
      headers,
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ action: 'resolve', succeeded: 2, failed: 1 });
    expect(result.body.results.map((item) => [item.handoffId, item.ok, item.error?.code ?? null])).toEqual([
      [mine[0]!.id, true, null],
      [theirs.id, false, 'not_owner'],
      [mine[1]!.id, true, null],
    ]);
    expect(result.body.results[0]!.handoff).toMatchObject({ status: 'resolved' });

    // Grace's stays hers; a retry replays the two resolved without resolving them twice.
    const retry = await call<BulkResult>(stack.app, 'POST', '/v1/handoffs/bulk', {
      key: stack.keys.operator,
      body,
      headers,
    });
    expect(retry.body.results.map((item) => item.ok)).toEqual([true, false, true]);
    expect(retry.body.results[0]!.handoff).toEqual(result.body.results[0]!.handoff);
    const resolvedEvents = (await stack.service.events({ conversationId: mine[0]!.conversationId })).filter(
      (event) => event.type === 'handoff-resolved',
    );
    expect(resolvedEvents).toHaveLength(1);
    expect(
      (await stack.service.getHandoff({ keyId: ids.root, scope: 'admin', name: 'root' }, theirs.id)).status,
    ).toBe('claimed');

    const transfer = await call<BulkResult>(stack.app, 'POST', '/v1/handoffs/bulk', {
      key: stack.keys.operator2,
      body: { action: 'transfer', handoffIds: [theirs.id], queue: 'billing', note: 'Billing question' },
    });
    expect(transfer.body.results[0]).toMatchObject({
      ok: true,
      handoff: { status: 'queued', queue: 'billing' },
    });

    const duplicate = await call(stack.app, 'POST', '/v1/handoffs/bulk', {
      key: stack.keys.operator,
      body: { ...body, handoffIds: [mine[0]!.id, mine[0]!.id] },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.code).toBe('invalid_request');

    // A transfer to a queue that does not exist is refused whole, naming the queues, and moves nothing.
    const lead = { keyId: ids.root, scope: 'admin' as const, name: 'root' };
    const queuedBefore = await stack.service.listHandoffs(lead, { status: 'queued', limit: 500 });
    const unknownQueue = await call(stack.app, 'POST', '/v1/handoffs/bulk', {
      key: stack.keys.operator,
      body: { action: 'transfer', handoffIds: queuedBefore.map((item) => item.id), queue: 'nowhere' },
    });
    expect(unknownQueue.status).toBe(400);
    expect(unknownQueue.body).toMatchObject({
      code: 'invalid_request',
      queues: ['general', 'billing', 'fraud'],
    });
    expect(await stack.service.listHandoffs(lead, { status: 'queued', limit: 500 })).toEqual(queuedBefore);
  });
});

describe.skipIf(SKIP_POSTGRES)('typing across instances', () => {
  it('an indicator posted on one instance reaches the listeners of another', async () => {
    const postgres = await freshPostgresDatabase('baton_typing');
    const databases = [
      await openDatabase({ databaseUrl: postgres.url }),
      await openDatabase({ databaseUrl: postgres.url }),
    ];
    const [first, second] = await Promise.all(
      databases.map((database) => createService({ database, queues: ['general'] })),
    );
    try {
      const agent = await first!.createKey({ scope: 'agent', name: 'bot' });
      const principal = (await first!.authenticate(agent.key))!;
      const conversationId = uniqueId('cross');
      await first!.postTurn(principal, { conversationId, turn: { role: 'customer', text: 'hello' } });
      const heard = new Promise<TypingSignal>((resolve) => {
        const stop = second!.watchTyping((signal) => {
          if (signal.conversationId !== conversationId) return;
          stop();
          resolve(signal);
        });
      });
      await first!.postCustomerTyping({ principal }, conversationId, true);
      expect(await heard).toMatchObject({ conversationId, who: 'customer', typing: true });
      expect(second!.currentTyping(conversationId)).toHaveLength(1);
      // Never written to the shared events table.
      expect((await second!.events({ conversationId })).map((event) => event.type)).not.toContain('typing');
    } finally {
      for (const service of [first, second]) await service!.close();
      for (const database of databases) await database.close();
      await postgres.drop();
    }
  }, 60_000);
});
