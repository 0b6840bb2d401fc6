/**
 * Reads a JSON body before validation, so a wrong content type is a 415, broken JSON a 400
 * `malformed_json`, nesting past the cap a 400 `json_too_deep` and text the database cannot store a
 * 400 `invalid_text`, each with its own code. The parsed body goes into hono's cache, so the
 * validator that runs next does not parse it twice.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { BatonError } from '../errors.ts';
import type { AppEnv } from './env.ts';
import {
  findUnstorableText,
  invalidText,
  jsonDepthExceeds,
  jsonTooDeep,
  MAX_JSON_DEPTH,
} from './storable-input.ts';

const JSON_CONTENT_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

async function readJson(c: Context<AppEnv>): Promise<void> {
  if (!JSON_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new BatonError('unsupported_media_type', 'Send the body as `Content-Type: application/json`.');
  }
  const text = await c.req.text();
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw jsonTooDeep();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BatonError('malformed_json', 'The body is not valid JSON.');
  }
  const unstorable = findUnstorableText(body, 'body');
  if (unstorable !== null) throw invalidText(unstorable);
  c.req.bodyCache.json = Promise.resolve(body);
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
