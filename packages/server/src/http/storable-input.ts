/**
 * Input the database cannot store is refused at the boundary, once for every route: PostgreSQL
 * text holds no NUL character and no lone UTF-16 surrogate (neither is valid UTF-8), and deeply
 * nested JSON exhausts stacks on the way to `jsonb`. Each gets a 400 with its own code, so a client
 * learns what to fix instead of a 500.
 */
import { createMiddleware } from 'hono/factory';
import { BatonError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** The deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
 * No `u` flag on purpose: it would read a pair as one code point, and these are UTF-16 code units.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Whether PostgreSQL can store `text` as it is. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** `text` with what cannot be stored (or shown in an error) replaced by `?`. */
function printable(text: string): string {
  return text.replace(UNSTORABLE_ALL, '?');
}

/**
 * The nesting depth of the JSON `text` is over `max`, found by a scan (no parse, no recursion), so a
 * body nested a million deep costs one pass instead of a stack overflow.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The path (`body.turn.text`, `body.tags.2`) of the first key or string in `value` that cannot be stored, or null. */
export function findUnstorableText(value: unknown, root: string): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: `${path}.${index}` }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, member] of Object.entries(current)) {
        if (!isStorableText(key)) return `${path}.${printable(key)}`;
        stack.push({ value: member, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

/** The 400 for text the database cannot store, naming where it was. */
export function invalidText(path: string): BatonError {
  return new BatonError(
    'invalid_text',
    `${path} contains a NUL character or a lone UTF-16 surrogate, which cannot be stored.`,
    {
      errors: [{ path, message: 'NUL characters and lone surrogates are not allowed', code: 'invalid_text' }],
    },
  );
}

/** The 400 for a JSON body nested deeper than `MAX_JSON_DEPTH`. */
export function jsonTooDeep(): BatonError {
  return new BatonError('json_too_deep', `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`, {
    maxDepth: MAX_JSON_DEPTH,
  });
}

/** Decodes one percent-encoded path segment the way the router will; an invalid encoding stays as it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Headers whose values become ids or keys in the database. */
const STORED_HEADERS = ['idempotency-key'];

/** Refuses a request whose path, query or stored headers carry text the database cannot store. */
export const storableRequest = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const segments = url.pathname.split('/');
  for (const segment of segments) {
    if (!isStorableText(decodeSegment(segment))) throw invalidText('params');
  }
  for (const [name, value] of url.searchParams) {
    if (!isStorableText(name) || !isStorableText(value)) throw invalidText(`query.${printable(name)}`);
  }
  for (const name of STORED_HEADERS) {
    const value = c.req.header(name);
    if (value !== undefined && !isStorableText(value)) throw invalidText(`headers.${name}`);
  }
  await next();
});

/**
 * The same checks on a JSON body another reader consumes (the MCP transport reads the original
 * request, so this reads a clone). A body that is not JSON is left to that reader's own error.
 */
export const storableJsonClone = createMiddleware<AppEnv>(async (c, next) => {
  const text = await c.req.raw.clone().text();
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw jsonTooDeep();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return next();
  }
  const unstorable = findUnstorableText(body, 'body');
  if (unstorable !== null) throw invalidText(unstorable);
  await next();
});
