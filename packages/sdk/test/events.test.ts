/**
 * The event subscription against a real Baton: connections cut while turns keep coming, and every
 * event arrives once, in order; the hand-written SSE parser against the spec's edge cases.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonApiError, BatonClient, parseSse, type BatonEvent } from '../src/index.ts';
import { startBaton, type RunningBaton } from './support/baton-server.ts';
import { startFlakyProxy } from './support/flaky-proxy.ts';

let baton: RunningBaton;
beforeAll(async () => {
  baton = await startBaton();
});
afterAll(() => baton?.close());

/** Collects events and lets a test wait for a count, without sleeping. */
function collector() {
  const events: BatonEvent[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  return {
    events,
    push(event: BatonEvent) {
      events.push(event);
      if (waiter && events.length >= waiter.count) waiter.resolve();
    },
    until(count: number): Promise<void> {
      if (events.length >= count) return Promise.resolve();
      return new Promise((resolve) => (waiter = { count, resolve }));
    },
  };
}

describe('subscribe', () => {
  it('resumes after forced disconnects with nothing lost and nothing repeated', async () => {
    const agent = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent, retryBaseDelayMs: 5 });
    const operator = new BatonClient({
      baseUrl: baton.url,
      apiKey: baton.keys.operator,
      retryBaseDelayMs: 5,
    });
    const seen = collector();
    let disconnects = 0;
    const stop = new AbortController();
    const running = operator.subscribe({
      conversation: 'c-stream',
      from: 'oldest',
      signal: stop.signal,
      onDisconnect: () => (disconnects += 1),
      onEvent: (event) => seen.push(event),
    });

    const total = 30;
    for (let index = 0; index < total; index += 1) {
      await agent.postTurn('c-stream', { role: 'customer', text: `message ${index}` });
      // Cut every connection (the stream's and the posting client's) a few times mid-way.
      if (index % 7 === 3) {
        await seen.until(index + 1);
        baton.dropConnections();
      }
    }
    await seen.until(total);
    stop.abort();
    await running;

    expect(disconnects).toBeGreaterThanOrEqual(4);
    const stored = await baton.service.events({ conversationId: 'c-stream', limit: 500 });
    expect(seen.events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    expect(seen.events.map((event) => (event.data['turn'] as { text: string }).text)).toEqual(
      Array.from({ length: total }, (_, index) => `message ${index}`),
    );
  });

  it('the async iterator starts after lastEventId and stops on break', async () => {
    const agent = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
    const operator = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.operator });
    await agent.postTurn('c-iter', { role: 'customer', text: 'one' });
    await agent.postTurn('c-iter', { role: 'customer', text: 'two' });
    await agent.postTurn('c-iter', { role: 'customer', text: 'three' });
    const all = await baton.service.events({ conversationId: 'c-iter' });
    const texts: string[] = [];
    for await (const event of operator.events({ conversation: 'c-iter', lastEventId: all[0]!.id })) {
      texts.push((event.data['turn'] as { text: string }).text);
      if (texts.length === 2) break;
    }
    expect(texts).toEqual(['two', 'three']);
  });

  it('reconnects through 503 and 429 answers', async () => {
    await using proxy = await startFlakyProxy(baton.url);
    const agent = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
    await agent.postTurn('c-flaky', { role: 'customer', text: 'still here' });
    proxy.plan.push({ status: 503 }, { status: 429, retryAfter: '0' });
    const operator = new BatonClient({
      baseUrl: proxy.url,
      apiKey: baton.keys.operator,
      retryBaseDelayMs: 5,
    });
    const failures: unknown[] = [];
    for await (const event of operator.events({
      conversation: 'c-flaky',
      from: 'oldest',
      onDisconnect: (error) => failures.push(error),
    })) {
      expect(event.conversationId).toBe('c-flaky');
      break;
    }
    expect(failures.map((error) => (error as { code?: string }).code)).toEqual([
      'unavailable',
      'rate_limited',
    ]);
    expect(proxy.seen).toHaveLength(3);
  });

  it("from: 'now' yields only later events, and a reconnect before any event resumes from the announced cursor", async () => {
    const agent = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
    await agent.postTurn('c-now', { role: 'customer', text: 'history' });
    const announced = (await baton.service.events({ conversationId: 'c-now' })).at(-1)!.id;

    const requests: { url: string; lastEventId: string | null }[] = [];
    let cursorSeen!: () => void;
    const cursorArrived = new Promise<void>((resolve) => (cursorSeen = resolve));
    let whileAway: Promise<unknown> | undefined;
    // Records each connection; tells the test once the first one's cursor has been read; holds a
    // reconnect until the turn posted while disconnected has committed (so the order is certain).
    const recordingFetch: typeof fetch = async (input, requestInit) => {
      requests.push({
        url: String(input),
        lastEventId: new Headers(requestInit?.headers).get('last-event-id'),
      });
      if (requests.length > 1) await whileAway;
      const response = await fetch(input, requestInit);
      if (requests.length > 1 || !response.body) return response;
      const decoder = new TextDecoder();
      const watched = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            controller.enqueue(chunk);
            // A macrotask later the parser has read the chunk (its reads resolve as microtasks).
            if (decoder.decode(chunk, { stream: true }).includes(`id: ${announced}`)) setTimeout(cursorSeen);
          },
        }),
      );
      return new Response(watched, { status: response.status, headers: response.headers });
    };
    const operator = new BatonClient({
      baseUrl: baton.url,
      apiKey: baton.keys.operator,
      retryBaseDelayMs: 5,
      fetch: recordingFetch,
    });
    const seen = collector();
    const stop = new AbortController();
    const running = operator.subscribe({
      conversation: 'c-now',
      from: 'now',
      signal: stop.signal,
      onEvent: (event) => seen.push(event),
      onDisconnect: () => {
        whileAway ??= agent.postTurn('c-now', { role: 'customer', text: 'while away' });
      },
    });
    await cursorArrived;
    baton.dropConnections();
    await seen.until(1);
    await agent.postTurn('c-now', { role: 'customer', text: 'live' });
    await seen.until(2);
    stop.abort();
    await running;

    expect(seen.events.map((event) => (event.data['turn'] as { text: string }).text)).toEqual([
      'while away',
      'live',
    ]);
    expect(new URL(requests[0]!.url).searchParams.get('from')).toBe('now');
    expect(requests[0]!.lastEventId).toBeNull();
    expect(new URL(requests[1]!.url).searchParams.get('from')).toBeNull();
    expect(requests[1]!.lastEventId).toBe(announced);
  });

  it('a refusal ends the stream with the typed error instead of reconnecting', async () => {
    const agent = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
    const error = await agent.subscribe({ onEvent: () => undefined }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BatonApiError);
    expect(error).toMatchObject({ code: 'forbidden', status: 403 });
  });
});

