/**
 * The body limit over a real socket, where @hono/node-server hands the app a lightweight request:
 * a declared length is judged from the header, a chunked body by counting what arrives, and a body
 * under the limit is still read whole (from the socket, not through a web stream).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createStack, listen, type Stack } from './helpers.ts';

const LIMIT = 4 * 1024;
let stack: Stack;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  stack = await createStack('pglite', { bodyLimitBytes: LIMIT });
  server = await listen(stack.app);
});
afterAll(async () => {
  await server.close();
  await stack.close();
});

/** Posts `body` to a conversation's turns, with a Content-Length or chunked; resolves status and JSON. */
function post(
  conversationId: string,
  body: string,
  framing: 'length' | 'chunked',
): Promise<{ status: number; body: { code?: string; turn?: { text: string } } }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/v1/conversations/${conversationId}/turns`,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${stack.keys.agent}`,
          ...(framing === 'length' ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    if (framing === 'chunked') {
      // Two writes before the end: Node sends them as chunks, with no Content-Length.
      const middle = Math.floor(body.length / 2);
      request.write(body.slice(0, middle));
      request.write(body.slice(middle));
    }
    request.end(framing === 'chunked' ? undefined : body);
  });
}

const turn = (length: number) => JSON.stringify({ role: 'customer', text: 'é'.repeat(length) });

describe('body limit over a socket', () => {
  it('refuses a declared or a chunked body over the limit, and stores nothing', async () => {
    // 'é' is two bytes in UTF-8: the limit counts bytes, not characters.
    const over = turn(LIMIT / 2);
    expect(over.length).toBeLessThan(LIMIT);
    for (const framing of ['length', 'chunked'] as const) {
      const refused = await post(`over-${framing}`, over, framing);
      expect(refused.status).toBe(413);
      expect(refused.body.code).toBe('payload_too_large');
      const read = await call(stack.app, 'GET', `/v1/conversations/over-${framing}`, {
        key: stack.keys.agent,
      });
      expect(read.status).toBe(404);
    }
  });

  it('reads a body under the limit whole, either way', async () => {
    const under = turn(LIMIT / 2 - 100);
    for (const framing of ['length', 'chunked'] as const) {
      const stored = await post(`under-${framing}`, under, framing);
      expect(stored.status).toBe(201);
      expect(stored.body.turn?.text).toBe('é'.repeat(LIMIT / 2 - 100));
    }
  });
});
