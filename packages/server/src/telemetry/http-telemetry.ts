/**
 * What the HTTP layer adds: a request id per request (hono's `request-id`: a well-formed incoming
 * `X-Request-Id` is kept, otherwise a UUID; echoed in the response), the request's scope for the
 * logs of everything it calls, a server span when traces are exported, one access log line, the
 * latency histogram by route pattern and status, the count of open event streams, and the
 * Prometheus endpoint `GET /metrics` (BATON_METRICS).
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Span, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { requireScopes } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import type { Service } from '../service/types.ts';
import { runInRequest } from './request-context.ts';
import type { Telemetry } from './telemetry.ts';

/** Longest incoming request id kept (longer ones, or ones with other than `[A-Za-z0-9_=-]`, are replaced). */
export const REQUEST_ID_MAX_LENGTH = 128;

/** Routes polled by machines, logged at debug so they do not drown the access log. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** A caller's `traceparent` continues its trace: the agent's span becomes the request span's parent. */
const propagator = new W3CTraceContextPropagator();
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The id hono's `request-id` middleware set on the request. */
function requestIdOf(c: Context<AppEnv>): string {
  return (c as unknown as Context<{ Variables: { requestId: string } }>).get('requestId');
}

/** The route pattern that answered (`/v1/handoffs/:id`), never the raw path, to bound label values. */
function routeOf(c: Context): string {
  const pattern = routePath(c);
  return pattern === '' ? 'unmatched' : pattern;
}

/** The per-request middleware; mount it before every other one. */
export function telemetryMiddleware(telemetry: Telemetry): MiddlewareHandler<AppEnv> {
  const assignId = requestId({ limitLength: REQUEST_ID_MAX_LENGTH });
  const { logger, tracer, instruments } = telemetry;

  async function handle(c: Context<AppEnv>, next: () => Promise<void>, span: Span | null) {
    const started = performance.now();
    const outgoing = c.env?.outgoing;
    // Streams write their head straight to the Node response; the id is set there first for them.
    outgoing?.setHeader('x-request-id', requestIdOf(c));
    await next();
    const sentDirectly = outgoing?.headersSent === true;
    const seconds = (performance.now() - started) / 1000;
    const route = routeOf(c);
    const status = sentDirectly ? outgoing.statusCode : c.res.status;
    const contentType = sentDirectly
      ? String(outgoing.getHeader('content-type') ?? '')
      : (c.res.headers.get('content-type') ?? '');
    // An answer built apart from the context (problem+json from the error handler) gets the id too.
    if (!sentDirectly && !c.res.headers.has('x-request-id')) {
      try {
        c.res.headers.set('x-request-id', requestIdOf(c));
      } catch {
        // Immutable headers (a fetched response passed through): the id stays in the logs only.
      }
    }
    if (span) {
      span.updateName(`${c.req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (telemetry.metricsEnabled) {
      instruments.httpDuration.record(seconds, { method: c.req.method, route, status });
      if (outgoing && contentType.startsWith('text/event-stream')) {
        instruments.sseConnections.add(1, { route });
        outgoing.once('close', () => instruments.sseConnections.add(-1, { route }));
      }
    }
    const level = QUIET_ROUTES.has(route) ? 'debug' : status >= 500 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        {
          method: c.req.method,
          route,
          path: c.req.path,
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          keyId: c.get('principal')?.keyId,
        },
        'request',
      );
    }
  }

  return (c, next) =>
    assignId(c, () =>
      runInRequest({ requestId: requestIdOf(c) }, () => {
        if (!tracer) return handle(c, next, null);
        return tracer.startActiveSpan(
          c.req.method,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path },
          },
          propagator.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter),
          async (span) => {
            try {
              await handle(c, next, span);
            } finally {
              span.end();
            }
          },
        );
      }),
    );
}

/**
 * `GET /metrics` in the Prometheus text format: absent (404) when BATON_METRICS is off, open when
 * `on`, for admin keys when `admin`. Not part of the OpenAPI document (it is for scrapers).
 */
export function registerPrometheusRoute(
  app: OpenAPIHono<AppEnv>,
  service: Service,
  telemetry: Telemetry,
): void {
  if (telemetry.metricsAccess === 'off') return;
  const serve = async (c: Context<AppEnv>) =>
    c.body(await telemetry.prometheusText(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': 'no-store',
    });
  if (telemetry.metricsAccess === 'admin') app.get('/metrics', requireScopes(service, ['admin']), serve);
  else app.get('/metrics', serve);
}
