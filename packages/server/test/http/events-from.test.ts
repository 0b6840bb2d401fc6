/**
 * `GET /v1/events` without a cursor (`from=now`, the default): a stream that starts after the
 * newest event instead of replaying the history, announces the cursor it started at, and yields to
 * an explicit cursor; `from=oldest` replays what is kept. In process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatonEvent } from '../../src/service/types.ts';
import { call, createStack, readSse, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack('pglite', { heartbeatMs: 60_000 });
});
afterAll(async () => {
  await stack.close();
});

async function postTurn(conversationId: string, text: string): Promise<void> {
  const response = await call(stack.app, 'POST', `/v1/conversations/${conversationId}/turns`, {
    key: stack.keys.agent,
    body: { role: 'customer', text },
  });
  expect(response.status).toBe(201);
}

/** Opens a stream; resolves once the server has answered (so its starting point is fixed). */
async function open(query: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await stack.app.request(`/v1/events${query}`, {
    headers: { authorization: `Bearer ${stack.keys.operator}`, ...headers },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  return { body: response.body!, close: () => controller.abort() };
}

/** The first `count` events of a stream, then closes it. */
async function take(stream: Awaited<ReturnType<typeof open>>, count: number): Promise<BatonEvent[]> {
  const events: BatonEvent[] = [];
  try {
    for await (const message of readSse(stream.body)) {
      events.push(JSON.parse(message.data) as BatonEvent);
      if (events.length >= count) break;
    }
  } finally {
    stream.close();
  }
  return events;
}

async function newestId(): Promise<string> {
  let newest = '0';
  for (;;) {
    const page = await stack.service.events({ afterId: newest, limit: 1_000 });
    if (page.length === 0) return newest;
    newest = page.at(-1)!.id;
  }
}

describe('GET /v1/events?from=now', () => {
  it('sends only events committed after the stream opened', async () => {
    await postTurn('from-now-1', 'before one');
    await postTurn('from-now-1', 'before two');
    const before = await newestId();

    const stream = await open('?from=now');
    await postTurn('from-now-1', 'after');
    const [first] = await take(stream, 1);
    expect(BigInt(first!.id)).toBeGreaterThan(BigInt(before));
    expect((first!.data['turn'] as { text: string }).text).toBe('after');

    // Without `from` the stream starts from now too; `from=oldest` replays the history kept.
    const all = await stack.service.events({ limit: 1 });
    const byDefault = await open('');
    await postTurn('from-now-1', 'after, by default');
    const [next] = await take(byDefault, 1);
    expect((next!.data['turn'] as { text: string }).text).toBe('after, by default');
    expect((await take(await open('?from=oldest'), 1))[0]!.id).toBe(all[0]!.id);
  });

  it('announces its starting cursor first, as an id with no data', async () => {
    await postTurn('from-now-2', 'history');
    const newest = await newestId();
    const stream = await open('?from=now');
    const reader = stream.body.getReader();
    let text = '';
    while (!text.includes(`id: ${newest}\n\n`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    stream.close();
    expect(text).toContain(`id: ${newest}\n\n`);
    expect(text).not.toContain('data:');
  });

  it('filters apply: a conversation with no events starts at 0, and sees its first event', async () => {
    const stream = await open('?from=now&conversation=from-now-3');
    await postTurn('from-now-3', 'first of its kind');
    const [first] = await take(stream, 1);
    expect(first!.conversationId).toBe('from-now-3');
  });

  it('a cursor wins over from=now (header or query)', async () => {
    await postTurn('from-now-4', 'one');
    await postTurn('from-now-4', 'two');
    const [one, two] = await stack.service.events({ conversationId: 'from-now-4' });
    const byHeader = await take(
      await open('?from=now&conversation=from-now-4', { 'last-event-id': one!.id }),
      1,
    );
    expect(byHeader.map((event) => event.id)).toEqual([two!.id]);
    const byQuery = await take(await open(`?from=now&conversation=from-now-4&lastEventId=${one!.id}`), 1);
    expect(byQuery.map((event) => event.id)).toEqual([two!.id]);
  });

  it('refuses an unknown from', async () => {
    const response = await call(stack.app, 'GET', '/v1/events?from=tomorrow', { key: stack.keys.operator });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_request' });
  });
});
