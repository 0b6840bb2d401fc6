/**
 * Routing on PGlite and on PostgreSQL, with the clock injected: routes by language and segment,
 * claims that respect queue, skills, language and capacity (and the admin override), business hours
 * in a time zone, aging order, offers that lapse to the next operator, the acceptance ladder (steps
 * due while nothing ran apply on the next round), the ETA of a known queue, and expiry that tells
 * the customer.
 */
import { afterEach, expect, it } from 'vitest';
import type { BatonService } from '../../src/service/create-service.ts';
import type { BatonEvent, Principal } from '../../src/service/types.ts';
import type { Database } from '../../src/storage/database.ts';
import { describeBackends } from '../storage/backends.ts';
import { expectCode, makeService, principal, uniqueId, type TestClock } from './harness.ts';

const opened: BatonService[] = [];
afterEach(async () => {
  // Background routing rounds of one test finish before the next test starts.
  for (const service of opened.splice(0)) await service.close();
});

async function setup(
  database: Database,
  queues: string[],
  config: Record<string, unknown>,
): Promise<{ service: BatonService; clock: TestClock; agent: Principal; admin: Principal }> {
  const { service, clock } = await makeService(database, { queues });
  opened.push(service);
  const admin = await principal(service, 'admin');
  await service.putQueueConfig(admin, { version: uniqueId('v'), ...config });
  const agent = await principal(service, 'agent');
  return { service, clock, agent, admin };
}

async function ask(
  service: BatonService,
  agent: Principal,
  input: {
    queue?: string;
    priority?: 'low' | 'normal' | 'high' | 'urgent';
    customer?: Record<string, unknown>;
  } = {},
) {
  const conversationId = uniqueId('conv');
  await service.postTurn(agent, {
    conversationId,
    turn: { role: 'customer', text: 'hello' },
    ...(input.customer ? { customer: input.customer } : {}),
  });
  return service.requestHandoff(agent, {
    conversationId,
    reason: 'needs a person',
    ...(input.queue ? { queue: input.queue } : {}),
    ...(input.priority ? { priority: input.priority } : {}),
  });
}

/** Events of `types` about `handoffId` (in commit order). */
async function eventsOf(
  service: BatonService,
  handoffId: string,
  types: BatonEvent['type'][],
): Promise<BatonEvent[]> {
  const all: BatonEvent[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await service.events({ ...(afterId ? { afterId } : {}), limit: 500 });
    if (page.length === 0) break;
    all.push(...page);
    afterId = page.at(-1)!.id;
  }
  return all.filter((event) => event.handoffId === handoffId && types.includes(event.type));
}

