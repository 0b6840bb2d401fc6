/**
 * One process per PGlite data folder: two processes on one folder silently diverge, so the folder
 * holds a lock file with the owner's pid. A lock left by a dead process is taken over.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Thrown when another live process holds the data folder. */
export class DataFolderLockedError extends Error {
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(
      `The data folder ${dataDir} is in use by another Baton process (pid ${pid}). ` +
        'Stop that process, point this one at another folder (BATON_DATA_DIR), or go through the ' +
        "running server's API.",
    );
    this.name = 'DataFolderLockedError';
    this.pid = pid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dataDir` (creating the folder) and returns the function that releases it. */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'baton.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await fs.rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
    // Our own pid counts as live: a second PGlite on the same folder in one process diverges too.
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new DataFolderLockedError(dataDir, pid);
    // Stale (its process died without releasing it): remove it and try again.
    await fs.rm(lockPath, { force: true });
  }
  throw new Error(`Could not take the lock on the data folder ${dataDir}; try again.`);
}
