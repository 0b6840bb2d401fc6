/**
 * A real HTTP proxy in front of Baton that misbehaves on purpose, one planned behaviour per request:
 * forward it, forward it and then cut the connection before the answer (the answer is lost, the
 * request was acted on), or refuse it with 429 or 503 without forwarding. Records each request's
 * `Idempotency-Key`.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyBehaviour = 'forward' | 'lose-answer' | { status: 429 | 503; retryAfter?: string };

export interface FlakyProxy extends AsyncDisposable {
  url: string;
  /** Behaviours for the next requests, in order; once used up, requests are forwarded. */
  plan: ProxyBehaviour[];
  /** Each request seen: method, path and its Idempotency-Key. */
  seen: { method: string; path: string; idempotencyKey: string | undefined }[];
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the proxy on port 0 in front of `target`. */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const proxy: Omit<FlakyProxy, 'url' | typeof Symbol.asyncDispose> = { plan: [], seen: [] };
  const server: Server = createServer(async (incoming, outgoing) => {
    const key = incoming.headers['idempotency-key'];
    proxy.seen.push({
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      idempotencyKey: typeof key === 'string' ? key : undefined,
    });
    const behaviour = proxy.plan.shift() ?? 'forward';
    const body = await readBody(incoming);
    if (typeof behaviour === 'object') {
      outgoing.writeHead(behaviour.status, {
        'content-type': 'application/problem+json',
        ...(behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {}),
      });
      const code = behaviour.status === 429 ? 'rate_limited' : 'unavailable';
      outgoing.end(
        JSON.stringify({ type: `urn:baton:problem:${code}`, title: code, status: behaviour.status, code }),
      );
      return;
    }
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        if (behaviour === 'lose-answer') {
          // The server has acted; the client never hears about it.
          answer.resume();
          answer.once('end', () => incoming.socket.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => incoming.socket.destroy());
    forwarded.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
