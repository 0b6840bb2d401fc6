/**
 * Routing over real HTTP (port 0), on PGlite and PostgreSQL: the queue configuration's validation
 * and history, `GET /v1/queues`, a claim refused for a missing skill as problem+json, offers accepted
 * only by their operator, the ETA route, and an operator's open event stream keeping presence alive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonClient, type RequestHandoffResponse } from '@baton/sdk';
import type { BatonService } from '../../src/service/create-service.ts';
import { createStack, listen, type Stack } from './helpers.ts';

describe.each(['pglite', 'postgres'] as const)('routing over HTTP on %s', (backend) => {
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

  async function send(method: string, path: string, key: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
    };
  }

  async function handoffIn(queue: string, conversation: string): Promise<string> {
    await send('POST', `/v1/conversations/${conversation}/turns`, stack.keys.agent, {
      role: 'customer',
      text: 'hi',
    });
    const requested = await send('POST', `/v1/conversations/${conversation}/handoff`, stack.keys.agent, {
      reason: 'help',
      queue,
    });
    expect(requested.status).toBe(201);
    return (requested.body as unknown as RequestHandoffResponse).handoff.id;
  }

  it('validates the queue configuration field by field and lists the queues live', async () => {
    const refused = await send('PUT', '/v1/queue-config', stack.keys.admin, {
      version: 'bad',
      queues: { billing: { mode: 'sometimes', overflow: 'nowhere' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.type).toMatch(/application\/problem\+json/);
    expect(refused.body['code']).toBe('invalid_queue_config');
    expect((refused.body['errors'] as { path: string }[]).map((error) => error.path)).toContain(
      'queues.billing.mode',
    );
    expect((await send('PUT', '/v1/queue-config', stack.keys.operator, { version: 'x' })).status).toBe(403);

    const stored = await send('PUT', '/v1/queue-config', stack.keys.admin, {
      version: `${backend}-1`,
      queues: {
        billing: { skills: ['refunds'], mode: 'claim' },
        fraud: { mode: 'offer', offerTimeoutSeconds: 20 },
      },
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ version: `${backend}-1` });
    const history = await send('GET', '/v1/queue-config', stack.keys.operator);
    expect(history.body).toMatchObject({ current: { version: `${backend}-1` } });

    await handoffIn('billing', `q-list-${backend}`);
    const listed = await send('GET', '/v1/queues', stack.keys.operator);
    expect(listed.status).toBe(200);
    const billing = (listed.body['queues'] as Record<string, unknown>[]).find(
      (queue) => queue['name'] === 'billing',
    );
    expect(billing).toMatchObject({
      mode: 'claim',
      open: true,
      skills: ['refunds'],
      depth: 1,
      sla: { state: 'ok', breached: 0 },
    });

    // A claim without the queue's skill is a 409 with its code; with it, a claim.
    const id = (await send('GET', '/v1/handoffs?queue=billing&status=queued', stack.keys.operator)).body[
      'handoffs'
    ] as { id: string }[];
    expect(
      (await send('POST', '/v1/presence', stack.keys.operator, { status: 'online', queues: ['billing'] }))
        .status,
    ).toBe(204);
    const noSkill = await send('POST', `/v1/handoffs/${id[0]!.id}/claim`, stack.keys.operator);
    expect(noSkill.status).toBe(409);
    expect(noSkill.body).toMatchObject({ code: 'missing_skill', skills: ['refunds'] });
    await send('POST', '/v1/presence', stack.keys.operator, {
      status: 'online',
      queues: ['billing'],
      skills: ['refunds'],
      capacity: 3,
    });
    expect((await send('POST', `/v1/handoffs/${id[0]!.id}/claim`, stack.keys.operator)).status).toBe(200);
    const eta = await send('GET', `/v1/handoffs/${id[0]!.id}/eta`, stack.keys.agent);
    expect(eta.body).toEqual({ eta: null, message: null });
  });

  it('offers a handoff to one operator; only they accept it, and the ETA route answers while it waits', async () => {
    await send('PUT', '/v1/queue-config', stack.keys.admin, {
      version: `${backend}-2`,
      queues: { fraud: { mode: 'offer', offerTimeoutSeconds: 20 } },
    });
    await send('POST', '/v1/presence', stack.keys.operator2, {
      status: 'online',
      queues: ['fraud'],
      capacity: 1,
    });
    const id = await handoffIn('fraud', `q-offer-${backend}`);
    const waiting = await send('GET', `/v1/handoffs/${id}/eta`, stack.keys.agent);
    expect(waiting.status).toBe(200);
    expect((waiting.body['eta'] as { position: number }).position).toBe(1);
    await (stack.service as BatonService).routeNow();
    const handoff = await send('GET', `/v1/handoffs/${id}`, stack.keys.operator);
    expect(handoff.body['routing']).toMatchObject({ offeredTo: 'Grace' });
    const wrong = await send('POST', `/v1/handoffs/${id}/accept`, stack.keys.operator);
    expect(wrong.status).toBe(409);
    expect(wrong.body['code']).toBe('offer_not_yours');
    const accepted = await send('POST', `/v1/handoffs/${id}/accept`, stack.keys.operator2);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'claimed', claimedBy: 'Grace' });

    // The same through the sdk's client: a second offer declined, then the queues' state.
    const grace = new BatonClient({ baseUrl: server.url, apiKey: stack.keys.operator2 });
    await grace.setPresence({ status: 'online', queues: ['fraud'], capacity: 2 });
    const next = await handoffIn('fraud', `q-offer2-${backend}`);
    expect(
      (await new BatonClient({ baseUrl: server.url, apiKey: stack.keys.agent }).handoffEta(next)).eta,
    ).toMatchObject({ position: 1 });
    await (stack.service as BatonService).routeNow();
    expect((await grace.getHandoff(next)).routing?.offeredTo).toBe('Grace');
    const declined = await grace.declineOffer(next, { reason: 'busy' });
    expect(declined.routing).toMatchObject({ offeredTo: null });
    const fraud = (await grace.listQueues()).queues.find((queue) => queue.name === 'fraud');
    expect(fraud).toMatchObject({ mode: 'offer', depth: 1, operatorsOnline: 1 });
  });

  it("keeps an operator's presence alive while their event stream is open", async () => {
    await send('POST', '/v1/presence', stack.keys.operator2, { status: 'online', queues: ['general'] });
    const stale = new Date(Date.now() - 10 * 60_000).toISOString();
    await stack.database.query(`UPDATE operator_presence SET updated_at = $1 WHERE name = 'Grace'`, [stale]);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/events`, {
      headers: { authorization: `Bearer ${stack.keys.operator2}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read(); // The stream is open once its first bytes arrive.
    // The refresh runs beside the stream's first bytes, not before them: wait for it, bounded.
    const refreshedAt = async () => {
      const [row] = await stack.database.query<{ updated_at: Date | string }>(
        `SELECT updated_at FROM operator_presence WHERE name = 'Grace'`,
      );
      return new Date(row!.updated_at).getTime();
    };
    try {
      await expect
        .poll(refreshedAt, { timeout: 10_000, interval: 20 })
        .toBeGreaterThan(Date.parse(stale) + 60_000);
    } finally {
      controller.abort();
    }
  });
});
