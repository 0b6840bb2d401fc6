/**
 * `BatonClient` against a real Baton over real HTTP: every method, typed errors with the server's
 * codes, and retries that reuse the idempotency key (through a proxy that loses answers on purpose).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonApiError, BatonClient, BatonConnectionError } from '../src/index.ts';
import { startBaton, type RunningBaton } from './support/baton-server.ts';
import { startFlakyProxy } from './support/flaky-proxy.ts';

let baton: RunningBaton;
let agent: BatonClient;
let operator: BatonClient;
let admin: BatonClient;

const client = (apiKey: string, baseUrl = baton.url) =>
  new BatonClient({ baseUrl, apiKey, retries: 3, retryBaseDelayMs: 5 });

beforeAll(async () => {
  baton = await startBaton();
  agent = client(baton.keys.agent);
  operator = client(baton.keys.operator);
  admin = client(baton.keys.admin);
});
afterAll(() => baton?.close());

describe('every route, through the client', () => {
  it('health and readiness', async () => {
    expect(await agent.health()).toEqual({ status: 'ok' });
    expect(await agent.ready()).toEqual({ status: 'ready' });
  });

  it('a whole handoff: turn, request, queue, claim, reply, note, transfer, return, resolve', async () => {
    const first = await agent.postTurn('c-life', {
      role: 'customer',
      text: 'Where is my parcel?',
      customer: { name: 'Ana', tier: 'standard' },
    });
    expect(first.decision.action).toBe('continue');
    expect(first.agentShouldReply).toBe(true);

    await operator.setPresence({ status: 'online', queues: ['general', 'billing'] });
    const requested = await agent.requestHandoff('c-life', { reason: 'Parcel lost twice', priority: 'high' });
    expect(requested.handoff.status).toBe('queued');
    expect(requested.customerMessage).toMatch(/\S/);

    const queue = await operator.listHandoffs({ status: 'queued' });
    expect(queue.map((handoff) => handoff.id)).toContain(requested.handoff.id);
    expect((await operator.getHandoff(requested.handoff.id)).reason).toBe('Parcel lost twice');

    const claimed = await operator.claim(requested.handoff.id);
    expect(claimed).toMatchObject({ status: 'claimed', claimedBy: 'Ada' });
    const reply = await operator.reply(claimed.id, { text: 'Hi Ana, I am looking at it.' });
    expect(reply).toMatchObject({ role: 'operator', author: 'Ada' });
    const note = await operator.addNote(claimed.id, { text: 'Carrier lost it; refund likely.' });
    expect(note.kind).toBe('internal');

    const quiet = await agent.postTurn('c-life', { role: 'customer', text: 'Thanks, waiting.' });
    expect(quiet.agentShouldReply).toBe(false);

    const transferred = await operator.transfer(claimed.id, { queue: 'billing', note: 'Refund question' });
    expect(transferred).toMatchObject({ status: 'queued', queue: 'billing' });
    const again = await operator.claim(transferred.id);
    await operator.returnToAgent(again.id, {
      note: 'Refund issued; confirm the address.',
      promises: [{ text: 'refund within 5 days' }],
      mustNot: ['offer another refund'],
    });
    const back = await agent.observe('c-life').customer('Did it work?');
    expect(back.shouldReply).toBe(true);
    expect(back.returnNote).toBe('Refund issued; confirm the address.');
    expect(back.handBack).toMatchObject({ mustNot: ['offer another refund'] });
    expect(back.openPromises.map((promise) => promise.text)).toEqual(['refund within 5 days']);
    const kept = await agent.keepPromise('c-life', back.openPromises[0]!.id);
    expect(kept.status).toBe('kept');

    // A consult through the client: created by the agent, answered by the operator.
    const { request } = await agent.createRequest('c-life', {
      kind: 'consult',
      question: 'Which address is current?',
      choices: ['home', 'office'],
    });
    expect((await operator.listRequests({ kind: 'consult' })).map((open) => open.id)).toContain(request.id);
    await operator.answerRequest(request.id, { choice: 'office' });
    expect(await agent.getRequest(request.id)).toMatchObject({
      status: 'answered',
      answer: { choice: 'office' },
    });
    expect((await agent.listConversationRequests('c-life')).map((entry) => entry.kind)).toContain('transfer');
    const token = await agent.createCustomerToken('c-life');
    expect(token.token).toMatch(/^bct_/);

    const second = await agent.requestHandoff('c-life', { reason: 'Wants to complain' });
    await operator.claim(second.handoff.id);
    const resolved = await operator.resolve(second.handoff.id, {
      resolved: true,
      warranted: true,
      notes: 'ok',
    });
    expect(resolved.outcome).toMatchObject({ resolved: true, warranted: true });

    const view = await agent.getConversation('c-life');
    expect(view.turns.map((turn) => turn.role)).toEqual(['customer', 'operator', 'customer', 'customer']);
    expect(view.handoffs).toHaveLength(3);
    // Internal notes are for operators only.
    expect(view.notes.map((entry) => entry.kind).sort()).toEqual(['return', 'transfer']);
    const operatorView = await operator.getConversation('c-life');
    expect(operatorView.notes.map((entry) => entry.kind).sort()).toEqual(['internal', 'return', 'transfer']);
  });

  it('a callback left while waiting, then the customer leaves', async () => {
    await agent.postTurn('c-callback', { role: 'customer', text: 'Hello' });
    const { handoff } = await agent.requestHandoff('c-callback', {
      reason: 'Needs a person',
      queue: 'billing',
    });
    const withCallback = await agent.leaveCallback(handoff.id, {
      phone: '+34 600 000 000',
      message: 'After 5pm',
    });
    expect(withCallback.callback).toEqual({ phone: '+34 600 000 000', message: 'After 5pm' });
    const abandoned = await agent.abandon(handoff.id, { reason: 'closed the chat' });
    expect(abandoned.status).toBe('abandoned');
  });

  it('ratings, conversation outcomes and metrics', async () => {
    await agent.postTurn('c-rated', { role: 'customer', text: 'Thanks, that solved it.' });
    const rated = await agent.rate('c-rated', { rating: 2, comment: 'slow' });
    expect(rated).toMatchObject({ conversationId: 'c-rated', rating: 2 });
    const outcome = await agent.recordOutcome('c-rated', { shouldHaveEscalated: true });
    expect(outcome).toMatchObject({ conversationId: 'c-rated', shouldHaveEscalated: true, rating: 2 });
    const metrics = await operator.metrics();
    expect(metrics.ratings.count).toBeGreaterThanOrEqual(1);
    expect(metrics.misses).toBeGreaterThanOrEqual(1);
    const series = await operator.metricsTimeSeries({ bucket: 'day' });
    expect(series.points.length).toBeGreaterThan(0);
    await expect(agent.metrics()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('policy and keys (admin)', async () => {
    const policy = await operator.getPolicy();
    expect(policy.version).toMatch(/\S/);
    const replaced = await admin.putPolicy(policy.document as Record<string, unknown>);
    expect(replaced.document).toEqual(policy.document);
    const created = await admin.createKey({ scope: 'agent', name: 'second bot' });
    expect(created.record).toMatchObject({ scope: 'agent', name: 'second bot', revokedAt: null });
    expect(await client(created.key).postTurn('c-new-key', { role: 'customer', text: 'hi' })).toBeTruthy();
  });
});

describe('typed errors carry the server codes', () => {
  async function failure(promise: Promise<unknown>): Promise<BatonApiError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BatonApiError);
    return error as BatonApiError;
  }

  it('401, 403, 404, 400 with fields, 409, 400 invalid_policy', async () => {
    expect(await failure(client('nope').getConversation('c-life'))).toMatchObject({
      code: 'unauthenticated',
      status: 401,
      title: 'Unauthenticated',
    });
    expect(await failure(agent.listHandoffs())).toMatchObject({ code: 'forbidden', status: 403 });
    expect(await failure(operator.getHandoff('ho_missing'))).toMatchObject({ code: 'handoff_not_found' });
    expect(await failure(client(baton.keys.otherAgent).getConversation('c-life'))).toMatchObject({
      code: 'conversation_not_found',
      status: 404,
    });

    const invalid = await failure(agent.postTurn('c-bad', { role: 'customer', text: 'x', confidence: 7 }));
    expect(invalid.code).toBe('invalid_request');
    expect(invalid.errors.map((field) => field.path)).toContain('body.confidence');

    await agent.postTurn('c-race', { role: 'customer', text: 'hi' });
    const { handoff } = await agent.requestHandoff('c-race', { reason: 'two operators' });
    const [one, two] = await Promise.allSettled([
      operator.claim(handoff.id),
      client(baton.keys.otherOperator).claim(handoff.id),
    ]);
    const outcomes = [one, two].map((settled) => settled.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const lost = [one, two].find((settled) => settled.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(BatonApiError);
    expect((lost.reason as BatonApiError).status).toBe(409);

    const policyError = await failure(admin.putPolicy({ triggers: 'not a list' }));
    expect(policyError.code).toBe('invalid_policy');
    expect(policyError.errors.length).toBeGreaterThan(0);
  });

  it('a refused connection is a BatonConnectionError after the retries', async () => {
    const dead = new BatonClient({ baseUrl: 'http://127.0.0.1:9', retries: 2, retryBaseDelayMs: 1 });
    const error = await dead.health().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatonConnectionError);
    expect(error).toMatchObject({ reason: 'network', attempts: 3 });
  });
});

describe('retries', () => {
  it('a turn whose answer was lost is retried with the same key and stored once', async () => {
    await using proxy = await startFlakyProxy(baton.url);
    const flaky = client(baton.keys.agent, proxy.url);
    proxy.plan.push('lose-answer', { status: 503 }, 'lose-answer');
    const result = await flaky.postTurn('c-retry', { role: 'customer', text: 'Only once, please.' });
    expect(result.turn.seq).toBe(0);

    const keys = proxy.seen.map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/\S/);
    const view = await agent.getConversation('c-retry');
    expect(view.turns.map((turn) => turn.text)).toEqual(['Only once, please.']);
  });

  it('429 is retried after Retry-After, even for a request without a key', async () => {
    await using proxy = await startFlakyProxy(baton.url);
    const flaky = client(baton.keys.operator, proxy.url);
    proxy.plan.push({ status: 429, retryAfter: '1' });
    const started = Date.now();
    await flaky.listHandoffs();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(proxy.seen).toHaveLength(2);
  });

  it("an operator's reply whose answer was lost is retried with the same key and reaches the customer once", async () => {
    await using proxy = await startFlakyProxy(baton.url);
    await agent.postTurn('c-reply-retry', { role: 'customer', text: 'hi' });
    const { handoff } = await agent.requestHandoff('c-reply-retry', { reason: 'check' });
    const flaky = client(baton.keys.operator, proxy.url);
    proxy.plan.push('lose-answer');
    await flaky.claim(handoff.id);
    proxy.plan.push('lose-answer', { status: 503 });
    const turn = await flaky.reply(handoff.id, { text: 'Said once' });
    expect(turn.text).toBe('Said once');
    proxy.plan.push('lose-answer');
    await flaky.addNote(handoff.id, { text: 'Noted once' });

    const keys = proxy.seen.map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(7);
    expect(keys.every((key) => typeof key === 'string' && key.length > 0)).toBe(true);
    // One key per logical call, reused by its retries.
    expect(new Set(keys).size).toBe(3);
    const view = await operator.getConversation('c-reply-retry');
    expect(view.turns.filter((stored) => stored.role === 'operator').map((stored) => stored.text)).toEqual([
      'Said once',
    ]);
    expect(view.notes.filter((note) => note.text === 'Noted once')).toHaveLength(1);
    expect(view.handoffs[0]).toMatchObject({ status: 'claimed' });
  });

  it('an unsafe request whose answer was lost is not repeated', async () => {
    await using proxy = await startFlakyProxy(baton.url);
    proxy.plan.push('lose-answer');
    const error = await client(baton.keys.admin, proxy.url)
      .createKey({ scope: 'agent', name: 'once' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatonConnectionError);
    expect(proxy.seen).toHaveLength(1);
  });

  it('the same key with another body is idempotency_conflict', async () => {
    await agent.postTurn('c-key', { role: 'customer', text: 'one' }, { idempotencyKey: 'k-1' });
    const again = await agent.postTurn('c-key', { role: 'customer', text: 'one' }, { idempotencyKey: 'k-1' });
    expect(again.turn.seq).toBe(0);
    const error = await agent
      .postTurn('c-key', { role: 'customer', text: 'two' }, { idempotencyKey: 'k-1' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'idempotency_conflict', status: 422 });
  });
});
