/**
 * Test helpers for the HTTP API: a real service over a real database (PGlite in memory, or a fresh
 * PostgreSQL database on the run's server (../postgres-server.ts) that is dropped afterwards), keys for each scope, requests,
 * a listening server on port 0, and a small Server-Sent Events parser.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import pg from 'pg';
import type { Problem } from '@baton/sdk';
import { createApp, type AppOptions } from '../../src/http/app.ts';
import { createService, type ServiceOptions } from '../../src/service/create-service.ts';
import type { Service } from '../../src/service/types.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { openTestPglite } from '../storage/test-pglite.ts';
import { POSTGRES_ADMIN_URL } from '../postgres-server.ts';

/** The PostgreSQL server the suite uses besides PGlite (found or started once per run). */
export { POSTGRES_ADMIN_URL };

/** Creates a fresh PostgreSQL database for one test file; `drop` removes it. */
export async function freshPostgresDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface Keys {
  agent: string;
  agent2: string;
  operator: string;
  operator2: string;
  admin: string;
}

export interface Stack {
  database: Database;
  service: Service;
  app: ReturnType<typeof createApp>;
  keys: Keys;
  close(): Promise<void>;
}

/** A service and app over PGlite in memory (default) or a fresh PostgreSQL database. */
export async function createStack(
  backend: 'pglite' | 'postgres' = 'pglite',
  options: AppOptions & { queues?: string[] } & Pick<
      ServiceOptions,
      'eventStreams' | 'eventHub' | 'now' | 'protocol' | 'typing'
    > = {},
): Promise<Stack> {
  const postgres = backend === 'postgres' ? await freshPostgresDatabase('baton_http') : undefined;
  const database = postgres ? await openDatabase({ databaseUrl: postgres.url }) : await openTestPglite();
  const service = await createService({
    database,
    queues: options.queues ?? ['general', 'billing', 'fraud'],
    ...(options.eventStreams ? { eventStreams: options.eventStreams } : {}),
    ...(options.eventHub ? { eventHub: options.eventHub } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
    ...(options.typing ? { typing: options.typing } : {}),
  });
  const make = async (scope: 'agent' | 'operator' | 'admin', name: string) =>
    (await service.createKey({ scope, name })).key;
  const keys: Keys = {
    agent: await make('agent', 'support bot'),
    agent2: await make('agent', 'other bot'),
    operator: await make('operator', 'Ada'),
    operator2: await make('operator', 'Grace'),
    admin: await make('admin', 'root'),
  };
  const app = createApp(service, { logError: () => {}, ...options });
  return {
    database,
    service,
    app,
    keys,
    async close() {
      await service.close();
      await database.close();
      await postgres?.drop();
    },
  };
}

/** Options of one test request. */
export interface RequestOptions {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The request init for a JSON call with an optional key. */
export function init(method: string, options: RequestOptions = {}): RequestInit {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers['authorization'] = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  return {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  };
}

/** Calls the app in process and returns the status and parsed body. */
export async function call<Body = Problem>(
  app: Stack['app'],
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<{ status: number; body: Body; headers: Headers }> {
  const response = await app.request(path, init(method, options));
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Body,
    headers: response.headers,
  };
}

/** The parts of the OpenAPI document the tests walk. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security: Record<string, string[]>[] }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** Serves the app on a real socket, port 0. */
export async function listen(
  app: Stack['app'],
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One parsed Server-Sent Event. */
export interface SseMessage {
  id: string | undefined;
  data: string;
}

/** Parses an SSE byte stream into messages (comments and `retry:` skipped), per the WHATWG rules we use. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let id: string | undefined;
  let data: string[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length > 0) yield { id, data: data.join('\n') };
        id = undefined;
        data = [];
      } else if (line.startsWith(':')) {
        continue;
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
    }
  }
}
