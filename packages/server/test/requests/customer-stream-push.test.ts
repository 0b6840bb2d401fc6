/**
 * The customer's position and wait are pushed when their queue changes, on PGlite and on
 * PostgreSQL: with the periodic fallback set to an hour, a stream still sees its position go from 2
 * to 1 as soon as the handoff ahead is claimed (queue-changes.ts over the event hub), and a change
 * of the queue that leaves its position and wait as they were sends nothing.
 */
import { afterEach, expect, it } from 'vitest';
import type { CustomerSubscription } from '../../src/requests/customer-stream.ts';
import {
  queueWaitEstimate,
  type CustomerEvent,
  type WaitEstimate,
} from '../../src/requests/customer-stream.ts';
import type { BatonService } from '../../src/service/create-service.ts';
import { describeBackends } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from '../service/harness.ts';

const opened: { service: BatonService; subscription?: CustomerSubscription }[] = [];
afterEach(async () => {
  for (const { service, subscription } of opened.splice(0)) {
    subscription?.close('client_gone');
    await service.close();
  }
});

/** The next batch of the stream, or a failure after `ms` (a bound on a wait for an event, not a sleep). */
async function nextWithin(subscription: CustomerSubscription, ms = 15_000): Promise<CustomerEvent[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no customer event within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([subscription.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves at the next call of the estimate after this one (bounded like nextWithin). */
function counting(): {
  estimate: WaitEstimate;
  nextCall: (ms?: number) => Promise<void>;
  calls: () => number;
} {
  let calls = 0;
  const waiters: (() => void)[] = [];
  return {
    estimate: async (context, handoff) => {
      calls += 1;
      const info = await queueWaitEstimate(context, handoff);
      for (const resolve of waiters.splice(0)) resolve();
      return info;
    },
    calls: () => calls,
    nextCall: (ms = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no recompute within ${ms} ms`)), ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

describeBackends('customer stream position pushed on change', (use) => {
  it('moves from 2 to 1 when the handoff ahead is claimed, and sends nothing when nothing changed', async () => {
    const queue = uniqueId('line');
    const counter = counting();
    const { service, clock } = await makeService(use(), {
      queues: [queue],
      protocol: {
        // The fallback would take an hour: only a pushed change can move the position in time.
        customerStream: { positionIntervalMs: 3_600_000 },
        queueChanges: { debounceMs: 5 },
        waitEstimate: counter.estimate,
      },
    });
    const entry: { service: BatonService; subscription?: CustomerSubscription } = { service };
    opened.push(entry);
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator', uniqueId('op'));
    const open = async () => {
      // Each customer a second after the one before: queued in that order.
      clock.advance(1_000);
      const conversationId = uniqueId('conv');
      await service.postTurn(agent, {
        conversationId,
        turn: { role: 'customer', text: 'hello' },
        customer: { language: 'en' },
      });
      return conversationId;
    };
    const ask = async (conversationId: string) =>
      (await service.requestHandoff(agent, { conversationId, reason: 'help', queue })).handoff;

    const ahead = await ask(await open());
    const mine = await open();
    const { subscription } = await service.openCustomerStream({ principal: agent }, mine, { from: 'now' });
    entry.subscription = subscription;
    const handoff = await ask(mine);
    // The `queued` event comes from history; a reading of the position may come before it (the
    // stream's first look can already see the handoff). Both say 2.
    const first: CustomerEvent[] = [];
    while (!first.some((event) => event.type === 'queued')) first.push(...(await nextWithin(subscription)));
    expect(first.map((event) => event.data.position)).toEqual(first.map(() => 2));

    await service.claim(operator, ahead.id);
    const moved = await nextWithin(subscription);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ type: 'position-changed', id: null, data: { position: 1, queue } });

    // Someone queues behind: the queue changed and is recomputed, but position and wait did not.
    const pending = nextWithin(subscription);
    const recomputed = counter.nextCall();
    const before = counter.calls();
    await ask(await open());
    await recomputed;
    expect(counter.calls()).toBeGreaterThan(before);
    // The next thing the customer sees is the operator joining, with no repeated position before it.
    await service.claim(operator, handoff.id);
    const next = await pending;
    expect(next.map((event) => event.type)).toEqual(['operator-joined']);
  });
});
