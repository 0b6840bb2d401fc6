/** The staffing route: operators needed per queue and hour of the week, against those online. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { StaffingQuerySchema, StaffingReportSchema } from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { z } from 'zod';
import type { StaffingReport } from '../../staffing/forecast.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonResponse, problems } from '../route-kit.ts';

/** Registers `GET /v1/staffing`. */
export function registerStaffingRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/staffing',
      operationId: 'getStaffing',
      tags: ['metrics'],
      summary: 'Operators needed per queue and hour of the week for a service-level target',
      description:
        'From the handoffs of `[from, to)` (default: the last 28 days): per queue and hour of the week, the ' +
        'arrival rate, handle time (claim → resolve, return or transfer), time to claim and abandonment, and ' +
        'the operators Erlang C needs for the target (Erlang A when the queue has abandonments), with ' +
        '`concurrency` conversations per operator; beside the operators online now. `handoffRateChange` ' +
        'asks what a policy that hands off more or less often would need.',
      ...guard(service, ['operator']),
      request: { query: StaffingQuerySchema },
      responses: { 200: jsonResponse(StaffingReportSchema, 'The forecast.'), ...problems() },
    }),
    async (c) => c.json(await service.staffing(c.get('principal'), c.req.valid('query')), 200),
  );
}

/** Compile-time pin: the service's report fits the schema the OpenAPI document promises. */
type Fits<Value, Schema extends z.ZodType> = Value extends z.output<Schema> ? true : never;
const pinned: Fits<StaffingReport, typeof StaffingReportSchema> = true;
void pinned;
