/**
 * The outcome and metrics routes over HTTP (in process): ratings are idempotent and agent-only,
 * conversation outcomes merge, other agents' conversations do not exist, bad input is a 400, the
 * metrics need an operator key, and the service's answers fit the published wire schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationOutcomeSchema } from '@baton/sdk';
import {
  MetricsSchema,
  MetricsTimeSeriesSchema,
  type ConversationOutcome as WireConversationOutcome,
  type Metrics as WireMetrics,
} from '@baton/sdk';
import type { z } from 'zod';
import type {
  ConversationOutcome,
  Metrics,
  MetricsTimeSeries,
} from '../../src/service/outcomes/outcome-types.ts';
import { call, createStack, type Stack } from '../http/helpers.ts';

// Compile-time pins: the service's types fit the schemas the OpenAPI document is generated from.
type Fits<Value, Schema extends z.ZodType> = Value extends z.output<Schema> ? true : never;
const pinned: [
  Fits<ConversationOutcome, typeof ConversationOutcomeSchema>,
  Fits<Metrics, typeof MetricsSchema>,
  Fits<MetricsTimeSeries, typeof MetricsTimeSeriesSchema>,
] = [true, true, true];
void pinned;

describe('outcome routes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await createStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function conversation(id: string, key = stack.keys.agent): Promise<void> {
    const posted = await call(stack.app, 'POST', `/v1/conversations/${id}/turns`, {
      key,
      body: { role: 'customer', text: 'Hello, where is my parcel?' },
    });
    expect(posted.status).toBe(201);
  }

  it('stores a rating, idempotently, and replaces it when it changes', async () => {
    await conversation('rate-1');
    const first = await call<WireConversationOutcome>(stack.app, 'POST', '/v1/conversations/rate-1/rating', {
      key: stack.keys.agent,
      body: { rating: 2, comment: 'slow' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ conversationId: 'rate-1', rating: 2, ratingComment: 'slow' });
    const again = await call<WireConversationOutcome>(stack.app, 'POST', '/v1/conversations/rate-1/rating', {
      key: stack.keys.agent,
      body: { rating: 2, comment: 'slow' },
    });
    expect(again.body).toEqual(first.body);
    const changed = await call<WireConversationOutcome>(
      stack.app,
      'POST',
      '/v1/conversations/rate-1/rating',
      {
        key: stack.keys.agent,
        body: { rating: 5 },
      },
    );
    expect(changed.body).toMatchObject({ rating: 5, ratingComment: null });
  });

  it('refuses ratings outside 1–5, other agents, operators, and unknown conversations', async () => {
    await conversation('rate-2');
    for (const rating of [0, 6, 3.5, '4']) {
      const bad = await call(stack.app, 'POST', '/v1/conversations/rate-2/rating', {
        key: stack.keys.agent,
        body: { rating },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('invalid_request');
    }
    const otherAgent = await call(stack.app, 'POST', '/v1/conversations/rate-2/rating', {
      key: stack.keys.agent2,
      body: { rating: 3 },
    });
    expect(otherAgent.status).toBe(404);
    expect(otherAgent.body.code).toBe('conversation_not_found');
    const operator = await call(stack.app, 'POST', '/v1/conversations/rate-2/rating', {
      key: stack.keys.operator,
      body: { rating: 3 },
    });
    expect(operator.status).toBe(403);
    const unknown = await call(stack.app, 'POST', '/v1/conversations/nobody/rating', {
      key: stack.keys.agent,
      body: { rating: 3 },
    });
    expect(unknown.status).toBe(404);
  });

  it('merges conversation outcomes from the agent and operators', async () => {
    await conversation('outcome-1');
    const empty = await call(stack.app, 'POST', '/v1/conversations/outcome-1/outcome', {
      key: stack.keys.agent,
      body: {},
    });
    expect(empty.status).toBe(400);
    const byAgent = await call<WireConversationOutcome>(
      stack.app,
      'POST',
      '/v1/conversations/outcome-1/outcome',
      {
        key: stack.keys.agent,
        body: { abandoned: true },
      },
    );
    expect(byAgent.status).toBe(200);
    expect(byAgent.body).toMatchObject({
      abandoned: true,
      shouldHaveEscalated: null,
      recordedBy: 'support bot',
    });
    const byOperator = await call<WireConversationOutcome>(
      stack.app,
      'POST',
      '/v1/conversations/outcome-1/outcome',
      { key: stack.keys.operator, body: { shouldHaveEscalated: true, notes: 'should have come to us' } },
    );
    expect(byOperator.body).toMatchObject({
      abandoned: true,
      shouldHaveEscalated: true,
      notes: 'should have come to us',
      recordedBy: 'Ada',
      rating: null,
    });
    const hidden = await call(stack.app, 'POST', '/v1/conversations/outcome-1/outcome', {
      key: stack.keys.agent2,
      body: { resolved: true },
    });
    expect(hidden.status).toBe(404);
  });

  it('serves metrics and the time series to operators only, and checks the range', async () => {
    const metrics = await call<WireMetrics>(stack.app, 'GET', '/v1/metrics', { key: stack.keys.operator });
    expect(metrics.status).toBe(200);
    expect(MetricsSchema.safeParse(metrics.body).success).toBe(true);
    // Misses: outcome-1 ended badly (abandoned) without a handoff; rate-1 ended with a rating of 5.
    expect(metrics.body.misses).toBe(1);
    expect(metrics.body.ratings).toMatchObject({ count: 1, mean: 5 });

    const agent = await call(stack.app, 'GET', '/v1/metrics', { key: stack.keys.agent });
    expect(agent.status).toBe(403);
    const backwards = await call(
      stack.app,
      'GET',
      '/v1/metrics?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z',
      { key: stack.keys.operator },
    );
    expect(backwards.status).toBe(400);
    const notATime = await call(stack.app, 'GET', '/v1/metrics?from=yesterday', { key: stack.keys.operator });
    expect(notATime.status).toBe(400);
    expect(notATime.body.errors?.[0]?.path).toBe('query.from');

    const series = await call(stack.app, 'GET', '/v1/metrics/timeseries?bucket=day&queue=general', {
      key: stack.keys.operator,
    });
    expect(series.status).toBe(200);
    expect(MetricsTimeSeriesSchema.safeParse(series.body).success).toBe(true);
    const tooMany = await call(
      stack.app,
      'GET',
      '/v1/metrics/timeseries?bucket=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      { key: stack.keys.operator },
    );
    expect(tooMany.status).toBe(400);
    const unknownBucket = await call(stack.app, 'GET', '/v1/metrics/timeseries?bucket=fortnight', {
      key: stack.keys.operator,
    });
    expect(unknownBucket.status).toBe(400);
    expect(unknownBucket.body.code).toBe('invalid_request');
    expect(unknownBucket.body.errors?.[0]?.path).toBe('query.bucket');
    const fiveMinutes = await call<{ bucket: string; points: { start: string }[] }>(
      stack.app,
      'GET',
      '/v1/metrics/timeseries?bucket=5min&from=2026-05-01T10:00:00Z&to=2026-05-01T11:00:00Z',
      { key: stack.keys.operator },
    );
    expect(fiveMinutes.status).toBe(200);
    expect(fiveMinutes.body.bucket).toBe('5min');
    expect(fiveMinutes.body.points.map((point) => point.start.slice(11, 16))).toEqual([
      '10:00',
      '10:05',
      '10:10',
      '10:15',
      '10:20',
      '10:25',
      '10:30',
      '10:35',
      '10:40',
      '10:45',
      '10:50',
      '10:55',
    ]);
  });

  it('accepts `late` in the resolve form', async () => {
    await conversation('late-1');
    const posted = await call<{ handoff: { id: string } }>(
      stack.app,
      'POST',
      '/v1/conversations/late-1/handoff',
      {
        key: stack.keys.agent,
        body: { reason: 'customer asked' },
      },
    );
    expect(posted.status).toBe(201);
    const handoffId = posted.body.handoff.id;
    expect(
      (await call(stack.app, 'POST', `/v1/handoffs/${handoffId}/claim`, { key: stack.keys.operator })).status,
    ).toBe(200);
    const resolved = await call<{ outcome: unknown }>(
      stack.app,
      'POST',
      `/v1/handoffs/${handoffId}/resolve`,
      {
        key: stack.keys.operator,
        body: { resolved: true, warranted: true, late: true },
      },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.outcome).toEqual({ resolved: true, warranted: true, late: true });
  });
});
