/**
 * Input the database cannot store (a NUL, a lone surrogate, JSON nested thousands deep) is a 400 with
 * its own code on every route, over real HTTP and on both databases: never a 500, and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestHandoffResponse } from '@baton/sdk';
import { createStack, listen, type Stack } from './helpers.ts';

const NUL = 'a\u0000b';
const LONE_HIGH = 'a\ud800b';
const LONE_LOW = '\udc00';
const BAD_TEXTS = [
  ['NUL', NUL],
  ['lone high surrogate', LONE_HIGH],
  ['lone low surrogate', LONE_LOW],
] as const;

/** A turn with every optional field filled in, so each string in it can be spoiled in turn. */
function fullTurn(): Record<string, unknown> {
  return {
    role: 'customer',
    text: 'where is my parcel?',
    at: '2026-01-01T10:00:00Z',
    confidence: 0.5,
    intent: 'track_order',
    topics: ['shipping', 'orders'],
    toolCalls: [
      { name: 'lookup', ok: false, error: 'timeout', args: { order: 'A1' }, result: { note: 'x' } },
    ],
    amount: { value: 12, currency: 'EUR' },
    metadata: { channel: 'web', nested: { deep: ['v'] } },
    customer: { id: 'cu-1', name: 'Ann', email: 'ann@example.com', tier: 'gold', language: 'en', extra: 'x' },
  };
}

/** Every path to a string in `value`, as key lists. */
function stringPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...prefix, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, member]) => stringPaths(member, [...prefix, key]));
  }
  return [];
}

/** A copy of `value` with the string at `path` replaced. */
function withString(value: unknown, path: (string | number)[], text: string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path.at(-1)!] = text;
  return copy;
}

