/**
 * Every route of the OpenAPI document refuses a request without a key (401) and a key of a scope
 * it does not admit (403); the walk reads the routes and their scopes from the document itself,
 * so a new route is covered the day it is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/app.ts';
import { call, createStack, type OpenApiDocument, type Stack } from './helpers.ts';

let stack: Stack;
let operations: { method: string; path: string; scopes: string[] }[];

beforeAll(async () => {
  stack = await createStack();
  const document = (await openApiDocument(stack.app)) as unknown as OpenApiDocument;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      // Any syntactically valid id: authorisation is checked before the id is looked up.
      path: path.replaceAll(/\{[^}]+\}/g, 'some-id'),
      scopes: operation.security.flatMap((requirement) => requirement['apiKey'] ?? []),
    })),
  );
});
afterAll(async () => {
  await stack.close();
});

describe('authentication and scopes on every route', () => {
  it('documents at least the routes of the spec', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('answers 401 problem+json without a key, with a malformed key and with an unknown key', async () => {
    for (const operation of operations.filter((each) => each.scopes.length > 0)) {
      for (const key of [
        undefined,
        'not-a-key',
        'bk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ]) {
        const response = await call(stack.app, operation.method, operation.path, key ? { key } : {});
        expect(response.status, `${operation.method} ${operation.path} key=${key}`).toBe(401);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="baton"');
      }
    }
  });

  it('answers 403 to every scope the route does not admit', async () => {
    let checked = 0;
    for (const operation of operations) {
      for (const scope of ['agent', 'operator'] as const) {
        if (operation.scopes.length === 0 || operation.scopes.includes(scope)) continue;
        const response = await call(stack.app, operation.method, operation.path, { key: stack.keys[scope] });
        expect(response.status, `${operation.method} ${operation.path} as ${scope}`).toBe(403);
        expect(response.body).toMatchObject({ code: 'forbidden', type: 'urn:baton:problem:forbidden' });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('lets admin through every route (whatever the route answers next, it is not 401 or 403)', async () => {
    for (const operation of operations) {
      // Streams never end; the event and collaboration tests cover them.
      if (operation.path === '/v1/events' || operation.path === '/v1/typing') continue;
      const response = await call(stack.app, operation.method, operation.path, { key: stack.keys.admin });
      expect([401, 403], `${operation.method} ${operation.path}`).not.toContain(response.status);
    }
  });

  it('keeps /healthz and /readyz public', async () => {
    expect((await call(stack.app, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(stack.app, 'GET', '/readyz')).body).toEqual({ status: 'ready' });
  });
});
