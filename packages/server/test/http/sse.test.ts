/**
 * The event stream over a real socket, read with fetch and a small SSE parser: a reader that is
 * forcibly disconnected at random while several writers commit, and resumes with Last-Event-ID,
 * gets every event once, in order. Runs on PGlite and on the real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatonEvent } from '../../src/service/types.ts';
import { createStack, listen, readSse, type Stack } from './helpers.ts';

describe.each(['pglite', 'postgres'] as const)('GET /v1/events over a socket on %s', (backend) => {
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

  /** Connects (resuming after `lastId`), reads up to `max` messages, then drops the connection. */
  async function readSome(lastId: string | undefined, max: number, query = ''): Promise<BatonEvent[]> {
    const controller = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${stack.keys.operator}` };
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    // A reader that is up to date waits for more; give up after a short while and reconnect.
    const timer = setTimeout(() => controller.abort(), 400);
    const events: BatonEvent[] = [];
    try {
      const response = await fetch(`${server.url}/v1/events${query}`, { headers, signal: controller.signal });
      expect(response.status).toBe(200);
      for await (const message of readSse(response.body!)) {
        const event = JSON.parse(message.data) as BatonEvent;
        expect(message.id).toBe(event.id);
        events.push(event);
        if (events.length >= max) break;
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      clearTimeout(timer);
      controller.abort(); // the forced disconnect
    }
    return events;
  }

  async function allEvents(): Promise<BatonEvent[]> {
    const all: BatonEvent[] = [];
    for (;;) {
      const last = all.at(-1)?.id;
      const page = await stack.service.events({ ...(last ? { afterId: last } : {}), limit: 500 });
      all.push(...page);
      if (page.length < 500) return all;
    }
  }

  async function postTurns(conversationId: string, count: number): Promise<void> {
    for (let index = 0; index < count; index++) {
      const response = await fetch(`${server.url}/v1/conversations/${conversationId}/turns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.keys.agent}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          role: index % 2 ? 'agent' : 'customer',
          text: `${conversationId} message ${index}`,
        }),
      });
      expect(response.status).toBe(201);
      await response.arrayBuffer();
    }
  }

  it('resumes after forced disconnects with no event lost and none repeated', async () => {
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 8 }, (_, index) => postTurns(`sse-${backend}-${index}`, 20)),
    ).finally(() => {
      writing = false;
    });
    const received: BatonEvent[] = [];
    let random = 7;
    const next = () => (random = (random * 48_271) % 2_147_483_647) % 20;
    let expected: BatonEvent[] | undefined;
    let connections = 0;
    for (; connections < 500; connections++) {
      const last = received.at(-1)?.id;
      received.push(...(await readSome(last, 1 + next(), last === undefined ? '?from=oldest' : '')));
      if (!writing) {
        expected ??= (await writers, await allEvents());
        if (received.at(-1)?.id === expected.at(-1)?.id) break;
      }
    }
    expect(expected!.length).toBeGreaterThanOrEqual(160);
    expect(connections, 'the reader reconnected many times').toBeGreaterThanOrEqual(5);
    const missing = expected!.filter((event) => !received.some((each) => each.id === event.id));
    expect(
      missing.map((event) => `${event.id} ${event.type} ${event.at}`),
      'events the reader never got',
    ).toEqual([]);
    expect(received.map((event) => event.id)).toEqual(expected!.map((event) => event.id));
    expect(new Set(received.map((event) => event.id)).size).toBe(received.length);
  });

  it('?lastEventId= resumes like the header, and filters by conversation and queue', async () => {
    const all = await allEvents();
    const middle = all[Math.floor(all.length / 2)]!;
    const resumed = await readSome(undefined, 5, `?lastEventId=${middle.id}`);
    expect(resumed.map((event) => event.id)).toEqual(
      all
        .slice(all.indexOf(middle) + 1)
        .slice(0, 5)
        .map((e) => e.id),
    );

    const conversationId = `sse-${backend}-3`;
    const filtered = await readSome(undefined, 1_000, `?from=oldest&conversation=${conversationId}`);
    expect(filtered.map((event) => event.id)).toEqual(
      all.filter((event) => event.conversationId === conversationId).map((event) => event.id),
    );
    expect(await readSome(undefined, 1_000, '?queue=nobody-here')).toEqual([]);
  });

  it('answers HEAD without opening a stream', async () => {
    const response = await fetch(`${server.url}/v1/events`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${stack.keys.operator}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });

  it('sends heartbeat comments while idle', async () => {
    const controller = new AbortController();
    const all = await allEvents();
    const response = await fetch(`${server.url}/v1/events`, {
      headers: { authorization: `Bearer ${stack.keys.operator}`, 'last-event-id': all.at(-1)!.id },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': heartbeat')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('retry: 2000');
    expect(text).toContain(': heartbeat');
    expect(text).not.toContain('data:');
  });
});
