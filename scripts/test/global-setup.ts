/**
 * vitest's global setup: once per run, before any test file, finds or starts the PostgreSQL server
 * the suite uses (./test-postgres.ts) and hands its URL to the test files (`inject('postgresUrl')`);
 * builds the console the browser tests open, or says up front that they will be skipped and how to
 * enable them.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { chromiumMissing } from './chromium.ts';
import { resolveTestPostgres } from './test-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database of the run's PostgreSQL server; null when BATON_SKIP_POSTGRES=1. */
    postgresUrl: string | null;
  }
}

const log = (line: string) => process.stderr.write(`baton tests: ${line}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const browser = chromiumMissing();
  if (browser) log(`the browser tests will be skipped. ${browser}.`);
  else await buildConsole();
  if (process.env['BATON_SKIP_POSTGRES'] === '1') {
    log('BATON_SKIP_POSTGRES=1: the PostgreSQL tests are left out; PGlite runs them all.');
    project.provide('postgresUrl', null);
    return async () => {};
  }
  const postgres = await resolveTestPostgres(process.env, { log });
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}

/**
 * Builds the console into packages/console/dist with the command the quick start runs, once for
 * every browser test file (each building its own would empty the folder under the others' servers),
 * in a child process: under vitest NODE_ENV is `test`, which would give React's development build.
 */
async function buildConsole(): Promise<void> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const env = { ...process.env, NODE_ENV: 'production' };
  await promisify(execFile)('npm', ['run', 'build', '-w', '@baton/console'], { cwd: root, env });
}