describeBackends('routing', (use) => {
  it('routes by the customer language to a queue whose skills and language a claim must meet', async () => {
    const support = uniqueId('support');
    const spanish = uniqueId('es');
    const { service, agent, admin } = await setup(use(), [support, spanish], {
      queues: {
        [support]: { routes: [{ language: 'es', queue: spanish }] },
        [spanish]: { skills: ['billing'], languages: ['es'] },
      },
    });
    const { handoff } = await ask(service, agent, { queue: support, customer: { language: 'es-MX' } });
    expect(handoff.queue).toBe(spanish);
    expect(handoff.routing).toMatchObject({ language: 'es' });
    const english = await ask(service, agent, { queue: support, customer: { language: 'en' } });
    expect(english.handoff.queue).toBe(support);

    const elsewhere = await principal(service, 'operator');
    await service.setPresence(elsewhere, {
      status: 'online',
      queues: [support],
      skills: ['billing'],
      languages: ['es'],
    });
    await expectCode(service.claim(elsewhere, handoff.id), 'not_in_queue');
    const noSkill = await principal(service, 'operator');
    await service.setPresence(noSkill, { status: 'online', queues: [spanish], languages: ['es'] });
    const refused = await expectCode(service.claim(noSkill, handoff.id), 'missing_skill');
    expect(refused.extensions).toMatchObject({ skills: ['billing'] });
    const noSpanish = await principal(service, 'operator');
    await service.setPresence(noSpanish, {
      status: 'online',
      queues: [spanish],
      skills: ['billing'],
      languages: ['en'],
    });
    await expectCode(service.claim(noSpanish, handoff.id), 'wrong_language');
    const able = await principal(service, 'operator');
    await service.setPresence(able, {
      status: 'online',
      queues: [spanish],
      skills: ['billing'],
      languages: ['es', 'en'],
    });
    expect(await service.claim(able, handoff.id)).toMatchObject({ status: 'claimed', claimedBy: able.name });

    // An admin overrides the checks, and the claim says so.
    const another = await ask(service, agent, { queue: support, customer: { language: 'es' } });
    await service.claim(admin, another.handoff.id);
    const [claimed] = await eventsOf(service, another.handoff.id, ['handoff-claimed']);
    expect(claimed!.data).toMatchObject({ override: true });
  });

  it('holds an operator to their capacity until a conversation ends', async () => {
    const queue = uniqueId('q');
    const { service, agent } = await setup(use(), [queue], {});
    const operator = await principal(service, 'operator');
    await service.setPresence(operator, { status: 'online', queues: [queue], capacity: 2 });
    const [a, b, c] = [await ask(service, agent), await ask(service, agent), await ask(service, agent)];
    await service.claim(operator, a.handoff.id);
    await service.claim(operator, b.handoff.id);
    const refused = await expectCode(service.claim(operator, c.handoff.id), 'over_capacity');
    expect(refused.status).toBe(409);
    expect(refused.extensions).toMatchObject({ capacity: 2, holding: 2 });
    await service.resolve(operator, a.handoff.id, { resolved: true, warranted: true });
    expect(await service.claim(operator, c.handoff.id)).toMatchObject({ status: 'claimed' });
  });

  it('keeps business hours in the queue time zone across a DST change, and routes out of hours', async () => {
    const desk = uniqueId('desk');
    const night = uniqueId('night');
    const closed = uniqueId('closed');
    const weekdays = {
      mon: ['09:00-17:00'],
      tue: ['09:00-17:00'],
      wed: ['09:00-17:00'],
      thu: ['09:00-17:00'],
      fri: ['09:00-17:00'],
    };
    const { service, clock, agent } = await setup(use(), [desk, night, closed], {
      queues: {
        [desk]: {
          hours: { timeZone: 'America/New_York', weekly: weekdays, holidays: ['2026-03-10'] },
          outOfHours: { action: 'queue', queue: night },
        },
        [closed]: { hours: { timeZone: 'America/New_York', weekly: {} }, outOfHours: { action: 'callback' } },
      },
    });
    // The clock starts Monday 2026-03-02 09:00 UTC = 04:00 in New York (EST, UTC-5): closed.
    expect((await ask(service, agent, { queue: desk })).handoff.queue).toBe(night);
    clock.advance(5 * 3600_000); // 14:00 UTC = 09:00 EST: open.
    expect((await ask(service, agent, { queue: desk })).handoff.queue).toBe(desk);
    // After the change to EDT (UTC-4) on Sunday 2026-03-08, 13:30 UTC on Monday is 09:30: open,
    // where the same UTC time a week earlier was 08:30: closed.
    clock.advance(7 * 24 * 3600_000 - 30 * 60_000); // Monday 2026-03-09 13:30 UTC.
    expect((await ask(service, agent, { queue: desk })).handoff.queue).toBe(desk);
    clock.advance(-60 * 60_000); // 12:30 UTC = 08:30 EDT: closed.
    expect((await ask(service, agent, { queue: desk })).handoff.queue).toBe(night);
    clock.advance(25 * 3600_000); // Tuesday 13:30 UTC = 09:30 EDT, a holiday: closed.
    expect((await ask(service, agent, { queue: desk })).handoff.queue).toBe(night);

    const callback = await ask(service, agent, { queue: closed });
    expect(callback.handoff.queue).toBe(closed);
    expect(callback.customerMessage).toMatch(/not working right now.*call you back/);
    const [requested] = await eventsOf(service, callback.handoff.id, ['handoff-requested']);
    expect(requested!.data).toMatchObject({ outOfHours: { action: 'callback' } });
  });

  it('ages waiting handoffs: a normal one overtakes a high one queued more than the aging step later', async () => {
    const queue = uniqueId('q');
    const { service, clock, agent } = await setup(use(), [queue], { agingSecondsPerRank: 600 });
    const operator = await principal(service, 'operator');
    await service.setPresence(operator, { status: 'online', queues: [queue] });
    const normal = await ask(service, agent, { priority: 'normal' });
    clock.advance(599_000);
    const highSoon = await ask(service, agent, { priority: 'high' });
    clock.advance(2_000); // 601 s after the normal one.
    const highLate = await ask(service, agent, { priority: 'high' });
    clock.advance(1_000);
    const urgent = await ask(service, agent, { priority: 'urgent' });
    const order = (await service.listHandoffs(operator, { queue, status: 'queued' })).map(
      (handoff) => handoff.id,
    );
    expect(order).toEqual([urgent.handoff.id, highSoon.handoff.id, normal.handoff.id, highLate.handoff.id]);
    const positions = await Promise.all(
      [urgent, highSoon, normal, highLate].map(
        async (asked) => (await service.handoffEta(agent, asked.handoff.id)).eta!.position,
      ),
    );
    expect(positions).toEqual([1, 2, 3, 4]);
  });

  it('offers to the best free operator and passes a lapsed or declined offer to the next', async () => {
    const queue = uniqueId('q');
    const { service, clock, agent } = await setup(use(), [queue], {
      queues: { [queue]: { mode: 'offer', offerTimeoutSeconds: 30, slaSeconds: { normal: 600 } } },
    });
    const ana = await principal(service, 'operator', uniqueId('ana'));
    const ben = await principal(service, 'operator', uniqueId('ben'));
    await service.setPresence(ana, { status: 'online', queues: [queue], capacity: 2 });
    await service.setPresence(ben, { status: 'online', queues: [queue], capacity: 2 });
    // Ana already holds a conversation: Ben has more room and is offered first.
    const held = await ask(service, agent);
    await service.claim(ana, held.handoff.id);
    const { handoff } = await ask(service, agent);
    await service.routeNow();
    let current = await service.getHandoff(ana, handoff.id);
    expect(current.routing).toMatchObject({
      offeredTo: ben.name,
      offerExpiresAt: '2026-03-02T09:00:30.000Z',
    });
    await expectCode(service.acceptOffer(ana, handoff.id), 'offer_not_yours');

    clock.advance(29_000);
    await service.routeNow();
    expect((await service.getHandoff(ana, handoff.id)).routing?.offeredTo).toBe(ben.name);
    clock.advance(1_000); // The deadline: the offer lapses and goes to Ana.
    const round = await service.routeNow();
    expect(round).toMatchObject({ offersExpired: 1, offersMade: 1 });
    current = await service.getHandoff(ana, handoff.id);
    expect(current.routing?.offeredTo).toBe(ana.name);
    await expectCode(service.acceptOffer(ben, handoff.id), 'offer_not_yours');

    await service.declineOffer(ana, handoff.id, { reason: 'on a call' });
    await service.routeNow();
    // Both passed: nobody is offered it until the ladder's re-offer at the SLA mark.
    expect((await service.getHandoff(ana, handoff.id)).routing?.offeredTo).toBeNull();
    clock.advance(600_000);
    // Presence lapses after its TTL without a stream keeping it alive: both come back online.
    await service.routeNow();
    expect((await service.getHandoff(ana, handoff.id)).routing?.offeredTo).toBeNull();
    await service.setPresence(ben, { status: 'online', queues: [queue], capacity: 2 });
    await service.setPresence(ana, { status: 'online', queues: [queue], capacity: 2 });
    await service.routeNow();
    expect((await service.getHandoff(ana, handoff.id)).routing?.offeredTo).toBe(ben.name);
    clock.advance(5_000);
    const accepted = await service.acceptOffer(ben, handoff.id);
    expect(accepted).toMatchObject({ status: 'claimed', claimedBy: ben.name });
    expect(accepted.routing?.offeredTo).toBeNull();

    const types = (
      await eventsOf(service, handoff.id, [
        'handoff-offered',
        'handoff-offer-expired',
        'handoff-offer-declined',
        'handoff-offer-accepted',
        'handoff-claimed',
      ])
    ).map((event) => `${event.type}${event.data['offeredTo'] ? ` ${String(event.data['offeredTo'])}` : ''}`);
    expect(types).toEqual([
      `handoff-offered ${ben.name}`,
      `handoff-offer-expired ${ben.name}`,
      `handoff-offered ${ana.name}`,
      'handoff-offer-declined',
      `handoff-offered ${ben.name}`,
      'handoff-offer-accepted',
      'handoff-claimed',
    ]);
  });

  it('climbs the acceptance ladder at its marks, and applies every step that fell due while nothing ran', async () => {
    const queue = uniqueId('q');
    const overflow = uniqueId('overflow');
    const { service, clock, agent } = await setup(use(), [queue, overflow], {
      queues: { [queue]: { slaSeconds: { normal: 60 }, overflow } },
    });
    const { handoff } = await ask(service, agent);
    const helper = await principal(service, 'operator');
    await service.setPresence(helper, { status: 'online', queues: [overflow] });
    await expectCode(service.claim(helper, handoff.id), 'not_in_queue');

    clock.advance(59_000);
    expect((await service.routeNow()).ladderSteps).toBe(0);
    clock.advance(1_000); // The SLA mark: re-offer.
    expect((await service.routeNow()).ladderSteps).toBe(1);
    clock.advance(30_000); // 1.5 × SLA: widened to the overflow queue, where the helper may take it.
    await service.routeNow();
    expect((await service.getHandoff(helper, handoff.id)).routing).toMatchObject({
      widenedTo: [overflow],
      ladderStep: 2,
    });
    expect(
      (await service.listHandoffs(helper, { queue: overflow, status: 'queued' })).map((h) => h.id),
    ).toContain(handoff.id);
    clock.advance(30_000); // 2 × SLA: the lead is alerted.
    await service.routeNow();
    clock.advance(60_000); // 3 × SLA: the customer is told, and offered a callback or a ticket.
    await service.routeNow();
    const steps = await eventsOf(service, handoff.id, ['handoff-ladder-step']);
    expect(steps.map((event) => [event.data['action'], event.at])).toEqual([
      ['reoffer', '2026-03-02T09:01:00.000Z'],
      ['overflow', '2026-03-02T09:01:30.000Z'],
      ['alert_lead', '2026-03-02T09:02:00.000Z'],
      ['tell_customer', '2026-03-02T09:03:00.000Z'],
    ]);
    expect(steps[3]!.data).toMatchObject({ offers: ['callback', 'ticket'] });
    expect(String(steps[3]!.data['customerMessage'])).toMatch(/callback/);
    expect(await service.claim(helper, handoff.id)).toMatchObject({ status: 'claimed' });

    // Nothing ran for ten minutes (a restart): one round applies every due step, once each, in order.
    const late = await ask(service, agent);
    clock.advance(600_000);
    expect((await service.routeNow()).ladderSteps).toBeGreaterThanOrEqual(4);
    const lateSteps = await eventsOf(service, late.handoff.id, ['handoff-ladder-step']);
    expect(lateSteps.map((event) => [event.data['step'], event.data['action'], event.data['dueAt']])).toEqual(
      [
        [1, 'reoffer', '2026-03-02T09:04:00.000Z'],
        [2, 'overflow', '2026-03-02T09:04:30.000Z'],
        [3, 'alert_lead', '2026-03-02T09:05:00.000Z'],
        [4, 'tell_customer', '2026-03-02T09:06:00.000Z'],
      ],
    );
    await service.routeNow();
    expect(await eventsOf(service, late.handoff.id, ['handoff-ladder-step'])).toHaveLength(4);
  });

  it('estimates the wait of a known queue as a range, and says when it has no estimate', async () => {
    const queue = uniqueId('q');
    const { service, clock, agent } = await setup(use(), [queue], {});
    const operator = await principal(service, 'operator');
    const none = await ask(service, agent);
    expect((await service.handoffEta(agent, none.handoff.id)).eta).toMatchObject({
      basis: 'nobody_online',
      lowSeconds: null,
    });
    await service.setPresence(operator, { status: 'online', queues: [queue], capacity: 2 });
    // Handle times of 60, 120, 180, 240 and 300 s: quartiles 120 and 240 s.
    await service.claim(operator, none.handoff.id);
    clock.advance(60_000);
    await service.resolve(operator, none.handoff.id, { resolved: true, warranted: true });
    for (const seconds of [120, 180, 240, 300]) {
      const asked = await ask(service, agent);
      await service.claim(operator, asked.handoff.id);
      clock.advance(seconds * 1000);
      await service.resolve(operator, asked.handoff.id, { resolved: true, warranted: true });
    }
    await service.setPresence(operator, { status: 'online', queues: [queue], capacity: 2 });
    const waiting = [];
    for (let index = 0; index < 4; index++) {
      waiting.push(await ask(service, agent));
      clock.advance(1_000);
    }
    // Two free places: the first two are next; the fourth has two ahead of it beyond them.
    const first = await service.handoffEta(agent, waiting[0]!.handoff.id);
    expect(first.eta).toMatchObject({ position: 1, basis: 'free_operator', lowSeconds: 0, highSeconds: 60 });
    const fourth = await service.handoffEta(agent, waiting[3]!.handoff.id);
    expect(fourth.eta).toEqual({
      position: 4,
      lowSeconds: 120, // 2 ahead × 120 s ÷ 2 places
      highSeconds: 300, // 2 ahead × 240 s ÷ 2 places + a minute to pick up
      confidence: 'low',
      basis: 'handle_time',
      samples: 5,
      operatorsSlots: 2,
    });
    expect(fourth.message).toBe('between 2 and 5 minutes');
    // The round emits it, and only again when it changes.
    await service.routeNow();
    const emitted = await eventsOf(service, waiting[3]!.handoff.id, ['handoff-eta-changed']);
    expect(emitted.at(-1)!.data).toMatchObject({ position: 4, lowSeconds: 120, highSeconds: 300 });
    await service.routeNow();
    expect(await eventsOf(service, waiting[3]!.handoff.id, ['handoff-eta-changed'])).toHaveLength(
      emitted.length,
    );
    await service.claim(operator, waiting[0]!.handoff.id);
    await service.routeNow();
    const after = await eventsOf(service, waiting[3]!.handoff.id, ['handoff-eta-changed']);
    expect(after.at(-1)!.data).toMatchObject({ position: 3 });
  });

  it('tells the customer when a handoff expires, and counts it as abandonment', async () => {
    const queue = uniqueId('q');
    const { service, clock, agent, admin } = await setup(use(), [queue], {});
    const { handoff } = await ask(service, agent);
    clock.advance(31 * 60_000);
    await service.expireHandoffs({ maxWaitMs: 30 * 60_000 });
    const [expired] = await eventsOf(service, handoff.id, ['handoff-expired']);
    expect(String(expired!.data['customerMessage'])).toMatch(
      /nobody from our team could take your conversation in time/,
    );
    const metrics = await service.metrics(admin, { queue });
    expect(metrics.abandonment).toMatchObject({ expired: 1, rate: 1 });
  });

  it('refuses a queue configuration naming unknown queues, field by field, and keeps its history', async () => {
    const queue = uniqueId('q');
    const { service, admin } = await setup(use(), [queue], {});
    const refused = await expectCode(
      service.putQueueConfig(admin, {
        version: uniqueId('v'),
        queues: { [queue]: { overflow: 'nowhere', hours: { timeZone: 'Mars/Olympus', weekly: {} } } },
      }),
      'invalid_queue_config',
    );
    expect((refused.extensions['errors'] as { path: string }[]).map((error) => error.path).sort()).toEqual([
      `queues.${queue}.hours.timeZone`,
    ]);
    const unknown = await expectCode(
      service.putQueueConfig(admin, { version: uniqueId('v'), queues: { [queue]: { overflow: 'nowhere' } } }),
      'invalid_queue_config',
    );
    expect(unknown.extensions['errors']).toEqual([
      { path: `queues.${queue}.overflow`, message: expect.stringMatching(/no queue named "nowhere"/) },
    ]);
    const first = await service.putQueueConfig(admin, {
      version: uniqueId('v1'),
      queues: { [queue]: { mode: 'offer' } },
    });
    await service.putQueueConfig(admin, { version: uniqueId('v2'), queues: {} });
    const again = await service.putQueueConfig(admin, first.document);
    expect(again.version).toBe(first.version);
    const history = await service.getQueueConfig();
    expect(history.current?.version).toBe(first.version);
    expect((await service.listQueues(admin)).queues).toEqual([
      expect.objectContaining({ name: queue, mode: 'offer' }),
    ]);
  });
});
