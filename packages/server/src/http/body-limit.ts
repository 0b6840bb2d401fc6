/**
 * The request body limit, without turning every request into a web `Request`. hono's `bodyLimit`
 * starts by reading `c.req.raw.body`; on Node that builds the full `Request` (a body stream, an
 * abort signal, copied headers) that @hono/node-server otherwise avoids, and the JSON body is then
 * read through that stream: about a fifth of a turn's CPU. When the request declares its length
 * (`Content-Length` without `Transfer-Encoding`, which Node's parser holds the body to), the
 * header is enough, and the body is read later straight from the socket; anything else (a chunked
 * body, an in-process request with a stream) goes through hono's counting reader as before.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.ts';

export interface BodyLimitOptions {
  /** The largest accepted body in bytes. */
  maxSize: number;
  /** Throws (or answers) for a body over the limit. */
  onError: () => never;
}

/** Refuses bodies over `maxSize` bytes. */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const counting = countingBodyLimit({ maxSize: options.maxSize, onError: options.onError });
  return (c, next) => {
    const method = c.req.method;
    // No body on these (a web Request cannot carry one).
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > options.maxSize) options.onError();
      return next();
    }
    return counting(c, next);
  };
}
