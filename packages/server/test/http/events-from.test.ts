/**
 * `GET /v1/events?from=now`: a stream that starts after the newest event instead of replaying the
 * history, announces the cursor it started at, and yields to an explicit cursor. In process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatonEvent } from '../../src/service/types.ts';
import { createApp } from '../../src/http/app.ts';
import { call, createStack, readSse, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack('pglite', { heartbeatMs: 60_000, wakeTimeoutMs: 200 });
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

    // Without `from` (or with `from=oldest`) the history is replayed from the oldest event.
    const all = await stack.service.events({ limit: 1 });
    expect((await take(await open(''), 1))[0]!.id).toBe(all[0]!.id);
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

  it('starts after the newest event the service reports, however long the history', async () => {
    const total = 2_345;
    const reads: (string | undefined)[] = [];
    const service = {
      ...stack.service,
      // A fake history of `total` events, served in pages as the real service serves them.
      events: async (filter: { afterId?: string; limit?: number }) => {
        reads.push(filter.afterId);
        const after = Number(filter.afterId ?? '0');
        const count = Math.max(0, Math.min(filter.limit ?? 500, 1_000, total - after));
        return Array.from({ length: count }, (_, index) => ({
          id: String(after + index + 1),
          type: 'turn-created' as const,
          conversationId: 'c',
          handoffId: null,
          queue: null,
          at: new Date(0).toISOString(),
          data: {},
        }));
      },
      latestEventId: async () => String(total),
      waitForEvents: (signal: AbortSignal) =>
        new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    };
    const app = createApp(service, { logError: () => {} });
    const controller = new AbortController();
    const response = await app.request('/v1/events?from=now', {
      headers: { authorization: `Bearer ${stack.keys.operator}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(`id: ${total}\n\n`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain(`id: ${total}\n\n`);
    expect(text).not.toContain('data:');
    // The stream asked for nothing before the newest id: no history was read.
    expect(reads.every((afterId) => afterId === String(total))).toBe(true);
  });

  it('refuses an unknown from', async () => {
    const response = await call(stack.app, 'GET', '/v1/events?from=tomorrow', { key: stack.keys.operator });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_request' });
  });
});
