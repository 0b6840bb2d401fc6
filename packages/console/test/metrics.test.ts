/**
 * The dashboard's figures come from the metrics API: a day seeded through the real service (with a
 * moved clock), read back through the console's own API door (`createConsoleApi`, the sdk client
 * over HTTP), must give what the seed did. Plus the little the console still does itself: the
 * window a range asks for, the series as chart columns, and the queue names for the filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsTimeSeries } from '@baton/sdk';
import { createConsoleApi, type ConsoleApi } from '../src/api.ts';
import { metricsQuery, queueNames, seriesColumns } from '../src/metrics.ts';
import { startBaton, type Baton } from './browser-harness.ts';
import {
  continuousPercentile,
  expectedMetrics,
  seedDay,
  type SeededDay,
  type SeedClock,
} from './dashboard-seed.ts';

describe('the dashboard query and columns', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('asks for the range up to now (inclusive of now), with the queue only when one is chosen', () => {
    expect(metricsQuery('24h', '', now)).toEqual({
      from: '2026-11-24T12:00:00.000Z',
      to: '2026-11-25T12:00:00.001Z',
    });
    expect(metricsQuery('1h', 'billing', now)).toEqual({
      queue: 'billing',
      from: '2026-11-25T11:00:00.000Z',
      to: '2026-11-25T12:00:00.001Z',
    });
  });

  it("turns the API's points into a column per trigger, zero where a bucket has none", () => {
    const series: MetricsTimeSeries = {
      range: { from: '2026-11-25T00:00:00Z', to: '2026-11-25T02:00:00Z', queue: null },
      bucket: 'hour',
      triggers: ['frustration', 'human-request'],
      points: [
        { start: '2026-11-25T00:00:00.000Z', handoffs: 2, byTrigger: { 'human-request': 2 } },
        { start: '2026-11-25T01:00:00.000Z', handoffs: 1, byTrigger: { frustration: 1 } },
      ],
    };
    expect(seriesColumns(series)).toEqual({
      starts: [now / 1000 - 12 * 3600, now / 1000 - 11 * 3600],
      total: [2, 1],
      byTrigger: [
        { trigger: 'frustration', values: [0, 1] },
        { trigger: 'human-request', values: [2, 0] },
      ],
      hourly: true,
      bucket: 'hour',
    });
  });

  it('lists the queues seen, sorted, and keeps the chosen one', () => {
    expect(queueNames([{ queue: 'general' }, { queue: 'billing' }, { queue: 'general' }], '')).toEqual([
      'billing',
      'general',
    ]);
    expect(queueNames([], 'vip')).toEqual(['vip']);
  });

  it("computes percentiles as PostgreSQL's percentile_cont does (the seed's oracle)", () => {
    expect(continuousPercentile([], 0.5)).toBeNull();
    expect(continuousPercentile([10, 40, 20, 30], 0.5)).toBe(25);
    expect(continuousPercentile([0, 100], 0.9)).toBe(90);
  });
});

describe('the figures the API computes for a seeded day, read as the dashboard reads them', () => {
  const clock: SeedClock = { at: Date.now() };
  let baton: Baton;
  let api: ConsoleApi;
  let day: SeededDay;

  beforeAll(async () => {
    baton = await startBaton({ now: () => new Date(clock.at) });
    const agent = (await baton.service.authenticate(baton.keys.agent))!;
    const operator = (await baton.service.authenticate(baton.keys.ana))!;
    day = await seedDay(baton.service, clock, { agent, operator });
    api = createConsoleApi(baton.keys.ana, baton.url);
  }, 60_000);

  afterAll(async () => {
    await baton?.close();
  });

  it('counts handoffs, outcomes, times, abandonment, repeats, ratings and misses over all queues', async () => {
    const expected = expectedMetrics(day);
    const metrics = await api.metrics(metricsQuery('24h', '', clock.at));

    // A transfer continues its escalation: one more handoff row than escalations.
    expect(day.handoffRows).toBe(expected.handoffs + 1);
    expect(metrics.handoffs).toBe(expected.handoffs);
    expect(metrics.conversations).toBe(day.conversations);
    expect(metrics.handoffRate).toBe(Math.round((expected.handoffs / day.conversations) * 10_000) / 10_000);
    expect(metrics.cameBack.resolved).toBe(expected.resolved);
    expect(metrics.outcomes).toEqual({
      withOutcome: expected.withOutcome,
      warranted: expected.warranted,
      warrantedRate: Math.round((expected.warranted / expected.withOutcome) * 10_000) / 10_000,
      late: expected.late,
      answers: expected.answers,
    });
    expect(metrics.outcomes.late).toBe(2);
    // The seed answered every question; some resolved answers are no, so the rate is not trivially 1.
    expect(metrics.outcomes.answers.resolved.yes).toBeLessThan(metrics.outcomes.answers.resolved.answered);
    expect(metrics.times).toEqual(expected.times);
    expect(metrics.abandonment).toMatchObject({
      abandoned: expected.abandoned,
      whileWaiting: expected.abandoned,
      expired: 0,
    });
    expect(metrics.repeats).toMatchObject(expected.repeats);
    expect(metrics.repeats.withRepeats).toBe(2);
    expect(metrics.ratings).toEqual({
      count: 4,
      mean: expected.ratings.mean,
      distribution: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 },
    });
    expect(metrics.misses).toBe(day.misses);

    // Per trigger: what each handed off, how often rightly, and how often late.
    for (const row of expected.byTrigger) {
      expect(metrics.byTrigger.find((candidate) => candidate.trigger === row.trigger)).toMatchObject(row);
    }
    expect(expected.byTrigger.length).toBeGreaterThan(2);
    // The miss is the day's, and also the trigger's that offered a person in it.
    expect(Object.keys(expected.missesByTrigger)).toEqual(['customer-frustrated']);
    for (const [trigger, misses] of Object.entries(expected.missesByTrigger)) {
      expect(metrics.byTrigger.find((candidate) => candidate.trigger === trigger)?.misses).toBe(misses);
    }
  });

  it('narrows to one queue: the billing escalation asked for there, not the one transferred there', async () => {
    const expected = expectedMetrics(day, 'billing');
    const metrics = await api.metrics(metricsQuery('24h', 'billing', clock.at));
    expect(expected.handoffs).toBe(1);
    expect(metrics.handoffs).toBe(1);
    expect(metrics.range.queue).toBe('billing');
    expect(metrics.outcomes).toMatchObject({ withOutcome: 1, late: 1 });
    expect(metrics.times).toEqual(expected.times);
  });

  it('puts every escalation in its hour, by trigger, in the columns the charts draw', async () => {
    const expected = expectedMetrics(day);
    const columns = seriesColumns(await api.metricsTimeSeries(metricsQuery('24h', '', clock.at)));
    expect(columns.hourly).toBe(true);
    expect(columns.starts).toHaveLength(25);
    expect(columns.total.reduce((sum, count) => sum + count, 0)).toBe(expected.handoffs);
    for (const row of expected.byTrigger) {
      const column = columns.byTrigger.find((candidate) => candidate.trigger === row.trigger);
      expect(column?.values.reduce((sum, count) => sum + count, 0)).toBe(row.handoffs);
    }
    // Each escalation sits in the bucket of its request time.
    for (const escalation of day.escalations) {
      const hour = Math.floor(escalation.requestedAt / 3600_000) * 3600;
      expect(columns.total[columns.starts.indexOf(hour)]).toBeGreaterThan(0);
    }
  });
});
