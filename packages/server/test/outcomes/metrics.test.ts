/**
 * Metrics on a hand-built history with known answers, on PGlite and on PostgreSQL. Each test uses
 * its own day (the suite shares one database), so the figures are exact.
 */
import { expect, it } from 'vitest';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, testClock, uniqueId } from '../service/harness.ts';
import { buildHistory } from './history.ts';

describeBackends('outcome metrics', (use) => {
  it('computes every figure of a known day exactly', async () => {
    const clock = testClock('2026-04-01T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const history = await buildHistory(service, clock);
    const lead = history.operator;
    const metrics = await service.metrics(lead, { from: history.from, to: history.to });

    expect(metrics.range).toEqual({ from: history.from, to: history.to, queue: null });
    expect(metrics.conversations).toBe(9);
    expect(metrics.conversationsWithHandoff).toBe(6);
    expect(metrics.handoffRate).toBe(0.6667);
    // Seven escalations: c7's transfer continues its escalation and c8 asked twice.
    expect(metrics.handoffs).toBe(7);
    expect(metrics.times).toEqual({
      toClaim: { count: 5, p50: 120, p90: 276 },
      toFirstReply: { count: 3, p50: 180, p90: 356 },
      toResolve: { count: 4, p50: 350, p90: 540 },
    });
    expect(metrics.outcomes).toEqual({
      withOutcome: 4,
      warranted: 3,
      warrantedRate: 0.75,
      late: 1,
      answers: {
        resolved: { answered: 4, yes: 4, rate: 1 },
        warranted: { answered: 4, yes: 3, rate: 0.75 },
        rightReason: { answered: 0, yes: 0, rate: null },
        agentCouldHaveHandled: { answered: 0, yes: 0, rate: null },
        customerRepeated: { answered: 0, yes: 0, rate: null },
      },
    });
    expect(metrics.abandonment).toEqual({ abandoned: 1, whileWaiting: 1, expired: 0, rate: 0.1429 });
    expect(metrics.repeats).toEqual({ claimed: 5, withRepeats: 1, rate: 0.2, total: 1 });
    expect(metrics.cameBack).toEqual({ resolved: 4, within24h: 1, rate: 0.25 });
    expect(metrics.askedAgain).toEqual({ returned: 1, afterReturn: 1, rate: 1 });
    expect(metrics.misses).toBe(1);
    expect(metrics.ratings).toEqual({
      count: 3,
      mean: 3.333,
      distribution: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 1 },
    });

    const byTrigger = Object.fromEntries(metrics.byTrigger.map((row) => [row.trigger, row]));
    expect(byTrigger['agent-asks-for-person']).toEqual({
      trigger: 'agent-asks-for-person',
      firings: 5,
      shadowFirings: 0,
      handoffs: 5,
      handoffRate: 0.5556,
      withOutcome: 3,
      warranted: 2,
      warrantedRate: 0.6667,
      late: 0,
      abandoned: 1,
      misses: 0,
      answers: {
        resolved: { answered: 3, yes: 3, rate: 1 },
        warranted: { answered: 3, yes: 2, rate: 0.6667 },
        rightReason: { answered: 0, yes: 0, rate: null },
        agentCouldHaveHandled: { answered: 0, yes: 0, rate: null },
        customerRepeated: { answered: 0, yes: 0, rate: null },
      },
      // c1's customer came back (c9); c8 was returned and asked again.
      cameBack: { resolved: 3, within24h: 1, rate: 0.3333 },
      askedAgain: { returned: 1, afterReturn: 1, rate: 1 },
    });
    // Asked for directly twice (c3, and c8 again after its return): each request is its own firing,
    // so the row never shows handoffs without firings.
    expect(byTrigger['agent_requested']).toEqual({
      trigger: 'agent_requested',
      firings: 2,
      shadowFirings: 0,
      handoffs: 2,
      handoffRate: 0.2222,
      withOutcome: 1,
      warranted: 1,
      warrantedRate: 1,
      late: 1,
      abandoned: 0,
      misses: 0,
      answers: {
        resolved: { answered: 1, yes: 1, rate: 1 },
        warranted: { answered: 1, yes: 1, rate: 1 },
        rightReason: { answered: 0, yes: 0, rate: null },
        agentCouldHaveHandled: { answered: 0, yes: 0, rate: null },
        customerRepeated: { answered: 0, yes: 0, rate: null },
      },
      cameBack: { resolved: 1, within24h: 0, rate: 0 },
      askedAgain: { returned: 0, afterReturn: 0, rate: null },
    });
    // Every trigger that handed off fired at least as often as it handed off.
    for (const row of metrics.byTrigger) expect(row.firings).toBeGreaterThanOrEqual(row.handoffs);
    // The agent was unsure twice in c5 (an offer, no handoff) and c5 ended badly: that trigger missed it.
    expect(byTrigger['low-confidence']).toMatchObject({ firings: 1, handoffs: 0, misses: 1, handoffRate: 0 });
    expect(metrics.byTrigger[0]!.trigger).toBe('agent-asks-for-person');
  });

  it('filters by queue (the first request’s queue) and by time range', async () => {
    const clock = testClock('2026-04-03T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const history = await buildHistory(service, clock);
    const billing = await service.metrics(history.operator, {
      from: history.from,
      to: history.to,
      queue: 'billing',
    });
    // Only c3 started in billing; c7 was transferred there but counts in its first queue.
    expect(billing.range.queue).toBe('billing');
    expect(billing.conversations).toBe(9);
    expect(billing.handoffs).toBe(1);
    expect(billing.conversationsWithHandoff).toBe(1);
    expect(billing.times.toClaim).toEqual({ count: 1, p50: 300, p90: 300 });
    expect(billing.byTrigger.map((row) => row.trigger)).toEqual(['agent_requested']);
    // c8's second request went to the default queue: billing's row has c3's request only.
    expect(billing.byTrigger[0]).toMatchObject({ firings: 1, handoffs: 1 });
    expect(billing.ratings.count).toBe(0);

    // The day before holds nothing.
    const before = await service.metrics(history.operator, {
      from: '2026-04-02T00:00:00.000Z',
      to: '2026-04-03T00:00:00.000Z',
    });
    expect(before).toMatchObject({
      conversations: 0,
      handoffs: 0,
      handoffRate: null,
      byTrigger: [],
      misses: 0,
    });
    expect(before.times.toClaim).toEqual({ count: 0, p50: null, p90: null });
    expect(before.ratings).toEqual({
      count: 0,
      mean: null,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    });
  });

  it('gives a time series with every bucket, by trigger', async () => {
    const clock = testClock('2026-04-05T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const history = await buildHistory(service, clock);
    const hourly = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-05T08:00:00.000Z',
      to: '2026-04-05T12:00:00.000Z',
    });
    expect(hourly.bucket).toBe('hour');
    expect(hourly.triggers).toEqual(['agent-asks-for-person', 'agent_requested']);
    expect(hourly.points.map((point) => point.start)).toEqual([
      '2026-04-05T08:00:00.000Z',
      '2026-04-05T09:00:00.000Z',
      '2026-04-05T10:00:00.000Z',
      '2026-04-05T11:00:00.000Z',
    ]);
    expect(hourly.points.map((point) => point.handoffs)).toEqual([0, 7, 0, 0]);
    expect(hourly.points[1]!.byTrigger).toEqual({ 'agent-asks-for-person': 5, agent_requested: 2 });

    const daily = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-05T00:00:00.000Z',
      to: '2026-04-08T00:00:00.000Z',
      queue: 'billing',
    });
    expect(daily.bucket).toBe('day');
    expect(daily.points.map((point) => [point.start, point.handoffs])).toEqual([
      ['2026-04-05T00:00:00.000Z', 1],
      ['2026-04-06T00:00:00.000Z', 0],
      ['2026-04-07T00:00:00.000Z', 0],
    ]);
  });

  it('picks buckets that suit the range, five minutes for the last hour, and counts in them', async () => {
    const clock = testClock('2026-04-09T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const history = await buildHistory(service, clock);
    // The history's escalations are all requested between 09:00 and 09:30.
    const lastHour = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-09T09:00:00.000Z',
      to: '2026-04-09T10:00:00.000Z',
    });
    expect(lastHour.bucket).toBe('5min');
    expect(lastHour.points).toHaveLength(12);
    expect(lastHour.points[1]!.start).toBe('2026-04-09T09:05:00.000Z');
    const total = lastHour.points.reduce((sum, point) => sum + point.handoffs, 0);
    expect(total).toBe(7);
    // By hand from history.ts: c1 09:00:01, c2 09:03:02, c3 09:08:03, c4 09:18:04, c7 09:18:37 (its
    // transfer at 09:22:47 is not a new escalation), c8 09:25:18 and again 09:28:18.
    expect(lastHour.points.map((point) => point.handoffs)).toEqual([2, 1, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0]);

    const quarter = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-09T09:00:00.000Z',
      to: '2026-04-09T09:15:00.000Z',
    });
    expect(quarter.bucket).toBe('minute');
    expect(quarter.points).toHaveLength(15);
    const week = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-03T00:00:00.000Z',
      to: '2026-04-10T00:00:00.000Z',
    });
    expect(week.bucket).toBe('day');
    const day = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-08T10:00:00.000Z',
      to: '2026-04-09T10:00:00.000Z',
    });
    expect(day.bucket).toBe('hour');
    expect(day.points).toHaveLength(24);
    // Asked for explicitly, a bucket wins over the default.
    const byMinute = await service.metricsTimeSeries(history.operator, {
      from: '2026-04-09T09:00:00.000Z',
      to: '2026-04-09T10:00:00.000Z',
      bucket: 'minute',
    });
    expect(byMinute.points).toHaveLength(60);
    expect(byMinute.points.reduce((sum, point) => sum + point.handoffs, 0)).toBe(7);
  });

  it('shows every answer of the outcome form as counts and a rate', async () => {
    const clock = testClock('2026-04-11T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const from = clock.now().toISOString();
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const answers = [
      {
        resolved: true,
        warranted: true,
        rightReason: true,
        agentCouldHaveHandled: true,
        customerRepeated: false,
      },
      { resolved: false, warranted: true, agentCouldHaveHandled: false },
      { resolved: true, warranted: false, customerRepeated: true },
    ];
    for (const outcome of answers) {
      clock.advance(1_000);
      const result = await service.postTurn(agent, { conversationId: uniqueId('ans'), turn: HANDOFF_TURN });
      await service.claim(operator, result.handoff!.id);
      await service.resolve(operator, result.handoff!.id, outcome);
    }
    clock.advance(1_000);
    const metrics = await service.metrics(operator, { from, to: clock.now().toISOString() });
    const expected = {
      resolved: { answered: 3, yes: 2, rate: 0.6667 },
      warranted: { answered: 3, yes: 2, rate: 0.6667 },
      rightReason: { answered: 1, yes: 1, rate: 1 },
      agentCouldHaveHandled: { answered: 2, yes: 1, rate: 0.5 },
      customerRepeated: { answered: 2, yes: 1, rate: 0.5 },
    };
    expect(metrics.outcomes.answers).toEqual(expected);
    const row = metrics.byTrigger.find((trigger) => trigger.trigger === 'agent-asks-for-person');
    expect(row?.answers).toEqual(expected);
    expect(row?.cameBack).toEqual({ resolved: 3, within24h: 0, rate: 0 });
  });

  it('counts shadow firings apart from enforced ones', async () => {
    const clock = testClock('2026-04-07T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const from = clock.now().toISOString();
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    // A VIP showing frustration: the shadow trigger records what it would have done, nothing more.
    const result = await service.postTurn(agent, {
      conversationId: uniqueId('vip'),
      turn: { role: 'customer', text: 'This is ridiculous, I am really annoyed with this order.' },
      customer: { tier: 'vip' },
    });
    const shadow = result.decision.firings.filter((firing) => firing.shadow).map((firing) => firing.trigger);
    expect(shadow).toEqual(['vip-customer-unhappy']);
    clock.advance(1_000);
    const metrics = await service.metrics(operator, { from, to: clock.now().toISOString() });
    expect(metrics.byTrigger.find((row) => row.trigger === 'vip-customer-unhappy')).toMatchObject({
      firings: 0,
      shadowFirings: 1,
      handoffs: 0,
    });
  });
});
