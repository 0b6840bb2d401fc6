/**
 * What the adapter tests share: a local HTTP server standing in for the platform (it records every
 * call and can fail the next ones), and a Baton over PGlite or a fresh PostgreSQL with the adapters
 * configured, on a real socket.
 */
import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import {
  createAdapters,
  type AdaptersConfig,
  type RunningAdapters,
} from '../../src/adapters/create-adapters.ts';
import { createApp } from '../../src/http/app.ts';
import { createService } from '../../src/service/create-service.ts';
import type { Service } from '../../src/service/types.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { openTestPglite } from '../storage/test-pglite.ts';
import { freshPostgresDatabase } from '../http/helpers.ts';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A platform's API on 127.0.0.1: records each call; `failTimes(n)` answers the next n with 500;
 * `answers` gives the JSON body of a `METHOD /path` (`{"success":true}` otherwise).
 */
export async function startRecorder(answers: Record<string, unknown> = {}) {
  const calls: RecordedCall[] = [];
  let failNext = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        response.writeHead(500).end('try later');
        return;
      }
      const url = new URL(request.url ?? '/', 'http://platform');
      calls.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: JSON.parse(body || '{}') as Record<string, unknown>,
      });
      const answer = answers[`${request.method} ${url.pathname}`] ?? { success: true };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failTimes: (count: number) => (failNext = count),
    /** Waits (up to 15 s) until `count` calls arrived. */
    async waitFor(count: number): Promise<RecordedCall[]> {
      const deadline = Date.now() + 15_000;
      while (calls.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} calls, got ${calls.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AdapterStack {
  url: string;
  service: Service;
  database: Database;
  keys: { agent: string; operator: string };
  post(
    key: string | undefined,
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
  }>;
  conversation(id: string): Promise<{
    turns: { role: string; text: string }[];
    customer: { name?: string };
    handoffs: { id: string; status: string; queue: string; brief: unknown }[];
  }>;
  close(): Promise<void>;
}

/** Baton with the adapters `configure` gives (it may create keys first), on port 0. */
export async function startAdapterStack(
  backend: 'pglite' | 'postgres',
  configure: (service: Service) => Promise<AdaptersConfig>,
): Promise<AdapterStack> {
  const postgres = backend === 'postgres' ? await freshPostgresDatabase('baton_adapters') : undefined;
  const database = postgres ? await openDatabase({ databaseUrl: postgres.url }) : await openTestPglite();
  const service = await createService({ database, queues: ['general', 'billing'] });
  const keys = {
    agent: (await service.createKey({ scope: 'agent', name: 'support bot' })).key,
    operator: (await service.createKey({ scope: 'operator', name: 'Ada' })).key,
  };
  const adapters: RunningAdapters = createAdapters({
    database,
    config: await configure(service),
    queues: ['general', 'billing'],
    waitForEvents: (signal) => service.waitForEvents(signal),
    logError: () => {},
  });
  const app = createApp(service, { adapters: adapters.routes, logError: () => {} });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  adapters.start();
  return {
    url,
    service,
    database,
    keys,
    async post(key, path, body, headers = {}) {
      const response = await fetch(new URL(path, url), {
        method: 'POST',
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          'content-type': 'application/json',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
    },
    async conversation(id) {
      const response = await fetch(new URL(`/v1/conversations/${id}`, url), {
        headers: { authorization: `Bearer ${keys.operator}` },
      });
      return (await response.json()) as Awaited<ReturnType<AdapterStack['conversation']>>;
    },
    async close() {
      await adapters.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      await database.close();
      await postgres?.drop();
    },
  };
}
