/**
 * A real Baton for the MCP tests: the service over PGlite in memory and the whole HTTP app (with
 * `/mcp`) on a real socket, port 0, with keys of each scope and a client per key.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { BatonClient } from '@baton/sdk';
import { createApp } from '../../src/http/app.ts';
import { createService } from '../../src/service/create-service.ts';
import { openTestPglite } from '../storage/test-pglite.ts';

export interface ServedBaton {
  url: string;
  keys: { agent: string; otherAgent: string; operator: string };
  clients: { agent: BatonClient; otherAgent: BatonClient; operator: BatonClient };
  /** Errors the app logged as unexpected: a test expects none. */
  unexpected: unknown[];
  close(): Promise<void>;
}

/** Starts Baton on 127.0.0.1, port 0. */
export async function serveBaton(): Promise<ServedBaton> {
  const database = await openTestPglite();
  const service = await createService({ database, queues: ['general', 'billing'] });
  const unexpected: unknown[] = [];
  const app = createApp(service, { logError: (error) => unexpected.push(error) });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = async (scope: 'agent' | 'operator', name: string) =>
    (await service.createKey({ scope, name })).key;
  const keys = {
    agent: await key('agent', 'mcp bot'),
    otherAgent: await key('agent', 'other bot'),
    operator: await key('operator', 'Ada'),
  };
  return {
    url,
    keys,
    clients: {
      agent: new BatonClient({ baseUrl: url, apiKey: keys.agent }),
      otherAgent: new BatonClient({ baseUrl: url, apiKey: keys.otherAgent }),
      operator: new BatonClient({ baseUrl: url, apiKey: keys.operator }),
    },
    unexpected,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      await database.close();
    },
  };
}
