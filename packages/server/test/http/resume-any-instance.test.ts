/**
 * Nothing is sticky: two instances (each its own service, pool and HTTP server) on one PostgreSQL
 * database. A client reads part of the event stream from one, loses it, and resumes on the other
 * with `Last-Event-ID`: it gets every later event once, in order, including events the first
 * instance wrote and events written after it left. This is what lets a load balancer send a
 * reconnecting stream anywhere (docs/deployment.md).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { createService } from '../../src/service/create-service.ts';
import type { BatonEvent, Service } from '../../src/service/types.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { SKIP_POSTGRES } from '../postgres-server.ts';
import { freshPostgresDatabase, listen, readSse } from './helpers.ts';

interface Instance {
  database: Database;
  service: Service;
  server: Awaited<ReturnType<typeof listen>>;
}

let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const instances: Instance[] = [];
let operatorKey: string;
let agentKey: string;

beforeAll(async () => {
  if (SKIP_POSTGRES) return;
  postgres = await freshPostgresDatabase('baton_resume');
  for (let index = 0; index < 2; index++) {
    const database = await openDatabase({ databaseUrl: postgres.url });
    const service = await createService({ database, queues: ['general'] });
    const server = await listen(createApp(service, { logError: () => {}, heartbeatMs: 60_000 }));
    instances.push({ database, service, server });
  }
  operatorKey = (await instances[0]!.service.createKey({ scope: 'operator', name: 'Ada' })).key;
  agentKey = (await instances[1]!.service.createKey({ scope: 'agent', name: 'bot' })).key;
});
afterAll(async () => {
  for (const { server, service, database } of instances) {
    await server.close();
    await service.close();
    await database.close();
  }
  await postgres?.drop();
});

/** Posts a customer turn through one instance's HTTP API. */
async function postTurn(instance: Instance, conversationId: string, text: string): Promise<void> {
  const response = await fetch(`${instance.server.url}/v1/conversations/${conversationId}/turns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'customer', text }),
  });
  expect(response.status).toBe(201);
}

/** Reads `count` events from an instance's stream, then drops the connection. */
async function readEvents(instance: Instance, query: string, lastId: string | null, count: number) {
  const controller = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${operatorKey}` };
  if (lastId) headers['last-event-id'] = lastId;
  const response = await fetch(`${instance.server.url}/v1/events${query}`, {
    headers,
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: BatonEvent[] = [];
  const timeout = setTimeout(() => controller.abort(), 10_000);
  try {
    for await (const message of readSse(response.body!)) {
      events.push(JSON.parse(message.data) as BatonEvent);
      if (events.length >= count) break;
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return events;
}

it.skipIf(SKIP_POSTGRES)(
  'resumes on the other instance with Last-Event-ID: every later event once, in order',
  async () => {
    const [first, second] = instances as [Instance, Instance];
    const conversations = ['resume-a', 'resume-b', 'resume-c'];
    for (const id of conversations) await postTurn(first, id, `hello from ${id}`);
    const before = await first.database.query<{ id: string }>(
      'SELECT id::text AS id FROM events ORDER BY tx, id',
    );
    expect(before.length).toBeGreaterThanOrEqual(3);

    // Part of the stream on the first instance, then the connection is gone.
    const half = Math.ceil(before.length / 2);
    const seen = await readEvents(first, '?from=oldest', null, half);
    expect(seen.map((event) => event.id)).toEqual(before.slice(0, half).map((row) => row.id));

    // More is written (on the first instance) while the client is away.
    await postTurn(first, 'resume-d', 'I want to talk to a person please');
    const all = await first.database.query<{ id: string }>(
      'SELECT id::text AS id FROM events ORDER BY tx, id',
    );
    const rest = all.slice(half).map((row) => row.id);

    // The client reconnects through the load balancer and lands on the second instance.
    const resumed = await readEvents(second, '', seen.at(-1)!.id, rest.length);
    expect(resumed.map((event) => event.id)).toEqual(rest);
    expect(resumed.some((event) => event.type === 'handoff-requested')).toBe(true);
  },
);
