/**
 * The request a piece of code runs for, without threading it through every call: the HTTP layer
 * opens a scope per request (AsyncLocalStorage), and the logger reads it on every line, so the
 * service and the database layer log with the request id of the request that called them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  /** The request id: the caller's well-formed `X-Request-Id`, or a fresh UUID. */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` inside a request's scope. */
export function runInRequest<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the request the caller runs for, if any (background work has none). */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}
