/**
 * What every route definition shares: the scope guard and its OpenAPI security requirement, the
 * JSON body reader, and the problem+json responses it documents. Each route file spreads these
 * into `createRoute`, so the document and the behaviour come from the same lines.
 */
import { ProblemSchema } from '@baton/sdk';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Scope, Service } from '../service/types.ts';
import { requireScopes, securityFor } from './auth.ts';
import type { AppEnv } from './env.ts';
import { jsonBody, optionalJsonBody } from './json-body.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

const PROBLEM_DESCRIPTIONS = {
  400: 'Invalid request (`invalid_request`, `malformed_json`, `invalid_text`, `json_too_deep`, ...); `errors` lists each field.',
  401: 'No API key or an unknown one (`unauthenticated`), a revoked one (`key_revoked`) or an expired one (`key_expired`).',
  403: "The key's scope does not admit this route (`forbidden`).",
  404: 'Not found (`conversation_not_found`, `handoff_not_found`, `key_not_found`).',
  409: 'Not allowed in the current state (`invalid_transition`, `already_claimed`, `not_owner`, ...).',
  413: 'The body is larger than the limit (`payload_too_large`).',
  415: 'The body must be `application/json` (`unsupported_media_type`).',
  422: 'Refused (`idempotency_conflict`, `too_many_turns`).',
  429: 'Over the rate limit (`rate_limited`); retry after `Retry-After` seconds.',
  500: 'Something broke on our side (`internal`); no detail is shown.',
} as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

const problemResponse = (status: ProblemStatus) => ({
  description: PROBLEM_DESCRIPTIONS[status],
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});

/** The documented problem responses for the given statuses (plus 400, 401, 403, 429 and 500, always). */
export function problems(...statuses: ProblemStatus[]) {
  const all = [...new Set<ProblemStatus>([400, 401, 403, ...statuses, 429, 500])].sort((a, b) => a - b);
  return Object.fromEntries(all.map((status) => [status, problemResponse(status)])) as Record<
    ProblemStatus,
    ReturnType<typeof problemResponse>
  >;
}

/** The security requirement and the middleware of a guarded route. */
export function guard(
  service: Service,
  scopes: readonly Scope[],
  body: 'none' | 'required' | 'optional' = 'none',
): { security: Record<string, string[]>[]; middleware: MiddlewareHandler<AppEnv>[] } {
  const middleware: MiddlewareHandler<AppEnv>[] = [requireScopes(service, scopes)];
  if (body === 'required') middleware.push(jsonBody);
  if (body === 'optional') middleware.push(optionalJsonBody);
  return { security: securityFor(scopes), middleware };
}

/** The JSON request body of a route. */
export function jsonRequest<Schema>(schema: Schema, description: string, required = true) {
  return { required, description, content: { 'application/json': { schema } } };
}

/** A JSON response. */
export function jsonResponse<Schema>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** The `Idempotency-Key` header of a write; the value is opaque to the server. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().meta({
    description: 'A retried request with the same key returns the first answer and stores nothing twice.',
  }),
});

/** The write's options from its validated headers. */
export function writeOptions(headers: { 'idempotency-key'?: string | undefined }): {
  idempotencyKey?: string;
} {
  const key = headers['idempotency-key'];
  return key ? { idempotencyKey: key } : {};
}
