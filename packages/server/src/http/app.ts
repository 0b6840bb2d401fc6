/**
 * The HTTP API: one hono app over the `Service` port. Routes live one file per group; this file
 * adds what every route shares: the body limit, problem+json for every error (404, 405, validation,
 * unknown throws), and the OpenAPI 3.1 document generated from the route definitions.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { BatonError, type ErrorCode } from '../errors.ts';
import type { Service } from '../service/types.ts';
import { SECURITY_SCHEME } from './auth.ts';
import { bodyLimit } from './body-limit.ts';
import type { AppEnv } from './env.ts';
import { problemResponse, toBatonError } from './problem.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerConversationRoutes } from './routes/conversations.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerHandoffRoutes } from './routes/handoffs.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { registerAdapterRoutes, type PlatformAdapters } from './routes/adapters.ts';
import type { WebhookAdmin } from '../webhooks/types.ts';
import { registerMetricsRoutes } from './routes/metrics.ts';
import { registerOutcomeRoutes } from './routes/outcomes.ts';
import { registerStaffingRoutes } from './routes/staffing.ts';
import { registerConsoleReadRoutes } from './routes/console-reads.ts';
import { registerRequestRoutes } from './routes/requests.ts';
import { registerCustomerEventRoutes } from './routes/customer-events.ts';
import { registerQueueRoutes } from './routes/queues.ts';
import { registerCannedResponseRoutes } from './routes/canned-responses.ts';
import { registerCollaborationRoutes } from './routes/collaboration.ts';
import { mountMcp } from '../mcp/mount-mcp.ts';
import { registerConsole } from './static-console.ts';
import { rateLimit, type RateLimitConfig } from './rate-limit.ts';
import { storableRequest } from './storable-input.ts';
import { securityHeaders } from './security-headers.ts';
import { registerPrometheusRoute, telemetryMiddleware } from '../telemetry/http-telemetry.ts';
import { disabledTelemetry, type Telemetry } from '../telemetry/telemetry.ts';

export interface AppOptions {
  /** Largest accepted request body in bytes. */
  bodyLimitBytes?: number;
  /** Where unexpected errors go (their stacks never reach a client). */
  logError?: (error: unknown) => void;
  /** Aborting it ends every open event stream, so the server can close. */
  shutdownSignal?: AbortSignal;
  heartbeatMs?: number;
  /** Webhook subscriptions; without them the webhook routes answer 503 `unavailable`. */
  webhooks?: WebhookAdmin;
  /** A token bucket per API key (per address without a valid key), in memory per instance; off when absent. */
  rateLimit?: RateLimitConfig | null;
  /** The limiter's clock in ms (tests drive it). */
  clock?: () => number;
  /** Platform adapters (Bot Framework, ...); without them their routes answer 404 `adapter_not_enabled`. */
  adapters?: PlatformAdapters;
  /** Serve `/demo`, its API and its agent (BATON_DEMO; on unless `false`). */
  demo?: boolean;
  /** Logs, traces and metrics (telemetry/); without it, request ids only, and nothing is logged. */
  telemetry?: Telemetry;
}

const DEFAULTS = {
  bodyLimitBytes: 256 * 1024,
  logError: (error: unknown) => console.error('baton: unexpected error', error),
  heartbeatMs: 15_000,
  clock: () => performance.now(),
} satisfies AppOptions;

const VALIDATION_TARGETS: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'params',
  header: 'headers',
};

/** Turns a zod failure into a 400 `invalid_request` listing each field. */
function validationError(target: string, error: ZodError): BatonError {
  const where = VALIDATION_TARGETS[target] ?? target;
  const errors = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const summary = errors.map((field) => `${field.path}: ${field.message}`).join('; ');
  return new BatonError('invalid_request', `The request is invalid: ${summary}`, { errors });
}

/** hono's own HTTP errors (from its helpers) mapped to our codes. */
function fromHttpException(error: HTTPException): BatonError {
  const byStatus: Partial<Record<number, ErrorCode>> = {
    400: 'malformed_json',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
  };
  const code = byStatus[error.status];
  return code ? new BatonError(code, error.message || code) : toBatonError(error);
}

/** A pattern per documented route, to tell a 405 (known path, other method) from a 404. */
function routeMatchers(app: OpenAPIHono<AppEnv>): { pattern: RegExp; method: string }[] {
  const matchers = [{ pattern: /^\/openapi\.json$/, method: 'GET' }];
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const source = definition.route.path
      .replaceAll(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replaceAll(/\{[^}]+\}/g, '[^/]+');
    matchers.push({ pattern: new RegExp(`^${source}/?$`), method: definition.route.method.toUpperCase() });
  }
  return matchers;
}

