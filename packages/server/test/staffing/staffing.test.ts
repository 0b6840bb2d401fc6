/**
 * `GET /v1/staffing` on a hand-built fortnight with known answers, on PGlite and on PostgreSQL: the
 * history is tallied per queue and hour of the week exactly, the forecast is the model's for those
 * figures, the what-if scales the arrivals, and bad queries are 400 problems.
 */
import { operatorsNeeded } from '@baton/engine';
import { expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import type { BatonService } from '../../src/service/create-service.ts';
import {
  HANDOFF_TURN,
  makeService,
  principal,
  testClock,
  uniqueId,
  type TestClock,
} from '../service/harness.ts';
import { describeBackends } from '../storage/backends.ts';

const SECOND = 1_000;
const HOUR = 3_600_000;
/** Monday 2026-03-02 00:00 UTC: hour of the week 0. */
const MONDAY = Date.parse('2026-03-02T00:00:00.000Z');

/**
 * Two Mondays, 09:00–10:00 UTC (hour of the week 9): each has four handoffs in `general`, claimed
 * after 30, 30, 90 and 90 s and resolved 600 s after the claim; and on each Tuesday at 14:00 (hour
 * 38) three handoffs in `billing` that the customer leaves after 120 s unclaimed.
 */
async function buildFortnight(
  service: BatonService,
  clock: TestClock,
  week: number,
  monday = MONDAY,
): Promise<void> {
  const agent = await principal(service, 'agent', uniqueId('bot'));
  const operator = await principal(service, 'operator', uniqueId('op'));
  const at = (ms: number) => clock.advance(ms - clock.now().getTime());
  for (let index = 0; index < 4; index += 1) {
    at(monday + week * 7 * 24 * HOUR + 9 * HOUR + index * 5 * 60 * SECOND);
    const conversationId = uniqueId('c');
    const { handoff } = await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN });
    clock.advance((index < 2 ? 30 : 90) * SECOND);
    await service.claim(operator, handoff!.id);
    clock.advance(600 * SECOND);
    await service.resolve(operator, handoff!.id, { resolved: true, warranted: true });
  }
  for (let index = 0; index < 3; index += 1) {
    at(monday + week * 7 * 24 * HOUR + 38 * HOUR + index * 60 * SECOND);
    const conversationId = uniqueId('c');
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
    const { handoff } = await service.requestHandoff(agent, {
      conversationId,
      reason: 'billing',
      queue: 'billing',
    });
    clock.advance(120 * SECOND);
    await service.abandon(agent, handoff.id, { reason: 'left' });
  }
}