/** `depth` nested arrays around a string. */
function deepJson(depth: number): string {
  return `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
}

const TABLES = ['conversations', 'turns', 'handoffs', 'notes', 'idempotency_keys', 'events'];

describe.each(['pglite', 'postgres'] as const)('unstorable input on %s', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;
  let handoffId: string;
  beforeAll(async () => {
    stack = await createStack(backend);
    server = await listen(stack.app);
    await send(
      'POST',
      '/v1/conversations/fuzz/turns',
      stack.keys.agent,
      JSON.stringify({ role: 'customer', text: 'hi' }),
    );
    const requested = await send(
      'POST',
      '/v1/conversations/fuzz/handoff',
      stack.keys.agent,
      JSON.stringify({ reason: 'help' }),
    );
    handoffId = (requested.body as unknown as RequestHandoffResponse).handoff.id;
    expect((await send('POST', `/v1/handoffs/${handoffId}/claim`, stack.keys.operator)).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await stack.close();
  });

  async function send(
    method: string,
    path: string,
    key: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  async function counts(): Promise<Record<string, number>> {
    const entries = await Promise.all(
      TABLES.map(async (table) => {
        const rows = await stack.database.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
        return [table, Number(rows[0]!.n)] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  /** Each request of the corpus: what it is, how to send it, and the code it must get. */
  function corpus(): {
    name: string;
    method: string;
    path: string;
    key: string;
    body?: string;
    code: string;
  }[] {
    const cases: { name: string; method: string; path: string; key: string; body?: string; code: string }[] =
      [];
    const turn = fullTurn();
    for (const [label, bad] of BAD_TEXTS) {
      for (const path of stringPaths(turn)) {
        cases.push({
          name: `turn ${path.join('.')} with a ${label}`,
          method: 'POST',
          path: '/v1/conversations/fuzz-new/turns',
          key: stack.keys.agent,
          body: JSON.stringify(withString(turn, path, bad)),
          code: 'invalid_text',
        });
      }
      cases.push({
        name: `turn metadata key with a ${label}`,
        method: 'POST',
        path: '/v1/conversations/fuzz-new/turns',
        key: stack.keys.agent,
        body: JSON.stringify({ role: 'customer', text: 'hi', metadata: { [bad]: 1 } }),
        code: 'invalid_text',
      });
      const operatorBodies: [string, Record<string, unknown>][] = [
        ['messages', { text: bad }],
        ['notes', { text: bad }],
        ['transfer', { queue: 'billing', note: bad }],
        ['return', { note: bad }],
        ['resolve', { resolution: 'resolved', note: bad }],
      ];
      for (const [route, body] of operatorBodies) {
        cases.push({
          name: `${route} with a ${label}`,
          method: 'POST',
          path: `/v1/handoffs/${handoffId}/${route}`,
          key: stack.keys.operator,
          body: JSON.stringify(body),
          code: 'invalid_text',
        });
      }
      cases.push({
        name: `handoff request reason with a ${label}`,
        method: 'POST',
        path: '/v1/conversations/fuzz/handoff',
        key: stack.keys.agent,
        body: JSON.stringify({ reason: bad }),
        code: 'invalid_text',
      });
    }
    const encodedNul = '%00';
    for (const [name, method, path, key, body] of [
      [
        'conversation id with %00 (turn)',
        'POST',
        `/v1/conversations/c${encodedNul}x/turns`,
        stack.keys.agent,
        '{"role":"customer","text":"hi"}',
      ],
      [
        'conversation id with %00 (read)',
        'GET',
        `/v1/conversations/c${encodedNul}`,
        stack.keys.agent,
        undefined,
      ],
      [
        'conversation id with %00 (handoff)',
        'POST',
        `/v1/conversations/${encodedNul}/handoff`,
        stack.keys.agent,
        '{"reason":"r"}',
      ],
      ['handoff id with %00 (read)', 'GET', `/v1/handoffs/h${encodedNul}`, stack.keys.operator, undefined],
      [
        'handoff id with %00 (claim)',
        'POST',
        `/v1/handoffs/h${encodedNul}/claim`,
        stack.keys.operator,
        undefined,
      ],
      [
        'handoff id with %00 (note)',
        'POST',
        `/v1/handoffs/${handoffId}${encodedNul}/notes`,
        stack.keys.operator,
        '{"text":"t"}',
      ],
      ['queue filter with %00', 'GET', `/v1/handoffs?queue=q${encodedNul}`, stack.keys.operator, undefined],
      [
        'events filter with %00',
        'GET',
        `/v1/events?conversationId=c${encodedNul}&wait=0`,
        stack.keys.operator,
        undefined,
      ],
    ] as const) {
      cases.push({ name, method, path, key, ...(body ? { body } : {}), code: 'invalid_text' });
    }
    for (const [label, bad] of BAD_TEXTS) {
      cases.push({
        name: `MCP tool call argument with a ${label}`,
        method: 'POST',
        path: '/mcp',
        key: stack.keys.agent,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'request_person', arguments: { conversationId: 'fuzz', reason: bad } },
        }),
        code: 'invalid_text',
      });
    }
    cases.push({
      name: 'MCP body nested 3000 deep',
      method: 'POST',
      path: '/mcp',
      key: stack.keys.agent,
      body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${deepJson(3_000)}}`,
      code: 'json_too_deep',
    });
    for (const depth of [65, 3_000, 100_000]) {
      cases.push({
        name: `turn metadata nested ${depth} deep`,
        method: 'POST',
        path: '/v1/conversations/fuzz-new/turns',
        key: stack.keys.agent,
        body: `{"role":"customer","text":"hi","metadata":{"k":${deepJson(depth)}}}`,
        code: 'json_too_deep',
      });
      cases.push({
        name: `note nested ${depth} deep`,
        method: 'POST',
        path: `/v1/handoffs/${handoffId}/notes`,
        key: stack.keys.operator,
        body: deepJson(depth),
        code: 'json_too_deep',
      });
    }
    return cases;
  }

  it('answers 400 with a stable code to every request of the corpus, and stores nothing', async () => {
    const before = await counts();
    const cases = corpus();
    expect(cases.length).toBeGreaterThan(80);
    const wrong: string[] = [];
    for (const request of cases) {
      const response = await send(request.method, request.path, request.key, request.body);
      if (response.status !== 400 || response.body['code'] !== request.code) {
        wrong.push(`${request.name}: ${response.status} ${String(response.body['code'])}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('names the field in the problem, and still accepts text with real surrogate pairs and a nesting of 64', async () => {
    const refused = await send(
      'POST',
      '/v1/conversations/fuzz-named/turns',
      stack.keys.agent,
      JSON.stringify({
        role: 'customer',
        text: 'ok',
        toolCalls: [{ name: 'x', ok: true, args: { q: NUL } }],
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body['errors']).toEqual([
      expect.objectContaining({ path: 'body.toolCalls.0.args.q', code: 'invalid_text' }),
    ]);
    const accepted = await send(
      'POST',
      '/v1/conversations/fuzz-fine/turns',
      stack.keys.agent,
      `{"role":"customer","text":"thanks 😀 \\ud83d\\ude00","metadata":{"k":${deepJson(62)}}}`,
    );
    expect(accepted.status).toBe(201);
    expect((accepted.body['turn'] as { text: string }).text).toBe('thanks 😀 😀');
  });
});
