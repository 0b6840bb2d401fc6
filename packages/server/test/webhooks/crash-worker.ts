/**
 * A delivery worker alone in its own process, for the kill -9 test: it works on the database named
 * by DATABASE_URL until it is killed. Short leases, so the next worker takes its deliveries over
 * quickly.
 */
import { openDatabase } from '../../src/storage/database.ts';
import { createWebhooks } from '../../src/webhooks/create-webhooks.ts';
import { FAST } from './helpers.ts';

const database = await openDatabase({ databaseUrl: process.env['DATABASE_URL']! });
const { worker } = createWebhooks({
  database,
  config: { ...FAST, timeoutMs: 1_000, leaseMs: 1_500, maxInFlightPerSubscription: 4 },
  workerId: `crash-worker-${process.pid}`,
});
worker.start();
process.stdout.write('started\n');