describeBackends('staffing forecast', (use) => {
  it('tallies the history per queue and hour of the week, and sizes each hour by the model', async () => {
    const clock: TestClock = testClock('2026-03-02T00:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    await buildFortnight(service, clock, 0);
    await buildFortnight(service, clock, 1);
    clock.advance(MONDAY + 14 * 24 * HOUR + 30 * 60 * SECOND - clock.now().getTime());
    const lead = await principal(service, 'operator', 'Lead');
    await service.setPresence(lead, { status: 'online', queues: ['general'] });

    const report = await service.staffing(lead, {
      from: new Date(MONDAY).toISOString(),
      to: new Date(MONDAY + 14 * 24 * HOUR).toISOString(),
      serviceLevel: 0.8,
      answerSeconds: 60,
    });
    expect(report.range).toEqual({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
      timeZone: 'UTC',
    });
    const general = report.queues.find((queue) => queue.queue === 'general')!;
    expect(general).toMatchObject({
      model: 'erlang-c',
      operatorsOnline: 1,
      escalations: 8,
      abandoned: 0,
      meanHandleSeconds: 600,
      meanPatienceSeconds: null,
    });
    const monday9 = general.hours[9]!;
    // 8 arrivals over two Mondays at 09:00 = 4 an hour; half claimed within 60 s, mean 60 s.
    expect(monday9).toMatchObject({
      hourOfWeek: 9,
      arrivals: 8,
      arrivalsPerHour: 4,
      meanHandleSeconds: 600,
      meanSecondsToClaim: 60,
      measuredServiceLevel: 0.5,
      abandoned: 0,
    });
    const expected = operatorsNeeded(
      { arrivalRate: 4 / 3600, meanHandleSeconds: 600 },
      { serviceLevel: 0.8, answerSeconds: 60 },
    );
    expect(monday9.offeredLoad).toBeCloseTo((4 * 600) / 3600, 4);
    expect(monday9.operatorsNeeded).toBe(expected.operators);
    expect(monday9.operatorsNeeded).toBeGreaterThanOrEqual(1);
    expect(monday9.predictedServiceLevel).toBeGreaterThanOrEqual(0.8);
    // An hour with no arrivals needs nobody; the peak is Monday 09:00.
    expect(general.hours[10]!).toMatchObject({ arrivals: 0, arrivalsPerHour: 0, operatorsNeeded: 0 });
    expect(general.peak).toEqual({ hourOfWeek: 9, operatorsNeeded: expected.operators });
    expect(general.hours).toHaveLength(168);

    // Billing: six left unclaimed after 120 s: patience ≈ 720 s ÷ 6, Erlang A; no handle time, no forecast.
    const billing = report.queues.find((queue) => queue.queue === 'billing')!;
    expect(billing).toMatchObject({
      model: 'erlang-a',
      escalations: 6,
      abandoned: 6,
      meanPatienceSeconds: 120,
      meanHandleSeconds: null,
      operatorsOnline: 0,
    });
    expect(billing.hours[38]).toMatchObject({
      arrivals: 6,
      abandoned: 6,
      measuredServiceLevel: 0,
      operatorsNeeded: null,
    });
    expect(report.total.operatorsOnline).toBe(1);
    expect(report.total.hours[9]!.operatorsNeeded).toBe(expected.operators);
  });

  it('answers what-if: twice the handoff rate, and hours of the week in another time zone', async () => {
    // The fortnight after the first test's (the suite shares one database per back end).
    const monday = MONDAY + 14 * 24 * HOUR;
    const clock: TestClock = testClock(new Date(monday).toISOString());
    const { service } = await makeService(use(), { now: clock.now });
    await buildFortnight(service, clock, 0, monday);
    await buildFortnight(service, clock, 1, monday);
    const lead = await principal(service, 'operator', 'Lead');
    const range = {
      from: new Date(monday).toISOString(),
      to: new Date(monday + 14 * 24 * HOUR).toISOString(),
    };
    const doubled = await service.staffing(lead, { ...range, queue: 'general', handoffRateChange: 100 });
    expect(doubled.queues.map((queue) => queue.queue)).toEqual(['general']);
    const hour = doubled.queues[0]!.hours[9]!;
    expect(hour.arrivalsPerHour).toBe(8);
    const at = (perHour: number) =>
      operatorsNeeded(
        { arrivalRate: perHour / 3600, meanHandleSeconds: 600 },
        { serviceLevel: 0.8, answerSeconds: 60 },
      ).operators;
    expect(hour.operatorsNeeded).toBe(at(8));
    expect(hour.baselineOperatorsNeeded).toBe(at(4));
    expect(hour.operatorsNeeded!).toBeGreaterThan(hour.baselineOperatorsNeeded!);

    // Madrid is UTC+1 in March: Monday 09:00 UTC is 10:00 there.
    const madrid = await service.staffing(lead, { ...range, queue: 'general', timeZone: 'Europe/Madrid' });
    expect(madrid.queues[0]!.hours[10]!.arrivals).toBe(8);
    expect(madrid.queues[0]!.hours[9]!.arrivals).toBe(0);
  });

  it("plans each queue with its operators' recorded presence capacity unless concurrency is given", async () => {
    // Two fortnights after the first test's (the suite shares one database per back end).
    const monday = MONDAY + 28 * 24 * HOUR;
    const clock: TestClock = testClock(new Date(monday - 24 * HOUR).toISOString());
    const { service } = await makeService(use(), { now: clock.now });
    const present = async (queues: string[], capacity?: number) =>
      service.setPresence(await principal(service, 'operator', uniqueId('op')), {
        status: 'online',
        queues,
        ...(capacity !== undefined ? { capacity } : {}),
      });
    // Recorded the day before the range: not counted.
    await present(['general'], 9);
    await buildFortnight(service, clock, 0, monday);
    await buildFortnight(service, clock, 1, monday);
    // In the range: general's operators hold 2, 3, 4 and 6 (lower median 3), one has no limit
    // (not counted); one serves billing only (5); one who serves every queue (no queues) holds 2.
    await present(['general'], 3);
    await present(['general'], 6);
    await present(['general', 'billing'], 4);
    await present(['general']);
    await present(['billing'], 5);
    await present([], 2);
    const lead = await principal(service, 'operator', 'Lead');
    const range = {
      from: new Date(monday).toISOString(),
      to: new Date(monday + 14 * 24 * HOUR).toISOString(),
    };
    const planned = (concurrency: number) =>
      operatorsNeeded(
        { arrivalRate: 4 / 3600, meanHandleSeconds: 600, concurrency },
        { serviceLevel: 0.8, answerSeconds: 60 },
      ).operators;

    const fromPresence = await service.staffing(lead, range);
    const byName = Object.fromEntries(fromPresence.queues.map((queue) => [queue.queue, queue]));
    expect(byName['general']).toMatchObject({ concurrency: 3, concurrencySource: 'presence' });
    expect(byName['general']!.hours[9]!.operatorsNeeded).toBe(planned(3));
    expect(planned(3)!).toBeLessThan(planned(1)!);
    // billing: 4, 5 and 2 → 4.
    expect(byName['billing']).toMatchObject({ concurrency: 4, concurrencySource: 'presence' });

    const given = await service.staffing(lead, { ...range, queue: 'general', concurrency: 1 });
    expect(given.queues[0]).toMatchObject({ concurrency: 1, concurrencySource: 'given' });
    expect(given.queues[0]!.hours[9]!.operatorsNeeded).toBe(planned(1));

    // A range in which nobody recorded presence: the default, one conversation each.
    const before = await service.staffing(lead, {
      from: new Date(monday - 7 * 24 * HOUR).toISOString(),
      to: new Date(monday - 2 * 24 * HOUR).toISOString(),
      queue: 'general',
    });
    expect(before.queues[0]).toMatchObject({ concurrency: 1, concurrencySource: 'default' });
  });

  it('serves GET /v1/staffing to operators, with 400 problems for bad queries and 403 for agents', async () => {
    const { service } = await makeService(use());
    const app = createApp(service, { logError: () => {} });
    const operator = (await service.createKey({ scope: 'operator', name: 'Lead' })).key;
    const agent = (await service.createKey({ scope: 'agent', name: 'bot' })).key;
    const get = async (query: string, key = operator) => {
      const response = await app.request(`/v1/staffing${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      const ok = await get('?serviceLevel=0.9&answerSeconds=30&concurrency=2');
      expect(ok.status).toBe(200);
      expect(ok.body['target']).toMatchObject({
        serviceLevel: 0.9,
        answerSeconds: 30,
        concurrency: 2,
        handoffRateChange: 0,
      });
      expect((ok.body['queues'] as { queue: string }[]).map((queue) => queue.queue)).toEqual([
        'billing',
        'general',
      ]);

      for (const query of [
        '?serviceLevel=1.5',
        '?concurrency=0',
        '?answerSeconds=abc',
        '?handoffRateChange=-101',
      ]) {
        const bad = await get(query);
        expect(bad.status, query).toBe(400);
        expect(bad.body['code'], query).toBe('invalid_request');
      }
      const zone = await get('?timeZone=Mars/Olympus');
      expect(zone.status).toBe(400);
      expect(zone.body['code']).toBe('invalid_request');
      expect(zone.body['errors']).toEqual([{ path: 'query.timeZone', message: 'unknown time zone' }]);
      const backwards = await get('?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z');
      expect(backwards.status).toBe(400);
      const tooLong = await get('?from=2024-01-01T00:00:00Z&to=2026-03-01T00:00:00Z');
      expect(tooLong.status).toBe(400);
      expect((await get('', agent)).status).toBe(403);
    } finally {
      await service.close();
    }
  });
});
