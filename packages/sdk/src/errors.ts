/**
 * The errors the client raises. A server refusal is a `BatonApiError` carrying the problem+json body
 * (RFC 9457) with Baton's stable `code`; a request that never got an answer is a
 * `BatonConnectionError`; an answer that breaks the wire contract is a `BatonResponseError`.
 */
import type { FieldError, Problem } from './schemas.ts';

/** The server answered with an error: `code` is stable (see the server's `errors.ts` table). */
export class BatonApiError extends Error {
  override name = 'BatonApiError';
  /** Baton's stable error code, such as `already_claimed` or `conversation_not_found`. */
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  /** Each field that failed validation, for `invalid_request` and `invalid_policy`. */
  readonly errors: FieldError[];
  /** The whole problem body, with any extension members (such as `claimedBy` or `retryAfter`). */
  readonly problem: Problem;
  /** Seconds from the `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail ? `${problem.code}: ${problem.detail}` : `${problem.code}: ${problem.title}`);
    this.code = problem.code;
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No answer: the connection failed or the request timed out, on every attempt. */
export class BatonConnectionError extends Error {
  override name = 'BatonConnectionError';
  /** `timeout` when an attempt outlived `timeoutMs`, `network` otherwise. */
  readonly reason: 'network' | 'timeout';
  readonly attempts: number;

  constructor(
    message: string,
    options: { reason: 'network' | 'timeout'; attempts: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.reason = options.reason;
    this.attempts = options.attempts;
  }
}

/** The server answered, but not as the wire contract says (a version mismatch or a proxy's page). */
export class BatonResponseError extends Error {
  override name = 'BatonResponseError';
  readonly status: number;

  constructor(message: string, options: { status: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}
