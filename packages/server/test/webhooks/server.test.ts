/**
 * Webhooks through the composition root (`startServer`, as `baton serve` runs it): two instances on
 * one PostgreSQL database share the work, and every event reaches the receiver once, signed; without
 * BATON_WEBHOOKS_ALLOW_PRIVATE=1 a loopback URL is refused. Real sockets throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, WebhookWithSecret } from '@baton/sdk';
import { readConfig, startServer, type RunningServer } from '../../src/main.ts';
import { freshPostgresDatabase } from '../http/helpers.ts';
import { BACKENDS } from '../storage/backends.ts';
import { startReceiver, verifyBoth, type Receiver } from './receiver.ts';

async function api<Body = Problem>(
  server: RunningServer,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Body };
}

describe.runIf(BACKENDS.includes('postgres'))('webhooks across two server instances', () => {
  const servers: RunningServer[] = [];
  let drop: () => Promise<void> = async () => {};
  let receiver: Receiver;
  beforeAll(async () => {
    const postgres = await freshPostgresDatabase('baton_webhooks');
    drop = postgres.drop;
    const environment = { PORT: '0', DATABASE_URL: postgres.url, BATON_WEBHOOKS_ALLOW_PRIVATE: '1' };
    servers.push(await startServer(readConfig(environment)));
    servers.push(await startServer(readConfig(environment)));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await receiver.close();
    await drop();
  });

  it('delivers every event once, signed, whichever instance wrote it', async () => {
    const [first, second] = servers as [RunningServer, RunningServer];
    const admin = (await first.service.createKey({ scope: 'admin', name: 'root' })).key;
    const agent = (await first.service.createKey({ scope: 'agent', name: 'bot' })).key;
    const created = await api<WebhookWithSecret>(second, 'POST', '/v1/webhooks', admin, {
      url: receiver.url,
      eventTypes: ['turn-created'],
    });
    expect(created.status).toBe(201);

    const turns = 20;
    await Promise.all(
      Array.from({ length: turns }, async (_, index) => {
        const server = index % 2 === 0 ? first : second;
        const response = await api(server, 'POST', `/v1/conversations/multi-${index}/turns`, agent, {
          role: 'customer',
          text: `Order ${index} has not arrived.`,
        });
        expect([200, 201]).toContain(response.status);
      }),
    );
    await receiver.waitFor(
      (requests) => new Set(requests.map((r) => r.headers['webhook-id'])).size === turns,
    );
    const payloads = receiver.requests.map(
      (request) => verifyBoth(created.body.secret, request) as { data: { conversationId: string } },
    );
    expect(new Set(payloads.map((payload) => payload.data.conversationId)).size).toBe(turns);
    // No crash, so no duplicate: each delivery was leased by one instance.
    expect(receiver.requests).toHaveLength(turns);
    const attempts = await first.database.query<{ worker: string }>(
      'SELECT DISTINCT worker FROM webhook_attempts',
    );
    expect(attempts.length).toBeGreaterThanOrEqual(1);
  });
});

describe('a server without BATON_WEBHOOKS_ALLOW_PRIVATE', () => {
  let server: RunningServer;
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    if (BACKENDS.includes('postgres')) {
      const postgres = await freshPostgresDatabase('baton_webhooks');
      drop = postgres.drop;
      server = await startServer(readConfig({ PORT: '0', DATABASE_URL: postgres.url }));
    } else {
      const { mkdtemp, rm } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dataDir = await mkdtemp(join(tmpdir(), 'baton-webhooks-'));
      drop = () => rm(dataDir, { recursive: true, force: true });
      server = await startServer(readConfig({ PORT: '0', BATON_DATA_DIR: dataDir }));
    }
  });
  afterAll(async () => {
    await server?.close();
    await drop();
  });

  it('refuses a loopback URL with 400 webhook_url_refused', async () => {
    const admin = (await server.service.createKey({ scope: 'admin', name: 'root' })).key;
    const refused = await api(server, 'POST', '/v1/webhooks', admin, {
      url: `${server.url}/v1/handoffs`,
      eventTypes: ['*'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('webhook_url_refused');
  });
});
