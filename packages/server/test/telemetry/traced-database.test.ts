/**
 * The database wrapper that telemetry installs (metrics on, traces, or debug logs) passes every
 * statement's options through: the hot path's statements stay prepared with it on.
 */
import { describe, expect, it } from 'vitest';
import type { Database, QueryOptions } from '../../src/storage/database.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { traceDatabase } from '../../src/telemetry/traced-database.ts';

/** A database that records the options of each statement it is given. */
function recordingDatabase(seen: (QueryOptions | undefined)[]): Database {
  const queryable = {
    query: async <Row>(_sql: string, _params?: unknown[], options?: QueryOptions) => {
      seen.push(options);
      return [] as Row[];
    },
    exec: async () => {},
  };
  return {
    ...queryable,
    kind: 'postgres',
    transaction: (fn) => fn(queryable),
    close: async () => {},
  };
}

describe('traced database', () => {
  it('passes `prepare` through, outside and inside a transaction', async () => {
    const seen: (QueryOptions | undefined)[] = [];
    const traced = traceDatabase(recordingDatabase(seen), { tracer: null, logger: silentLogger() });
    await traced.query('SELECT 1', [], { prepare: true });
    await traced.query('SELECT 2');
    await traced.transaction((tx) => tx.query('SELECT 3', [], { prepare: true }));
    expect(seen).toEqual([{ prepare: true }, undefined, { prepare: true }]);
  });
});
