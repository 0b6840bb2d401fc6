/**
 * One process per PGlite data folder: two processes on one folder silently diverge. The lock is a
 * unix socket bound at `baton.lock` in the folder, listening for as long as its process lives. The
 * kernel closes it when the process dies, however it dies (kill -9 included), so a lock is live when
 * a connection to it succeeds, and stale when none can be made. A pid alone cannot tell: after a
 * crash a container restarts as pid 1 again, so the old lock names a live process (this one).
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/** The lock's file name inside the data folder. */
export const LOCK_FILE = 'baton.lock';
/** Held only while a stale lock is being replaced, so two starters cannot both replace it. */
const TAKEOVER_FILE = 'baton.lock.takeover';
/** A takeover guard older than this was left by a process that died in the middle of a takeover. */
const TAKEOVER_STALE_MS = 10_000;
/** Linux's limit on a unix socket path (sun_path is 108 bytes, one for the terminating NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

/** Thrown when another live process holds the data folder. */
export class DataFolderLockedError extends Error {
  readonly pid: number | null;
  constructor(dataDir: string, pid: number | null) {
    super(
      `The data folder ${dataDir} is in use by another Baton process (pid ${pid ?? 'unknown'}). ` +
        'Stop that process, point this one at another folder (BATON_DATA_DIR), or go through the ' +
        "running server's API.",
    );
    this.name = 'DataFolderLockedError';
    this.pid = pid;
  }
}

/** What a connection to the lock finds: a live holder (and its pid, which it tells), or nobody. */
async function probe(
  socketPath: string,
): Promise<{ live: true; pid: number | null } | { live: false; missing: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let received = '';
    let connected = false;
    let missing = false;
    socket.setEncoding('utf8');
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('close', () => {
      if (!connected) return resolve({ live: false, missing });
      const pid = Number.parseInt(received, 10);
      resolve({ live: true, pid: Number.isInteger(pid) && pid > 0 ? pid : null });
    });
    // ECONNREFUSED (nobody listens: the holder died), ENOENT (gone), ENOTSOCK-like errors for a
    // plain file left by an older version: all mean no live holder. 'close' follows and resolves.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      missing = error.code === 'ENOENT';
    });
  });
}

/** Binds the lock socket; false when the path is taken (by a live or a stale lock). */
async function listen(server: net.Server, socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(socketPath);
  });
}

/** Runs `work` holding the takeover guard (an exclusive-create file), so one starter replaces a stale lock. */
async function withTakeoverGuard<T>(dataDir: string, work: () => Promise<T>): Promise<T | null> {
  const guardPath = path.join(dataDir, TAKEOVER_FILE);
  try {
    await fs.writeFile(guardPath, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stat = await fs.stat(guardPath).catch(() => null);
    // Another starter is replacing the lock right now (a few ms); or one died doing it long ago.
    if (stat && Date.now() - stat.mtimeMs > TAKEOVER_STALE_MS) await fs.rm(guardPath, { force: true });
    return null;
  }
  try {
    return await work();
  } finally {
    await fs.rm(guardPath, { force: true });
  }
}

/** The release function of a held lock: closing a unix socket server removes its file. */
function releaseOf(server: net.Server): () => Promise<void> {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/** Takes the lock on `dataDir` (creating the folder) and returns the function that releases it. */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  const socketPath = path.resolve(dataDir, LOCK_FILE);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `The data folder path ${dataDir} is too long for its lock (at most ${MAX_SOCKET_PATH_BYTES - LOCK_FILE.length - 1} bytes); use a shorter BATON_DATA_DIR.`,
    );
  }
  const server = net.createServer((connection) => connection.end(`${process.pid}\n`));
  // The lock must never keep the process alive by itself.
  server.unref();
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await listen(server, socketPath)) return releaseOf(server);
    const found = await probe(socketPath);
    // Our own process counts too: a second PGlite on the same folder in one process diverges as well.
    if (found.live) throw new DataFolderLockedError(dataDir, found.pid);
    const took = await withTakeoverGuard(dataDir, async () => {
      // Look again under the guard: another starter may have replaced the stale lock meanwhile. Only
      // the guard's holder removes a stale file, so one found here stays stale until removed below;
      // and binding under the guard means no live lock appears between that look and the removal.
      const again = await probe(socketPath);
      if (again.live) throw new DataFolderLockedError(dataDir, again.pid);
      if (!again.missing) await fs.rm(socketPath, { force: true });
      return listen(server, socketPath);
    });
    if (took) return releaseOf(server);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Could not take the lock on the data folder ${dataDir}; try again.`);
}
