/**
 * A real Baton for the sdk's tests: the server's own service over PGlite in memory, its HTTP app,
 * served on a real socket (port 0), with a key of each scope. `await using` closes it.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from '../../../server/src/http/app.ts';
import { createService, type BatonService } from '../../../server/src/service/create-service.ts';
import { openTestPglite } from '../../../server/test/storage/test-pglite.ts';

export interface RunningBaton extends AsyncDisposable {
  url: string;
  server: Server;
  service: BatonService;
  keys: { agent: string; otherAgent: string; operator: string; otherOperator: string; admin: string };
  /** Cuts every open connection (the server keeps listening): a forced disconnect. */
  dropConnections(): void;
  close(): Promise<void>;
}

/** Starts Baton in process on 127.0.0.1, port 0. */
export async function startBaton(options: { queues?: string[] } = {}): Promise<RunningBaton> {
  const database = await openTestPglite();
  const service = await createService({ database, queues: options.queues ?? ['general', 'billing'] });
  const shutdown = new AbortController();
  const app = createApp(service, {
    logError: (error) => console.error(error),
    shutdownSignal: shutdown.signal,
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const make = async (scope: 'agent' | 'operator' | 'admin', name: string) =>
    (await service.createKey({ scope, name })).key;
  const keys = {
    agent: await make('agent', 'support bot'),
    otherAgent: await make('agent', 'other bot'),
    operator: await make('operator', 'Ada'),
    otherOperator: await make('operator', 'Grace'),
    admin: await make('admin', 'root'),
  };
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      shutdown.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      await database.close();
    })());
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    service,
    keys,
    dropConnections: () => server.closeAllConnections(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
