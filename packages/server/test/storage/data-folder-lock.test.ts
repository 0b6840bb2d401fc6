/**
 * One process per PGlite data folder: a second opener is refused, and a lock whose process died, by
 * any death (kill -9 included) and whatever pid it named, is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderLockedError, lockDataFolder } from '../../src/storage/data-folder-lock.ts';
import { openDatabase } from '../../src/storage/database.ts';

const LOCK_MODULE = fileURLToPath(new URL('../../src/storage/data-folder-lock.ts', import.meta.url));

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'baton-lock-'));
  folders.push(folder);
  return folder;
}
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true })));
});

/** A separate process that takes the lock on `folder` and holds it until killed. */
async function holderProcess(folder: string): Promise<ChildProcess> {
  const script =
    `const { lockDataFolder } = await import(${JSON.stringify(LOCK_MODULE)});` +
    `await lockDataFolder(${JSON.stringify(folder)});` +
    `process.stdout.write('locked\\n'); setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

describe('data folder lock', () => {
  it('opens PGlite in a folder, refuses a second opener with a clear message, and reopens after close', async () => {
    const folder = await tempFolder();
    const database = await openDatabase({ dataDir: folder });
    try {
      await database.query(
        `INSERT INTO operator_presence (key_id, name, status, updated_at) VALUES ('k', 'n', 'online', now())`,
      );
      const second = openDatabase({ dataDir: folder });
      await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
      await expect(second).rejects.toThrow(`in use by another Baton process (pid ${process.pid})`);
    } finally {
      await database.close();
    }
    const reopened = await openDatabase({ dataDir: folder });
    try {
      const rows = await reopened.query<{ key_id: string }>('SELECT key_id FROM operator_presence');
      expect(rows).toEqual([{ key_id: 'k' }]);
    } finally {
      await reopened.close();
    }
    await expect(fs.access(path.join(folder, 'baton.lock'))).rejects.toThrow();
    // Two PGlite starts: slow on a busy machine.
  }, 120_000);

  it('refuses while another live process holds the lock, and takes it once that process is killed -9', async () => {
    const folder = await tempFolder();
    const holder = await holderProcess(folder);
    const refused = lockDataFolder(folder);
    await expect(refused).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(refused).rejects.toThrow(`in use by another Baton process (pid ${holder.pid})`);

    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    // The dead holder's socket file is still there; nothing listens on it any more.
    await expect(fs.access(path.join(folder, 'baton.lock'))).resolves.toBeUndefined();
    const release = await lockDataFolder(folder);
    await expect(lockDataFolder(folder)).rejects.toBeInstanceOf(DataFolderLockedError);
    await release();
    const again = await lockDataFolder(folder);
    await again();
  });

  it.each([
    ['its own pid (a container restarted as pid 1)', String(process.pid)],
    ['a pid far above any live one', '4194000'],
    ['no pid at all', ''],
  ])('takes over a plain lock file left by a dead process naming %s', async (_name, content) => {
    const folder = await tempFolder();
    await fs.writeFile(path.join(folder, 'baton.lock'), `${content}\n`);
    const release = await lockDataFolder(folder);
    await expect(lockDataFolder(folder)).rejects.toThrow(`pid ${process.pid}`);
    await release();
  });

  it('lets exactly one of several concurrent starters take a stale lock', async () => {
    const folder = await tempFolder();
    await fs.writeFile(path.join(folder, 'baton.lock'), `${process.pid}\n`);
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => lockDataFolder(folder)));
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(DataFolderLockedError);
    }
    await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  });
});
