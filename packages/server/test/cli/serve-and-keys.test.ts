/**
 * The `baton` CLI as a user runs it: `baton serve` on a fresh data folder prints the URLs and a
 * first-run admin key that works; `baton keys create` while the server holds the folder says so
 * clearly; after a graceful SIGTERM it prints a key alone on stdout, and a restart reuses the data.
 * Configuration mistakes (a bad port, an invalid policy file) stop it with file:line messages, exit 2.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  dataDir = await mkdtemp(join(tmpdir(), 'baton-cli-'));
  environment = { ...process.env, PORT: '0', BATON_DATA_DIR: dataDir, DATABASE_URL: '', BATON_POLICY: '' };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts `baton serve` and resolves with its output once it listens. */
async function serve(): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const child = spawn(process.execPath, [baton, 'serve'], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const match = /Make keys[^\n]*\n/.test(output) && /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearInterval(check);
        resolve(match[1]!);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`baton serve exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, url };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('baton serve and baton keys create', () => {
  it('serves, prints a first-run admin key, refuses a second process, and makes keys when stopped', async () => {
    const first = await serve();
    try {
      const output = first.output();
      expect(output).toContain(`${first.url}/openapi.json`);
      expect(output).toContain('PGlite (embedded)');
      const adminKey = /First run[^\n]*\n\n\s+(bk_\S+)/.exec(output)?.[1];
      expect(adminKey, output).toBeDefined();
      const policy = await fetch(`${first.url}/v1/policy`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(policy.status).toBe(200);

      const locked = await run(process.execPath, [baton, 'keys', 'create', '--scope', 'agent'], {
        env: environment,
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect(locked).toMatchObject({ code: 1, stdout: '' });
      expect((locked as { stderr: string }).stderr).toMatch(/in use by another Baton process/);
      expect((locked as { stderr: string }).stderr).toContain('/v1/keys');
    } finally {
      expect(await stop(first.child)).toBe(0);
    }

    const created = await run(
      process.execPath,
      [baton, 'keys', 'create', '--scope', 'operator', '--name', 'Ada'],
      {
        env: environment,
      },
    );
    expect(created.stdout).toMatch(/^bk_[0-9a-f]{16}_[\w-]{43}\n$/);

    const second = await serve();
    try {
      expect(second.output()).not.toContain('First run');
      const key = created.stdout.trim();
      const queue = await fetch(`${second.url}/v1/handoffs`, { headers: { authorization: `Bearer ${key}` } });
      expect(queue.status).toBe(200);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 90_000);

  it('refuses a bad scope and a bad port with a clear message and exit code', async () => {
    const scope = await run(process.execPath, [baton, 'keys', 'create', '--scope', 'root'], {
      env: environment,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(scope).toMatchObject({ code: 1 });
    expect((scope as { stderr: string }).stderr).toContain('use agent, operator or admin');
    const port = await run(process.execPath, [baton, 'serve'], {
      env: { ...environment, PORT: 'eighty' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(port).toMatchObject({ code: 2 });
    expect((port as { stderr: string }).stderr).toContain('PORT must be a whole number');
    const policyPath = join(dataDir, 'bad-policy.yaml');
    await writeFile(
      policyPath,
      'version: x\ntriggers:\n  - id: a\n    when: { signal: nope }\n    action: explode\n',
    );
    const policy = await run(process.execPath, [baton, 'serve', '--policy', policyPath], {
      env: environment,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(policy).toMatchObject({ code: 2 });
    expect((policy as { stderr: string }).stderr).toContain(`${policyPath}:5:13 triggers[0].action`);
    expect((policy as { stderr: string }).stderr).toContain(
      `${policyPath}:4:21 triggers[0].when.signal: unknown signal "nope"; the signals are human_request`,
    );
    // BATON_QUEUES names the queues a policy may route to; another one is refused at load.
    const queuePath = join(dataDir, 'queue-policy.yaml');
    await writeFile(
      queuePath,
      'version: q\ntriggers:\n  - id: a\n    when: { signal: loop }\n    action: handoff\n    queue: fraud\n',
    );
    const queue = await run(process.execPath, [baton, 'serve', '--policy', queuePath], {
      env: { ...environment, BATON_QUEUES: 'general,billing' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(queue).toMatchObject({ code: 2 });
    expect((queue as { stderr: string }).stderr).toContain(
      `${queuePath}:6:12 triggers[0].queue: unknown queue "fraud"; the queues are general, billing`,
    );
  }, 90_000);
});
