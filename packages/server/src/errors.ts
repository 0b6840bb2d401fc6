/**
 * One error class with stable string codes, and one table from code to HTTP status. Expected
 * failures of a use case throw `BatonError`; anything else is normalised to `internal` at the
 * boundary and never shown to a client as a stack trace.
 */
export const ERROR_STATUS = {
  /** The request body, query or path failed validation. */
  invalid_request: 400,
  /** The body is not valid JSON. */
  malformed_json: 400,
  /** A string, key, id, query value or Idempotency-Key holds a NUL character or a lone UTF-16 surrogate, which cannot be stored. */
  invalid_text: 400,
  /** The JSON body is nested deeper than the cap (64 levels of arrays and objects). */
  json_too_deep: 400,
  /** The policy document failed validation; `errors` lists each field. */
  invalid_policy: 400,
  /** No API key, or an unknown or revoked one. */
  unauthenticated: 401,
  /** The API key was revoked (`DELETE /v1/keys/{id}` or `baton keys revoke`). */
  key_revoked: 401,
  /** The API key is past its `expiresAt`. */
  key_expired: 401,
  /** A platform's webhook delivery is not signed with the configured secret. */
  invalid_signature: 401,
  /** A platform's call is not authenticated as the platform does it (Bot Framework: the Connector's JWT is missing a check). */
  adapter_unauthorized: 401,
  /** This platform adapter is not configured on the server (docs/adapters.md names its settings). */
  adapter_not_enabled: 404,
  /** The key is valid but its scope does not allow this route. */
  forbidden: 403,
  /** The conversation does not exist (or belongs to another agent key). */
  conversation_not_found: 404,
  /** The handoff does not exist. */
  handoff_not_found: 404,
  /** No API key has this id. */
  key_not_found: 404,
  /** The route does not exist. */
  not_found: 404,
  /** The method is not allowed on this route. */
  method_not_allowed: 405,
  /** The move is not allowed from the handoff's current status (see the transition table). */
  invalid_transition: 409,
  /** Another operator claimed the handoff first. */
  already_claimed: 409,
  /** Only the operator who claimed the handoff may do this. */
  not_owner: 409,
  /** The operator is not present in the handoff's queue (nor a queue it was widened to). */
  not_in_queue: 409,
  /** The handoff's queue needs a skill the operator's presence does not list. */
  missing_skill: 409,
  /** The handoff is in a language the queue serves and the operator's presence does not list. */
  wrong_language: 409,
  /** The operator holds as many conversations as their presence's capacity. */
  over_capacity: 409,
  /** The colleague a handoff is assigned to is not online now (no fresh presence). */
  not_present: 409,
  /** The handoff is not offered to the caller (or no longer). */
  offer_not_yours: 409,
  /** The offer's time to accept has passed; it goes to the next operator. */
  offer_expired: 409,
  /** The queue configuration failed validation; `errors` lists each field. */
  invalid_queue_config: 400,
  /** The conversation already has an open handoff. */
  handoff_open: 409,
  /** The request (consult, approval, handoff or transfer) does not exist. */
  request_not_found: 404,
  /** The request was answered, cancelled or timed out already; that result stands. */
  request_closed: 409,
  /** The request's deadline passed before the answer came; the deadline's result (in the body) stands. */
  deadline_passed: 409,
  /** The answer does not fit the request: approvals take a decision, consults text or one of the choices. */
  invalid_answer: 422,
  /** The promise does not exist in this conversation. */
  promise_not_found: 404,
  /** The customer token is unknown, expired, or for another conversation. */
  invalid_customer_token: 401,
  /** The same Idempotency-Key was used with a different request. */
  idempotency_conflict: 422,
  /** The body is larger than the limit. */
  payload_too_large: 413,
  /** The request needs `Content-Type: application/json`. */
  unsupported_media_type: 415,
  /** Too many requests; retry after `Retry-After` seconds. */
  rate_limited: 429,
  /** The event cursor is older than the retention kept: reload, then stream `from=now` (or `oldest`). */
  cursor_expired: 410,
  /** Too many open event streams for this key or this instance; retry after `Retry-After` seconds. */
  too_many_streams: 429,
  /** The conversation has reached its turn limit. */
  too_many_turns: 422,
  /** Something broke on our side; the response carries no detail. */
  internal: 500,
  /** The database is not reachable. */
  unavailable: 503,
  /**
   * The database was too busy to finish in time (a lock held too long, a deadlock, a serialisation
   * failure, still there after retries); nothing was written. Retry after `Retry-After` seconds.
   */
  busy: 503,
  // Canned responses.
  /** No canned response has this id (or it was deleted). */
  canned_response_not_found: 404,
  /** The edit starts from an older version than the stored one: reload, then edit again. */
  version_conflict: 409,
  /** Another canned response of the same team and language has this shortcut. */
  shortcut_taken: 409,
  /** The body names a variable Baton cannot fill; `variables` lists the unknown ones, `known` the others. */
  unknown_variable: 400,
  // Webhooks.
  /** The webhook URL is refused: loopback, link-local or a private address (or resolves to one), no http(s), or credentials. */
  webhook_url_refused: 400,
  /** The webhook subscription does not exist. */
  webhook_not_found: 404,
  /** The delivery does not exist (or belongs to another subscription). */
  webhook_delivery_not_found: 404,
  /** The subscription is disabled (deleted, or its endpoint answered 410). */
  webhook_disabled: 409,
  /** Only a `failed` or `dead` delivery can be replayed. */
  delivery_not_replayable: 409,
  /** The limit of active webhook subscriptions is reached. */
  too_many_webhooks: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class BatonError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra members for the problem+json body (for example `errors` or `claimedBy`). */
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'BatonError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.extensions = extensions;
  }
}
