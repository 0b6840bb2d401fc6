/** The periodic chores: old idempotency records forgotten, handoffs left waiting too long expired. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../../src/main.ts';
import { runHousekeeping } from '../../src/service/housekeeping.ts';
import type { Database } from '../../src/storage/database.ts';
import { openTestPglite } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from './harness.ts';

/** Retention off: these chores are about idempotency and waiting handoffs. */
const KEEP_ALL = { eventsDays: null, turnsDays: null, handoffsDays: null };

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(async () => {
  await database.close();
});

it('expires handoffs waiting longer than the limit and forgets old idempotency records', async () => {
  const { service, clock } = await makeService(database);
  const agent = await principal(service, 'agent');
  const conversationId = uniqueId('conv');
  await service.postTurn(agent, {
    conversationId,
    turn: { role: 'customer', text: 'hello' },
    idempotencyKey: uniqueId('key'),
  });
  const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'needs a person' });

  clock.advance(10 * 60_000);
  const early = await runHousekeeping(service, {
    idempotencyTtlMs: 60 * 60_000,
    handoffMaxWaitMs: 30 * 60_000,
    retention: KEEP_ALL,
  });
  expect(early).toEqual({
    prunedIdempotencyKeys: 0,
    expiredHandoffs: 0,
    timedOutRequests: 0,
    retention: { events: 0, turns: 0, handoffs: 0 },
    // Ten minutes past a normal handoff's 5-minute SLA mark: re-offer (5), overflow (7.5, none
    // configured: recorded as skipped), lead alerted (10); and its first ETA.
    routing: { offersExpired: 0, ladderSteps: 3, offersMade: 0, etasChanged: 1 },
  });

  clock.advance(60 * 60_000);
  const late = await runHousekeeping(service, {
    idempotencyTtlMs: 60 * 60_000,
    handoffMaxWaitMs: 30 * 60_000,
    retention: KEEP_ALL,
  });
  expect(late.expiredHandoffs).toBe(1);
  expect(late.prunedIdempotencyKeys).toBeGreaterThanOrEqual(1);
  const operator = await principal(service, 'operator');
  expect(await service.getHandoff(operator, handoff.id)).toMatchObject({ status: 'expired' });
});

it('leaves waiting handoffs alone without a limit', async () => {
  const { service, clock } = await makeService(database);
  const agent = await principal(service, 'agent');
  const conversationId = uniqueId('conv');
  await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
  const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'needs a person' });
  clock.advance(48 * 60 * 60_000);
  const result = await runHousekeeping(service, {
    idempotencyTtlMs: 60 * 60_000,
    handoffMaxWaitMs: null,
    retention: KEEP_ALL,
  });
  expect(result.expiredHandoffs).toBe(0);
  const operator = await principal(service, 'operator');
  expect(await service.getHandoff(operator, handoff.id)).toMatchObject({ status: 'queued' });
});

it('reads BATON_HANDOFF_MAX_WAIT_MINUTES, refusing a bad value', () => {
  expect(readConfig({}).handoffMaxWaitMs).toBeNull();
  expect(readConfig({ BATON_HANDOFF_MAX_WAIT_MINUTES: '0' }).handoffMaxWaitMs).toBeNull();
  expect(readConfig({ BATON_HANDOFF_MAX_WAIT_MINUTES: '45' }).handoffMaxWaitMs).toBe(45 * 60_000);
  expect(() => readConfig({ BATON_HANDOFF_MAX_WAIT_MINUTES: 'soon' })).toThrow(
    /BATON_HANDOFF_MAX_WAIT_MINUTES/,
  );
});
