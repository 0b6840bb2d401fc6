/**
 * vitest's global setup: once per run, before any test file, finds or starts the PostgreSQL server
 * the suite uses (./test-postgres.ts) and hands its URL to the test files (`inject('postgresUrl')`);
 * says up front when the browser tests will be skipped and how to enable them.
 */
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
  if (process.env['BATON_SKIP_POSTGRES'] === '1') {
    log('BATON_SKIP_POSTGRES=1: the PostgreSQL tests are left out; PGlite runs them all.');
    project.provide('postgresUrl', null);
    return async () => {};
  }
  const postgres = await resolveTestPostgres(process.env, { log });
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
