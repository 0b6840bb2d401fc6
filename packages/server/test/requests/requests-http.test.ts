/**
 * The request model end to end over a real socket, on PGlite and on PostgreSQL: an approval held,
 * answered with edited arguments, timed out and defaulted (the clock injected); an answer after
 * the deadline refused with the recorded result standing; two operators answering at once, exactly
 * one counting; a consult answered while the agent keeps talking; a deadline that escalates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatonRequest, CreatedRequest, Problem, RequestList, TurnResult } from '@baton/sdk';
import type { BatonService } from '../../src/service/create-service.ts';
import { runHousekeeping, HOUSEKEEPING_DEFAULTS } from '../../src/service/housekeeping.ts';
import { createStack, listen, type Stack } from '../http/helpers.ts';

type RequestListBody = RequestList;

describe.each(['pglite', 'postgres'] as const)('requests over HTTP on %s', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;
  let now = new Date('2026-05-04T10:00:00.000Z').getTime();
  const advance = (ms: number) => (now += ms);

  async function api<Body = Problem>(method: string, path: string, key: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Body };
  }

  let counter = 0;
  async function conversation(): Promise<string> {
    const id = `req-${backend}-${++counter}`;
    const posted = await api<TurnResult>('POST', `/v1/conversations/${id}/turns`, stack.keys.agent, {
      role: 'customer',
      text: 'I would like a refund for order 1182, it arrived broken',
    });
    expect(posted.status).toBe(201);
    return id;
  }

  const housekeeping = () =>
    runHousekeeping(stack.service as BatonService, { ...HOUSEKEEPING_DEFAULTS, handoffMaxWaitMs: null });

  beforeAll(async () => {
    stack = await createStack(backend, { now: () => new Date(now) });
    server = await listen(stack.app);
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  it('holds an approval, lets the agent keep talking, and records an edited answer', async () => {
    const id = await conversation();
    const created = await api<CreatedRequest>('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, {
      kind: 'approval',
      actions: [{ toolName: 'refund', args: { orderId: '1182', amount: 80 }, callId: 'call-1' }],
      timeoutSeconds: 600,
    });
    expect(created.status).toBe(201);
    const request = created.body.request;
    expect(request).toMatchObject({
      kind: 'approval',
      status: 'open',
      priority: 'high',
      onDeadline: { action: 'default', answer: { decision: 'refuse' } },
      deadline: new Date(now + 600_000).toISOString(),
    });
    expect(request.question).toContain('refund({"orderId":"1182","amount":80})');

    // The agent is not silenced while the approval waits.
    const turn = await api<TurnResult>('POST', `/v1/conversations/${id}/turns`, stack.keys.agent, {
      role: 'agent',
      text: 'I am checking the refund with a colleague.',
    });
    expect(turn.body.agentShouldReply).toBe(true);
    expect(turn.body.conversation.status).toBe('active');

    const open = await api<RequestListBody>('GET', '/v1/requests?kind=approval', stack.keys.operator);
    expect(open.body.requests.map((entry) => entry.id)).toContain(request.id);

    const wrong = await api('POST', `/v1/requests/${request.id}/answer`, stack.keys.operator, {
      decision: 'edit',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('invalid_answer');
    const prose = await api('POST', `/v1/requests/${request.id}/answer`, stack.keys.operator, {
      text: 'Okay, no. Do not refund, this is fraud',
    });
    expect(prose.status).toBe(422);
    expect(prose.body.code).toBe('invalid_answer');

    const answered = await api<BatonRequest>(
      'POST',
      `/v1/requests/${request.id}/answer`,
      stack.keys.operator,
      {
        decision: 'edit',
        editedArgs: [{ orderId: '1182', amount: 40 }],
        note: 'half: the customer keeps the item',
      },
    );
    expect(answered.status).toBe(200);
    const read = await api<BatonRequest>('GET', `/v1/requests/${request.id}`, stack.keys.agent);
    expect(read.body).toMatchObject({
      status: 'answered',
      timedOut: false,
      answeredBy: 'Ada',
      answer: { decision: 'edit', editedArgs: [{ orderId: '1182', amount: 40 }] },
    });
    // Another agent's key does not see it.
    expect((await api('GET', `/v1/requests/${request.id}`, stack.keys.agent2)).status).toBe(404);
    // A second answer does not count.
    const again = await api('POST', `/v1/requests/${request.id}/answer`, stack.keys.operator2, {
      decision: 'approve',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('request_closed');
  });

  it('times an approval out to its default, and refuses a later answer with the result standing', async () => {
    const id = await conversation();
    const { body } = await api<CreatedRequest>('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, {
      kind: 'approval',
      actions: [{ toolName: 'cancel_subscription', args: { plan: 'pro' } }],
      timeoutSeconds: 60,
    });
    advance(59_000);
    expect((await housekeeping()).timedOutRequests).toBe(0);
    advance(2_000);
    expect((await housekeeping()).timedOutRequests).toBe(1);
    const read = await api<BatonRequest>('GET', `/v1/requests/${body.request.id}`, stack.keys.agent);
    expect(read.body).toMatchObject({
      status: 'timed_out',
      timedOut: true,
      deadlineOutcome: 'default',
      answeredBy: 'deadline',
      answer: { decision: 'refuse' },
    });
    const late = await api('POST', `/v1/requests/${body.request.id}/answer`, stack.keys.operator, {
      decision: 'approve',
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      code: 'deadline_passed',
      requestStatus: 'timed_out',
      answer: { decision: 'refuse' },
    });
    const after = await api<BatonRequest>('GET', `/v1/requests/${body.request.id}`, stack.keys.operator);
    expect(after.body.answer).toEqual({ decision: 'refuse' });
  });

  it('applies a passed deadline when the late answer comes before any sweep, with a default approve', async () => {
    const id = await conversation();
    const { body } = await api<CreatedRequest>('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, {
      kind: 'approval',
      actions: [{ toolName: 'resend_invoice', args: {} }],
      timeoutSeconds: 30,
      onDeadline: { action: 'default', answer: { decision: 'approve', note: 'low risk: go ahead' } },
    });
    advance(31_000);
    const late = await api('POST', `/v1/requests/${body.request.id}/answer`, stack.keys.operator, {
      decision: 'refuse',
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('deadline_passed');
    const read = await api<BatonRequest>('GET', `/v1/requests/${body.request.id}`, stack.keys.agent);
    expect(read.body).toMatchObject({ status: 'timed_out', answer: { decision: 'approve' } });
  });

  it('counts exactly one of two operators answering each approval at once', async () => {
    const id = await conversation();
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) {
      const { body } = await api<CreatedRequest>(
        'POST',
        `/v1/conversations/${id}/requests`,
        stack.keys.agent,
        {
          kind: 'approval',
          actions: [{ toolName: 'refund', args: { amount: index } }],
        },
      );
      ids.push(body.request.id);
    }
    const results = await Promise.all(
      ids.flatMap((requestId) => [
        api<BatonRequest>('POST', `/v1/requests/${requestId}/answer`, stack.keys.operator, {
          decision: 'approve',
        }),
        api<BatonRequest>('POST', `/v1/requests/${requestId}/answer`, stack.keys.operator2, {
          decision: 'refuse',
        }),
      ]),
    );
    for (let index = 0; index < ids.length; index++) {
      const pair = results.slice(index * 2, index * 2 + 2);
      const statuses = pair.map((result) => result.status).sort();
      expect(statuses).toEqual([200, 409]);
      const winner = pair.find((result) => result.status === 200)!.body as BatonRequest;
      const loser = pair.find((result) => result.status === 409)!.body as unknown as Problem;
      expect(loser.code).toBe('request_closed');
      const stored = await api<BatonRequest>('GET', `/v1/requests/${ids[index]}`, stack.keys.operator);
      expect(stored.body.answeredBy).toBe(winner.answeredBy);
      expect(stored.body.answer).toEqual(winner.answer);
    }
  });

  it('answers a consult while the agent keeps talking', async () => {
    const id = await conversation();
    const { body } = await api<CreatedRequest>('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, {
      kind: 'consult',
      question: 'Does the broken-item policy cover glassware?',
      choices: ['yes', 'no', 'only with photos'],
    });
    expect(body.request).toMatchObject({ kind: 'consult', status: 'open', options: { freeText: true } });
    for (const text of ['Could you send a photo of the damage?', 'Thanks, I am checking our policy.']) {
      const turn = await api<TurnResult>('POST', `/v1/conversations/${id}/turns`, stack.keys.agent, {
        role: 'agent',
        text,
      });
      expect(turn.body.agentShouldReply).toBe(true);
    }
    const unknownChoice = await api('POST', `/v1/requests/${body.request.id}/answer`, stack.keys.operator, {
      choice: 'maybe',
    });
    expect(unknownChoice.body.code).toBe('invalid_answer');
    const decision = await api('POST', `/v1/requests/${body.request.id}/answer`, stack.keys.operator, {
      decision: 'approve',
    });
    expect(decision.body.code).toBe('invalid_answer');
    await api('POST', `/v1/requests/${body.request.id}/answer`, stack.keys.operator, {
      choice: 'only with photos',
      text: 'Ask for two photos, then refund.',
    });
    const read = await api<BatonRequest>('GET', `/v1/requests/${body.request.id}`, stack.keys.agent);
    expect(read.body).toMatchObject({
      status: 'answered',
      answer: { choice: 'only with photos', text: 'Ask for two photos, then refund.' },
    });
    const turn = await api<TurnResult>('POST', `/v1/conversations/${id}/turns`, stack.keys.agent, {
      role: 'agent',
      text: 'Please send two photos and I will refund you.',
    });
    expect(turn.body.agentShouldReply).toBe(true);
  });

  it('escalates a consult nobody answered to a handoff, and lists every kind on the conversation', async () => {
    const id = await conversation();
    const { body } = await api<CreatedRequest>('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, {
      kind: 'consult',
      question: 'Can we ship to Svalbard?',
      timeoutSeconds: 120,
      onDeadline: { action: 'escalate', queue: 'billing' },
    });
    advance(121_000);
    const read = await api<BatonRequest>('GET', `/v1/requests/${body.request.id}`, stack.keys.agent);
    expect(read.body).toMatchObject({ status: 'timed_out', deadlineOutcome: 'escalate' });
    expect(read.body.escalatedHandoffId).toMatch(/^ho_/);
    const handoff = await api<BatonRequest>(
      'GET',
      `/v1/requests/${read.body.escalatedHandoffId}`,
      stack.keys.agent,
    );
    expect(handoff.body).toMatchObject({ kind: 'handoff', status: 'queued', queue: 'billing' });
    const all = await api<RequestListBody>('GET', `/v1/conversations/${id}/requests`, stack.keys.agent);
    expect(all.body.requests.map((entry) => entry.kind)).toEqual(['consult', 'handoff']);
  });

  it('refuses a customer token once it has expired', async () => {
    const id = await conversation();
    const minted = await api<{ token: string; expiresAt: string }>(
      'POST',
      `/v1/conversations/${id}/customer-token`,
      stack.keys.agent,
      { ttlSeconds: 60 },
    );
    expect(minted.body.expiresAt).toBe(new Date(now + 60_000).toISOString());
    const stream = `${server.url}/v1/conversations/${id}/customer-events?token=${minted.body.token}`;
    const live = new AbortController();
    expect((await fetch(stream, { signal: live.signal })).status).toBe(200);
    live.abort();
    advance(61_000);
    const expired = await fetch(stream);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as Problem).code).toBe('invalid_customer_token');
  });

  it('creates a handoff through the request route, and refuses bad requests with stable codes', async () => {
    const id = await conversation();
    const created = await api<CreatedRequest>('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, {
      kind: 'handoff',
      summary: 'wants a manager',
    });
    expect(created.status).toBe(201);
    expect(created.body.request).toMatchObject({
      kind: 'handoff',
      status: 'queued',
      question: 'wants a manager',
    });
    expect(created.body.customerMessage).toEqual(expect.any(String));
    const cases: [unknown, number, string][] = [
      [
        { kind: 'consult', question: 'x', timeoutSeconds: 5, deadline: '2030-01-01T00:00:00Z' },
        400,
        'invalid_request',
      ],
      [{ kind: 'consult', question: 'x', deadline: '2020-01-01T00:00:00Z' }, 400, 'invalid_request'],
      [{ kind: 'consult', question: 'x', onDeadline: { action: 'cancel' } }, 400, 'invalid_request'],
      [{ kind: 'consult', question: 'x', freeText: false }, 400, 'invalid_request'],
      [{ kind: 'approval', actions: [] }, 400, 'invalid_request'],
      [{ kind: 'consult', question: 'x', queue: 'nowhere' }, 400, 'invalid_request'],
      [
        {
          kind: 'approval',
          actions: [{ toolName: 't', args: {} }],
          timeoutSeconds: 5,
          onDeadline: { action: 'default', answer: { text: 'ok' } },
        },
        400,
        'invalid_request',
      ],
      [{ kind: 'poll', question: 'x' }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const refused = await api('POST', `/v1/conversations/${id}/requests`, stack.keys.agent, body);
      expect([refused.status, refused.body.code]).toEqual([status, code]);
    }
    expect(
      (
        await api('POST', '/v1/conversations/nobody/requests', stack.keys.agent, {
          kind: 'consult',
          question: 'x',
        })
      ).status,
    ).toBe(404);
    expect((await api('GET', '/v1/requests/rq_missing', stack.keys.operator)).body.code).toBe(
      'request_not_found',
    );
    expect(
      (await api('POST', '/v1/requests/rq_missing/answer', stack.keys.operator, { decision: 'approve' })).body
        .code,
    ).toBe('request_not_found');
    // Agents do not answer; operators do not create.
    expect(
      (await api('POST', '/v1/requests/rq_missing/answer', stack.keys.agent, { decision: 'approve' })).status,
    ).toBe(403);
  });
});
