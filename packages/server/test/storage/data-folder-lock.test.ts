/** One process per PGlite data folder: a second opener is refused; a dead owner's lock is taken over. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderLockedError, lockDataFolder } from '../../src/storage/data-folder-lock.ts';
import { openDatabase } from '../../src/storage/database.ts';

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'baton-lock-'));
  folders.push(folder);
  return folder;
}
afterAll(async () => {
  await Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true })));
});

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
      await expect(second).rejects.toThrow(/in use by another Baton process \(pid \d+\)/);
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
  });

  it('takes over a lock left by a process that died', async () => {
    const folder = await tempFolder();
    // A pid far above any live one on this machine.
    await fs.writeFile(path.join(folder, 'baton.lock'), '4194000\n');
    const release = await lockDataFolder(folder);
    expect((await fs.readFile(path.join(folder, 'baton.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await release();
  });
});
