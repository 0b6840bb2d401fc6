/**
 * Reads a JSON body before validation, so a wrong content type is a 415 and broken JSON a 400
 * `malformed_json`, each with its own code. Hono caches the parsed body, so the validator that
 * runs next does not parse it twice.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { BatonError } from '../errors.ts';
import type { AppEnv } from './env.ts';

const JSON_CONTENT_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

async function readJson(c: Context<AppEnv>): Promise<void> {
  if (!JSON_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new BatonError('unsupported_media_type', 'Send the body as `Content-Type: application/json`.');
  }
  try {
    await c.req.json();
  } catch {
    throw new BatonError('malformed_json', 'The body is not valid JSON.');
  }
}

/** Middleware for routes that require a JSON body. */
export const jsonBody = createMiddleware<AppEnv>(async (c, next) => {
  await readJson(c);
  await next();
});

/** Middleware for routes whose body may be left out (no `Content-Type`, no body). */
export const optionalJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.header('content-type') !== undefined) await readJson(c);
  await next();
});
