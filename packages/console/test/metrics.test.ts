import { describe, expect, it } from 'vitest';
import { bucketSecondsFor, computeMetrics, firstOperatorReply, percentile } from '../src/metrics.ts';
import { handoff } from './fixtures.ts';

const HOUR = 3600_000;
const from = Date.parse('2026-11-25T00:00:00Z');
const range = { queue: '', from, to: from + 24 * HOUR };

describe('dashboard metrics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([30, 10, 20], 0.5)).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('buckets by the hour up to two days, by the day beyond', () => {
    expect(bucketSecondsFor(0, 24 * HOUR)).toBe(3600);
    expect(bucketSecondsFor(0, 7 * 24 * HOUR)).toBe(86_400);
  });

  it('counts handoffs over time and by trigger, with warranted rates and outcome shares', () => {
    const handoffs = [
      handoff({
        id: 'a',
        requestedAt: '2026-11-25T01:10:00Z',
        claimedAt: '2026-11-25T01:11:00Z',
        endedAt: '2026-11-25T01:20:00Z',
        status: 'resolved',
        outcome: { resolved: true, warranted: true, rightReason: true, customerRepeated: false },
      }),
      handoff({
        id: 'b',
        trigger: 'repeated-failure',
        requestedAt: '2026-11-25T01:40:00Z',
        claimedAt: '2026-11-25T01:45:00Z',
        status: 'resolved',
        outcome: { resolved: false, warranted: false, agentCouldHaveHandled: true },
      }),
      handoff({
        id: 'c',
        trigger: 'repeated-failure',
        requestedAt: '2026-11-25T05:00:00Z',
        status: 'abandoned',
      }),
      handoff({ id: 'outside', requestedAt: '2026-11-24T05:00:00Z' }),
      handoff({ id: 'other-queue', queue: 'billing', requestedAt: '2026-11-25T05:00:00Z' }),
    ];
    const replies = new Map([['a', '2026-11-25T01:11:30Z']]);
    const all = computeMetrics(handoffs, replies, range);
    expect(all.total).toBe(4);
    expect(all.overTime.counts[1]).toBe(2);
    expect(all.overTime.counts[5]).toBe(2);
    expect(all.byTrigger.map((row) => [row.trigger, row.count, row.warrantedRate])).toEqual([
      ['customer-asks-for-person', 2, 1],
      ['repeated-failure', 2, 0],
    ]);
    expect(all.timeToClaim).toEqual({ p50: 60, p90: 300, count: 2 });
    expect(all.timeToFirstReply).toEqual({ p50: 30, p90: 30, count: 1 });
    expect(all.abandonment).toEqual({ abandoned: 1, expired: 0, rate: 0.25 });
    expect(all.outcomes).toMatchObject({ judged: 2, resolved: 1, warranted: 1, agentCouldHaveHandled: 1 });

    const billing = computeMetrics(handoffs, replies, { ...range, queue: 'billing' });
    expect(billing.total).toBe(1);
    expect(billing.byTrigger[0]?.warrantedRate).toBeNull();
  });

  it("finds the first operator reply within the handoff's own span", () => {
    const turns = [
      { role: 'operator', at: '2026-11-25T01:00:00Z' },
      { role: 'customer', at: '2026-11-25T01:12:00Z' },
      { role: 'operator', at: '2026-11-25T01:13:00Z' },
    ];
    expect(firstOperatorReply({ claimedAt: '2026-11-25T01:11:00Z', endedAt: null }, turns)).toBe(
      '2026-11-25T01:13:00Z',
    );
    expect(
      firstOperatorReply({ claimedAt: '2026-11-25T01:11:00Z', endedAt: '2026-11-25T01:12:30Z' }, turns),
    ).toBeNull();
    expect(firstOperatorReply({ claimedAt: null, endedAt: null }, turns)).toBeNull();
  });
});
