/** Liveness and readiness: public, so a load balancer needs no key. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { HealthSchema } from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { jsonResponse } from '../route-kit.ts';
import { PROBLEM_CONTENT_TYPE, problemResponse } from '../problem.ts';
import { ProblemSchema } from '@baton/sdk';

/** Registers `/healthz` and `/readyz`. */
export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      tags: ['health'],
      summary: 'The process is up',
      security: [],
      responses: { 200: jsonResponse(HealthSchema, 'Up.') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'getReadiness',
      tags: ['health'],
      summary: 'The database takes a write in time',
      security: [],
      responses: {
        200: jsonResponse(HealthSchema, 'Ready.'),
        503: {
          description:
            'The database is not reachable, or did not take a probe write (rolled back) within a second (`unavailable`).',
          content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const ready = await service.ready().catch(() => false);
      if (!ready) {
        return problemResponse(
          'unavailable',
          'The database did not take a write in time.',
          {},
          {
            'retry-after': '1',
          },
        ) as never;
      }
      return c.json({ status: 'ready' as const }, 200);
    },
  );
}
