/**
 * Over a real socket, on PGlite and on PostgreSQL: a structured hand-back whose promise rides on
 * the agent's next answers until it is kept and shows in a later brief; and the customer side of a
 * conversation as a stream (read with a customer token) that sees every status change, in the
 * customer's language, and resumes after a disconnect with Last-Event-ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerEvent,
  CustomerToken,
  Handoff,
  Problem,
  RequestHandoffResponse,
  TurnResult,
} from '@baton/sdk';
import type { BatonService } from '../../src/service/create-service.ts';
import { createStack, listen, readSse, type Stack } from '../http/helpers.ts';

describe.each(['pglite', 'postgres'] as const)('hand-back and customer stream on %s', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;

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

  const turn = (id: string, role: 'customer' | 'agent', text: string, customer?: Record<string, unknown>) =>
    api<TurnResult>('POST', `/v1/conversations/${id}/turns`, stack.keys.agent, {
      role,
      text,
      ...(customer ? { customer } : {}),
    });

  beforeAll(async () => {
    stack = await createStack(backend, {
      protocol: { customerStream: { positionIntervalMs: 25, operatorName: 'first' } },
    });
    server = await listen(stack.app);
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  it('carries a hand-back to the agent, keeps its promise open until kept, and shows it in a later brief', async () => {
    const id = `handback-${backend}`;
    await turn(id, 'customer', 'My parcel 4471 never arrived and I need it for Friday');
    const { body: requested } = await api<RequestHandoffResponse>(
      'POST',
      `/v1/conversations/${id}/handoff`,
      stack.keys.agent,
      { reason: 'lost parcel' },
    );
    await api('POST', `/v1/handoffs/${requested.handoff.id}/claim`, stack.keys.operator);
    const returned = await api<Handoff>(
      'POST',
      `/v1/handoffs/${requested.handoff.id}/return`,
      stack.keys.operator,
      {
        note: 'Reshipped; customer is calm now.',
        actions: [{ action: 'reshipped order 4471 by express', result: 'tracking EX123' }],
        promises: [{ text: 'email the new tracking number', dueAt: '2026-12-04T12:00:00Z' }],
        must: ['give tracking EX123 if asked'],
        mustNot: ['offer a refund: the parcel is reshipped'],
      },
    );
    expect(returned.status).toBe(200);

    const first = await turn(id, 'customer', 'thanks! when will it come?');
    expect(first.body.returnNote).toBe('Reshipped; customer is calm now.');
    expect(first.body.handBack).toMatchObject({
      author: 'Ada',
      actions: [{ action: 'reshipped order 4471 by express', result: 'tracking EX123' }],
      must: ['give tracking EX123 if asked'],
      mustNot: ['offer a refund: the parcel is reshipped'],
      promises: [
        { text: 'email the new tracking number', dueAt: '2026-12-04T12:00:00.000Z', status: 'open' },
      ],
    });
    const promise = first.body.openPromises[0]!;
    expect(first.body.openPromises).toHaveLength(1);

    // Next answers: the hand-back once, the open promise on each.
    for (const text of ['It should arrive tomorrow.', 'and the tracking?']) {
      const next = await turn(id, text.startsWith('and') ? 'customer' : 'agent', text);
      expect(next.body.handBack).toBeNull();
      expect(next.body.returnNote).toBeNull();
      expect(next.body.openPromises.map((open) => open.id)).toEqual([promise.id]);
    }
    const kept = await api<{ status: string }>(
      'POST',
      `/v1/conversations/${id}/promises/${promise.id}/kept`,
      stack.keys.agent,
    );
    expect(kept.body).toMatchObject({ status: 'kept', keptBy: 'support bot' });
    expect((await turn(id, 'agent', 'I have emailed it.')).body.openPromises).toEqual([]);
    expect(
      (await api('POST', `/v1/conversations/${id}/promises/pr_missing/kept`, stack.keys.agent)).body.code,
    ).toBe('promise_not_found');
    expect(
      (await api('POST', `/v1/conversations/${id}/promises/${promise.id}/kept`, stack.keys.agent2)).status,
    ).toBe(404);

    // A later handoff's brief shows what was done and promised.
    const later = await api<RequestHandoffResponse>(
      'POST',
      `/v1/conversations/${id}/handoff`,
      stack.keys.agent,
      {
        reason: 'still not here',
      },
    );
    const brief = later.body.handoff.brief as {
      handBacks: { actions: unknown[]; promises: unknown[]; mustNot: string[] }[];
    };
    expect(brief.handBacks).toHaveLength(1);
    expect(brief.handBacks[0]).toMatchObject({
      actions: [{ action: 'reshipped order 4471 by express' }],
      promises: [{ text: 'email the new tracking number', status: 'kept' }],
      mustNot: ['offer a refund: the parcel is reshipped'],
    });
    const markdown = await fetch(`${server.url}/v1/handoffs/${later.body.handoff.id}/brief?format=markdown`, {
      headers: { authorization: `Bearer ${stack.keys.operator}` },
    });
    const text = await markdown.text();
    expect(text).toContain('## Earlier hand-backs');
    expect(text).toContain('promised: email the new tracking number (by 2026-12-04T12:00:00.000Z) [kept]');
  });

  it('refuses a hand-back with a bad promise time and loses nothing', async () => {
    const id = `handback-bad-${backend}`;
    await turn(id, 'customer', 'hello');
    const { body } = await api<RequestHandoffResponse>(
      'POST',
      `/v1/conversations/${id}/handoff`,
      stack.keys.agent,
      {
        reason: 'asked',
      },
    );
    await api('POST', `/v1/handoffs/${body.handoff.id}/claim`, stack.keys.operator);
    const refused = await api('POST', `/v1/handoffs/${body.handoff.id}/return`, stack.keys.operator, {
      note: 'done',
      promises: [{ text: 'call back', dueAt: 'tomorrow' }],
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'invalid_request']);
    const handoff = await api<Handoff>('GET', `/v1/handoffs/${body.handoff.id}`, stack.keys.operator);
    expect(handoff.body.status).toBe('claimed');
  });

  /** Reads a customer stream in the background; `until` waits for an event of a type. */
  function watchCustomer(path: string, headers: Record<string, string> = {}) {
    const controller = new AbortController();
    const events: CustomerEvent[] = [];
    let lastId: string | undefined;
    const waiters: { match: (event: CustomerEvent) => boolean; resolve: (event: CustomerEvent) => void }[] =
      [];
    const opened = fetch(`${server.url}${path}`, { headers, signal: controller.signal });
    const done = (async () => {
      const response = await opened;
      if (response.status !== 200) return;
      try {
        for await (const message of readSse(response.body!)) {
          const event = JSON.parse(message.data) as CustomerEvent;
          if (message.id !== undefined) lastId = message.id;
          events.push(event);
          for (const waiter of waiters.splice(0)) {
            if (waiter.match(event)) waiter.resolve(event);
            else waiters.push(waiter);
          }
        }
      } catch (error) {
        if ((error as Error).name !== 'AbortError') throw error;
      }
    })();
    return {
      events,
      opened,
      lastId: () => lastId,
      until(match: (event: CustomerEvent) => boolean): Promise<CustomerEvent> {
        const seen = events.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve) => waiters.push({ match, resolve }));
      },
      async stop() {
        controller.abort();
        await done;
      },
    };
  }

  it('streams every status change to the customer side, in their language, resumed after a disconnect', async () => {
    const ahead = `ahead-${backend}`;
    const id = `customer-${backend}`;
    await api('POST', '/v1/presence', stack.keys.operator, {
      status: 'online',
      queues: ['general', 'billing', 'fraud'],
    });
    await turn(ahead, 'customer', 'hola');
    // The fraud queue is this test's own (the other tests leave handoffs waiting in general).
    await api('POST', `/v1/conversations/${ahead}/handoff`, stack.keys.agent, {
      reason: 'first in line',
      queue: 'fraud',
    });
    await turn(id, 'customer', 'Hola, mi pedido no ha llegado', { language: 'es-MX' });

    const minted = await api<CustomerToken>(
      'POST',
      `/v1/conversations/${id}/customer-token`,
      stack.keys.agent,
      {
        ttlSeconds: 600,
      },
    );
    expect(minted.status).toBe(201);
    const token = minted.body.token;

    // Refusals: a token for another conversation, an unknown token, another agent's key.
    const other = await fetch(`${server.url}/v1/conversations/${ahead}/customer-events?token=${token}`);
    expect([other.status, ((await other.json()) as Problem).code]).toEqual([401, 'invalid_customer_token']);
    const unknown = await fetch(`${server.url}/v1/conversations/${id}/customer-events?token=bct_nope`);
    expect(unknown.status).toBe(401);
    const foreign = await fetch(`${server.url}/v1/conversations/${id}/customer-events`, {
      headers: { authorization: `Bearer ${stack.keys.agent2}` },
    });
    expect(foreign.status).toBe(404);
    expect(
      (await api('POST', `/v1/conversations/${id}/customer-token`, stack.keys.agent, { ttlSeconds: 5 })).body
        .code,
    ).toBe('invalid_request');

    const first = watchCustomer(`/v1/conversations/${id}/customer-events?token=${token}`);
    expect((await first.opened).status).toBe(200);
    const { body } = await api<RequestHandoffResponse>(
      'POST',
      `/v1/conversations/${id}/handoff`,
      stack.keys.agent,
      {
        reason: 'late parcel',
        queue: 'fraud',
      },
    );
    const queued = await first.until((event) => event.type === 'queued');
    expect(queued).toMatchObject({ language: 'es', data: { position: 2 } });
    expect(queued.message).toContain('Es el número 2 en la cola');

    // The conversation ahead is claimed: this one moves up.
    const { body: aheadView } = await api<{ handoffs: Handoff[] }>(
      'GET',
      `/v1/conversations/${ahead}`,
      stack.keys.agent,
    );
    await api('POST', `/v1/handoffs/${aheadView.handoffs[0]!.id}/claim`, stack.keys.operator2);
    const moved = await first.until(
      (event) => event.type === 'position-changed' && event.data.position === 1,
    );
    expect(moved.message).toContain('Es el siguiente en la cola');
    expect(moved.id).toBeNull();
    // The wait as routing estimates it: no range yet (no claims to learn handle times from), and why.
    expect(moved.data.eta).toEqual({
      lowSeconds: null,
      highSeconds: null,
      confidence: null,
      basis: 'no_data',
    });

    // Disconnect; an operator joins meanwhile.
    const resumeFrom = first.lastId()!;
    await first.stop();
    await api('POST', `/v1/handoffs/${body.handoff.id}/claim`, stack.keys.operator);

    const second = watchCustomer(`/v1/conversations/${id}/customer-events?token=${token}`, {
      'last-event-id': resumeFrom,
    });
    const joined = await second.until((event) => event.type === 'operator-joined');
    expect(joined).toMatchObject({ data: { operatorName: 'Ada' } });
    expect(joined.message).toBe('Ada, de nuestro equipo, se ha unido a la conversación.');
    // Nothing before the cursor is sent again.
    expect(second.events.filter((event) => event.type === 'queued')).toEqual([]);

    const transferred = await api<Handoff>(
      'POST',
      `/v1/handoffs/${body.handoff.id}/transfer`,
      stack.keys.operator,
      {
        queue: 'billing',
      },
    );
    await second.until((event) => event.type === 'operator-left');
    await second.until((event) => event.type === 'queued' && event.data.queue === 'billing');
    await api('POST', `/v1/handoffs/${transferred.body.id}/claim`, stack.keys.operator2);
    await second.until((event) => event.type === 'operator-joined' && event.data.operatorName === 'Grace');
    await api('POST', `/v1/handoffs/${transferred.body.id}/return`, stack.keys.operator2, { note: 'sorted' });
    const back = await second.until((event) => event.type === 'returned');
    expect(back.message).toContain('asistente');

    // Asked again; a callback is left, then nobody comes in time.
    const again = await api<RequestHandoffResponse>(
      'POST',
      `/v1/conversations/${id}/handoff`,
      stack.keys.agent,
      {
        reason: 'wants a call',
        queue: 'fraud',
      },
    );
    await api('POST', `/v1/handoffs/${again.body.handoff.id}/callback`, stack.keys.agent, {
      phone: '+34 600 000 000',
    });
    const callback = await second.until((event) => event.type === 'callback-scheduled');
    expect(JSON.stringify(callback)).not.toContain('600 000');
    await (stack.service as BatonService).expireHandoffs({ maxWaitMs: 0 });
    await second.until((event) => event.type === 'expired');
    await second.stop();

    // The agent's own key reads the same history from the start.
    const replay = watchCustomer(`/v1/conversations/${id}/customer-events`, {
      authorization: `Bearer ${stack.keys.agent}`,
    });
    await replay.until((event) => event.type === 'expired');
    expect(replay.events.filter((event) => event.id !== null).map((event) => event.type)).toEqual([
      'queued',
      'operator-joined',
      'operator-left',
      'queued',
      'operator-joined',
      'returned',
      'queued',
      'callback-scheduled',
      'expired',
    ]);
    await replay.stop();
  });
});
