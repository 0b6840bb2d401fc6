/**
 * Two instances on one PostgreSQL: an operator coming online on one instance changes the wait of a
 * customer whose status stream another instance holds, and that stream recomputes at once (the
 * presence NOTIFY, queue-changes.ts), not at its periodic fallback, set here to an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueWaitEstimate, type WaitEstimate } from '../../src/requests/customer-stream.ts';
import type { CustomerSubscription } from '../../src/requests/customer-stream.ts';
import type { BatonService } from '../../src/service/create-service.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { BACKENDS, createScratchPostgres } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from '../service/harness.ts';

describe.runIf(BACKENDS.includes('postgres'))('presence changes across instances', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  const databases: Database[] = [];
  const services: BatonService[] = [];
  let subscription: CustomerSubscription | undefined;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
  });
  afterAll(async () => {
    subscription?.close('client_gone');
    for (const service of services) await service.close();
    for (const database of databases) await database.close();
    await scratch?.drop();
  });

  it("recomputes a customer's wait on one instance when an operator comes online on another", async () => {
    const queue = uniqueId('line');
    // Resolves at the stream's next recompute on instance A.
    let recomputed: (() => void) | null = null;
    const estimate: WaitEstimate = async (context, handoff) => {
      const info = await queueWaitEstimate(context, handoff);
      recomputed?.();
      return info;
    };
    const open = async (waitEstimate?: WaitEstimate) => {
      const database = await openDatabase({ databaseUrl: scratch.url });
      databases.push(database);
      const { service } = await makeService(database, {
        queues: [queue],
        protocol: {
          customerStream: { positionIntervalMs: 3_600_000 },
          queueChanges: { debounceMs: 5 },
          ...(waitEstimate ? { waitEstimate } : {}),
        },
      });
      services.push(service);
      return service;
    };
    const a = await open(estimate);
    const b = await open();

    const agent = await principal(a, 'agent');
    const conversationId = uniqueId('conv');
    await a.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
    await a.requestHandoff(agent, { conversationId, reason: 'help', queue });
    ({ subscription } = await a.openCustomerStream({ principal: agent }, conversationId, { from: 'oldest' }));
    // Read until the stream has settled on its first reading (history, then a position).
    const seen: string[] = [];
    while (!seen.includes('queued')) seen.push(...(await subscription.next()).map((event) => event.type));

    const next = new Promise<'recomputed'>((resolve) => (recomputed = () => resolve('recomputed')));
    // The stream works while its reader waits for the next events (as an open SSE response does).
    void subscription.next().catch(() => undefined);
    const operator = await principal(b, 'operator', uniqueId('op'));
    await b.setPresence(operator, { status: 'online', queues: [queue] });
    const outcome = await Promise.race([
      next,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
    ]);
    expect(outcome).toBe('recomputed');
  }, 60_000);
});
