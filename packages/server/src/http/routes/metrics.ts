/** Metrics routes: what the support lead reads, for a queue and a time range. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  MetricsQuerySchema,
  MetricsSchema,
  MetricsTimeSeriesQuerySchema,
  MetricsTimeSeriesSchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonResponse, problems } from '../route-kit.ts';

/** Registers `GET /v1/metrics` and `GET /v1/metrics/timeseries`. */
export function registerMetricsRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/metrics',
      operationId: 'getMetrics',
      tags: ['metrics'],
      summary: 'Handoff rate, outcomes per trigger, times to claim, reply and resolve, and more',
      description:
        'Over `[from, to)` (default: the last 30 days) and optionally one queue. Handoffs count once across ' +
        'transfers; their trigger and queue are the first request’s, their outcome the last.',
      ...guard(service, ['operator']),
      request: { query: MetricsQuerySchema },
      responses: { 200: jsonResponse(MetricsSchema, 'The metrics.'), ...problems() },
    }),
    async (c) => c.json(await service.metrics(c.get('principal'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/metrics/timeseries',
      operationId: 'getMetricsTimeSeries',
      tags: ['metrics'],
      summary: 'Handoffs per hour or day, by trigger (for charts)',
      ...guard(service, ['operator']),
      request: { query: MetricsTimeSeriesQuerySchema },
      responses: { 200: jsonResponse(MetricsTimeSeriesSchema, 'One point per bucket.'), ...problems() },
    }),
    async (c) => c.json(await service.metricsTimeSeries(c.get('principal'), c.req.valid('query')), 200),
  );
}
