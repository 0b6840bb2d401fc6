/**
 * RFC 9457 problem details: every error the API returns goes through here, so each one carries a
 * stable `code`, the status from the one table in errors.ts, and never a stack trace.
 */
import { BatonError, ERROR_STATUS, type ErrorCode } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A readable, stable title per code: `already_claimed` → `Already claimed`. */
function titleOf(code: ErrorCode): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The problem+json body for an error code, its detail, and any extension members. */
export function problemBody(
  code: ErrorCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): Record<string, unknown> {
  // Extensions first, so they can never overwrite the members RFC 9457 defines.
  return {
    ...extensions,
    type: `urn:baton:problem:${code}`,
    title: titleOf(code),
    status: ERROR_STATUS[code],
    detail,
    code,
  };
}

/** A problem+json `Response`. */
export function problemResponse(
  code: ErrorCode,
  detail: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(problemBody(code, detail, extensions)), {
    status: ERROR_STATUS[code],
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

/** Normalises anything thrown into a `BatonError`: unknown throws become `internal`, with no detail. */
export function toBatonError(error: unknown): BatonError {
  if (error instanceof BatonError) return error;
  return new BatonError('internal', 'Something went wrong on our side; the error was logged.');
}
