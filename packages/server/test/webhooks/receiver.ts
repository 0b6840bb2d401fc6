/**
 * A real webhook receiver for tests: an HTTP server on 127.0.0.1, port 0, that answers each request
 * as the test scripts it and records every request (headers and the exact body). Verification goes
 * through the `standardwebhooks` package and `svix`, as a real receiver's would.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';

export interface ReceivedRequest {
  /** 0 for the first request this receiver got. */
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body exactly as received. */
  body: string;
  /** `Date.now()` when it arrived. */
  at: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long (longer than the worker's timeout makes the attempt time out). */
  delayMs?: number;
  /** Answer only once this resolves. */
  after?: Promise<void>;
}

export type Script = (request: ReceivedRequest) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `predicate` holds over the requests received so far (checked on each arrival). */
  waitFor(predicate: (requests: ReceivedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Answers 204 to everything. */
export const ACCEPT: Script = () => ({ status: 204 });

/** Starts a receiver that answers with `script`. */
export async function startReceiver(script: Script = ACCEPT): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      const received: ReceivedRequest = {
        index: requests.length,
        method: request.method ?? '',
        path: request.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(received);
      for (const check of [...waiters]) check();
      void Promise.resolve(script(received)).then(async (reply) => {
        if (reply.after) await reply.after;
        if (reply.delayMs) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, reply.delayMs);
            timers.add(timer);
          });
        }
        if (response.destroyed) return;
        response.writeHead(reply.status, reply.headers ?? {});
        response.end(reply.body ?? '');
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `the receiver did not get what was expected in ${timeoutMs} ms (${requests.length} requests)`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (!predicate(requests)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Verifies a request with the `standardwebhooks` package; returns the parsed payload or throws. */
export function verifyStandard(secret: string, request: Pick<ReceivedRequest, 'headers' | 'body'>): unknown {
  return new StandardWebhook(secret).verify(request.body, request.headers);
}

/** Verifies a request with `svix`'s `Webhook.verify`; returns the parsed payload or throws. */
export function verifySvix(secret: string, request: Pick<ReceivedRequest, 'headers' | 'body'>): unknown {
  return new SvixWebhook(secret).verify(request.body, request.headers);
}

/** Verifies with both libraries and checks they agree; returns the payload. */
export function verifyBoth(secret: string, request: Pick<ReceivedRequest, 'headers' | 'body'>): unknown {
  const standard = verifyStandard(secret, request);
  const svix = verifySvix(secret, request);
  if (JSON.stringify(standard) !== JSON.stringify(svix)) throw new Error('the two verifiers disagree');
  return standard;
}