/** Builds the HTTP API over a service. */
export function createApp(service: Service, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const settings = { ...DEFAULTS, ...options };
  const telemetry = options.telemetry ?? disabledTelemetry();
  if (options.telemetry && !options.logError) {
    settings.logError = (error) => telemetry.logger.error({ err: error }, 'unexpected error');
  }
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error as ZodError);
    },
  });

  app.onError((error, _c) => {
    const baton = error instanceof HTTPException ? fromHttpException(error) : toBatonError(error);
    if (baton.code === 'internal') settings.logError(error);
    const headers: Record<string, string> = {};
    const retryAfter = baton.extensions['retryAfter'];
    if (
      (baton.code === 'rate_limited' || baton.code === 'too_many_streams' || baton.code === 'busy') &&
      typeof retryAfter === 'number'
    ) {
      headers['retry-after'] = String(retryAfter);
    }
    // RFC 6750: a 401 names the scheme the client should use.
    if (baton.status === 401) headers['www-authenticate'] = 'Bearer realm="baton"';
    return problemResponse(baton.code, baton.message, baton.extensions, headers);
  });

  // First: the request id, the request's log scope and span, the access log and request metrics.
  app.use('*', telemetryMiddleware(telemetry));
  // Every response, errors included: CSP, no framing, no sniffing (see security-headers.ts).
  app.use('*', securityHeaders());

  // Before every route (the health checks excepted, inside), so a refused request costs no more work.
  if (settings.rateLimit) app.use('*', rateLimit(service, settings.rateLimit, settings.clock));

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: settings.bodyLimitBytes,
      onError: () => {
        throw new BatonError(
          'payload_too_large',
          `The body is larger than ${settings.bodyLimitBytes} bytes.`,
          {
            limitBytes: settings.bodyLimitBytes,
          },
        );
      },
    }),
  );

  // Paths, queries and id headers the database cannot store are refused before any route reads them.
  app.use('/v1/*', storableRequest);

  registerHealthRoutes(app, service);
  registerConversationRoutes(app, service);
  registerHandoffRoutes(app, service);
  registerEventRoutes(app, service, {
    heartbeatMs: settings.heartbeatMs,
    logError: settings.logError,
    ...(settings.shutdownSignal ? { shutdownSignal: settings.shutdownSignal } : {}),
  });
  registerAdminRoutes(app, service);
  registerWebhookRoutes(app, service, settings.webhooks);
  registerAdapterRoutes(app, service, settings.adapters); // Platforms' own handoff protocols.
  registerOutcomeRoutes(app, service); // Ratings and conversation outcomes.
  registerMetricsRoutes(app, service); // The support lead's metrics.
  registerPrometheusRoute(app, service, telemetry); // GET /metrics for Prometheus (BATON_METRICS).
  registerStaffingRoutes(app, service); // Operators needed per queue and hour of the week.
  registerConsoleReadRoutes(app, service); // The console's follow-ups and search.
  registerRequestRoutes(app, service); // Consults, approvals, handoffs and transfers as requests.
  registerCustomerEventRoutes(app, service, {
    heartbeatMs: settings.heartbeatMs,
    logError: settings.logError,
    ...(settings.shutdownSignal ? { shutdownSignal: settings.shutdownSignal } : {}),
  });
  registerQueueRoutes(app, service); // Queues, offers and ETAs (routing).
  registerCannedResponseRoutes(app, service); // Canned responses the composer offers.
  // Typing indicators, assign to a colleague, take over, bulk moves.
  registerCollaborationRoutes(app, service, {
    heartbeatMs: settings.heartbeatMs,
    logError: settings.logError,
    ...(settings.shutdownSignal ? { shutdownSignal: settings.shutdownSignal } : {}),
  });
  // MCP tools over streamable HTTP at /mcp (see src/mcp/); not part of the OpenAPI document.
  mountMcp(app, service, { bodyLimitBytes: settings.bodyLimitBytes, logError: settings.logError });
  // The web console at / and /dashboard, and the /demo chat unless switched off.
  registerConsole(app, service, { demo: settings.demo ?? true });

  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key as `Authorization: Bearer <key>`. Each operation lists the scopes it admits ' +
      '(`agent`, `operator`, `admin`); `admin` is admitted everywhere.',
  });
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Baton',
      version: '1.0.0',
      description:
        'The escalation path between an AI agent and the humans behind it. Errors are RFC 9457 problem+json.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    // Relative: the instance that serves this document; a local `npm start` for generated clients.
    servers: [
      { url: '/', description: 'The Baton instance serving this document' },
      { url: 'http://127.0.0.1:3000', description: 'A local Baton (`npm start`)' },
    ],
    security: [{ [SECURITY_SCHEME]: [] }],
  });
  app.get('/openapi.json', (c) => c.json(document));

  const matchers = routeMatchers(app);
  app.notFound((c) => {
    const allowed = matchers
      .filter((matcher) => matcher.pattern.test(c.req.path))
      .map((matcher) => matcher.method);
    if (allowed.length > 0) {
      const allow = [...new Set(allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed)].join(', ');
      return problemResponse(
        'method_not_allowed',
        `${c.req.method} is not allowed here; use ${allow}.`,
        {},
        { allow },
      );
    }
    return problemResponse('not_found', `No route for ${c.req.method} ${c.req.path}.`);
  });

  return app;
}

/** The OpenAPI document the app serves at `/openapi.json`. */
export async function openApiDocument(app: OpenAPIHono<AppEnv>): Promise<Record<string, unknown>> {
  const response = await app.request('/openapi.json');
  return (await response.json()) as Record<string, unknown>;
}
