/**
 * `baton keys list` and `baton keys revoke` as a user runs them on the embedded database: with the
 * server stopped they work on the data folder (the revoked key is refused once the server is back);
 * with the server running they stop with the API call to make instead.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const baton = fileURLToPath(new URL('../../bin/baton-dev.js', import.meta.url));
let dataDir: string;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'baton-keys-'));
  environment = { ...process.env, PORT: '0', BATON_DATA_DIR: dataDir, DATABASE_URL: '', BATON_POLICY: '' };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

type Failure = { code: number; stdout: string; stderr: string };
const cli = (...args: string[]) =>
  run(process.execPath, [baton, ...args], { env: environment }).catch((error: Failure) => error);

describe('baton keys list and revoke', () => {
  it('revokes by id on a stopped server, and points at the API while one runs', async () => {
    const created = (await cli('keys', 'create', '--scope', 'operator', '--name', 'Ada')) as {
      stdout: string;
    };
    const key = created.stdout.trim();
    const id = /^bk_([0-9a-f]{16})_/.exec(key)![1]!;
    const listed = (await cli('keys', 'list')) as { stdout: string };
    expect(listed.stdout).toContain(`${id}\toperator\tactive\tAda`);
    expect(listed.stdout).not.toContain(key.slice(20));

    const revoked = (await cli('keys', 'revoke', id)) as { stdout: string; stderr: string };
    expect(revoked.stderr).toContain(`key ${id} (operator, Ada) revoked at`);
    expect(((await cli('keys', 'list')) as { stdout: string }).stdout).toMatch(
      new RegExp(`${id}\toperator\trevoked \\S+\tAda`),
    );
    const unknown = (await cli('keys', 'revoke', 'ffffffffffffffff')) as Failure;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no API key ffffffffffffffff');

    const child = spawn(process.execPath, [baton, 'serve'], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const check = setInterval(() => {
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) {
            clearInterval(check);
            resolve(match[1]!);
          }
        }, 50);
        child.once('exit', (code) => reject(new Error(`baton serve exited with ${code}:\n${output}`)));
      });
      const refused = await fetch(`${url}/v1/handoffs`, { headers: { authorization: `Bearer ${key}` } });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('key_revoked');

      const locked = (await cli('keys', 'revoke', id)) as Failure;
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/in use by another Baton process/);
      expect(locked.stderr).toContain(`-X DELETE http://`);
      expect(locked.stderr).toContain(`/v1/keys/${id}`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 400_000);
});