describe('a silent connection', () => {
  it('is dropped after idleTimeoutMs and resumed with Last-Event-ID', async () => {
    // A stand-in server that sends one event per connection and then goes silent (a dead proxy).
    const seenHeaders: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      const last = request.headers['last-event-id'];
      seenHeaders.push(typeof last === 'string' ? last : undefined);
      const id = String(seenHeaders.length);
      const event = {
        id,
        type: 'turn-created',
        conversationId: 'c',
        handoffId: null,
        queue: null,
        at: '2026-01-01T00:00:00Z',
        data: {},
      };
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`id: ${id}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const client = new BatonClient({
        baseUrl: `http://127.0.0.1:${port}`,
        apiKey: 'k',
        retryBaseDelayMs: 5,
      });
      const ids: string[] = [];
      for await (const event of client.events({ idleTimeoutMs: 150 })) {
        ids.push(event.id);
        if (ids.length === 3) break;
      }
      expect(ids).toEqual(['1', '2', '3']);
      expect(seenHeaders).toEqual([undefined, '1', '2']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('parseSse', () => {
  async function parse(...chunks: string[]) {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    const messages = [];
    for await (const message of parseSse(body)) messages.push(message);
    return messages;
  }

  it('reports an id-only message (no event, but the last id changes)', async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('retry: 10\n: hi\n\nid: 7\n\nid: 8\ndata: x\n\n: beat\n\n'));
        controller.close();
      },
    });
    const ids: string[] = [];
    const messages = [];
    for await (const message of parseSse(body, (id) => ids.push(id))) messages.push(message);
    expect(ids).toEqual(['7']);
    // The `retry:` of a message without data still holds for the rest of the stream.
    expect(messages).toEqual([{ id: '8', event: 'message', data: 'x', retry: 10 }]);
  });

  it('handles CRLF, CR, comments, multi-line data, split chunks, retry and a cut-off message', async () => {
    const messages = await parse(
      '\uFEFF: hello\r\nid: 1\r\ndata: {"a":\r',
      '\ndata: 1}\r\n\r\nevent: ping\rretry: 250\rdata:x\r\rid: 2\ndata',
      ': y\n\nid: 3\ndata: cut off',
    );
    expect(messages).toEqual([
      { id: '1', event: 'message', data: '{"a":\n1}', retry: undefined },
      { id: '1', event: 'ping', data: 'x', retry: 250 },
      // The reconnection time holds for the rest of the stream.
      { id: '2', event: 'message', data: 'y', retry: 250 },
    ]);
  });
});
