/** Every client error is RFC 9457 problem+json with a stable code; unknown throws become `internal`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@baton/sdk';
import { createApp } from '../../src/http/app.ts';
import { createService } from '../../src/service/create-service.ts';
import { openTestPglite } from '../storage/test-pglite.ts';
import { call, createStack, init, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack('pglite', { bodyLimitBytes: 64 * 1024 });
});
afterAll(async () => {
  await stack.close();
});

/** The sorted `path` of each field error. */
function fieldPaths(problem: Problem): string[] {
  return (problem.errors ?? []).map((error) => error.path).sort();
}

function expectProblem(
  response: { status: number; body: Problem; headers: Headers },
  status: number,
  code: string,
) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ type: `urn:baton:problem:${code}`, status, code });
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('problem+json for every error', () => {
  it('404 for an unknown route', async () => {
    expectProblem(await call(stack.app, 'GET', '/v1/nothing-here'), 404, 'not_found');
    expectProblem(await call(stack.app, 'GET', '/v1'), 404, 'not_found');
  });

  it('405 with Allow for a known route and another method', async () => {
    const response = await call(stack.app, 'DELETE', '/v1/handoffs', { key: stack.keys.operator });
    expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const turns = await call(stack.app, 'GET', '/v1/conversations/c1/turns');
    expectProblem(turns, 405, 'method_not_allowed');
    expect(turns.headers.get('allow')).toBe('POST');
  });

  it('400 malformed_json for a body that is not JSON', async () => {
    const response = await call(stack.app, 'POST', '/v1/conversations/c1/turns', {
      key: stack.keys.agent,
      body: '{"role": "customer", "text": ',
    });
    expectProblem(response, 400, 'malformed_json');
  });

  it('415 for a body that is not application/json', async () => {
    const response = await call(stack.app, 'POST', '/v1/conversations/c1/turns', {
      key: stack.keys.agent,
      body: 'role=customer',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('413 for a body over the limit, with or without a Content-Length', async () => {
    const text = 'x'.repeat(70 * 1024);
    const body = JSON.stringify({ role: 'customer', text });
    const withLength = await call(stack.app, 'POST', '/v1/conversations/c1/turns', {
      key: stack.keys.agent,
      body,
      headers: { 'content-length': String(Buffer.byteLength(body)) },
    });
    expectProblem(withLength, 413, 'payload_too_large');
    const streamed = await stack.app.request('/v1/conversations/c1/turns', {
      ...init('POST', { key: stack.keys.agent, headers: { 'content-type': 'application/json' } }),
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ code: 'payload_too_large' });
    // Nothing was stored for either.
    expectProblem(
      await call(stack.app, 'GET', '/v1/conversations/c1', { key: stack.keys.agent }),
      404,
      'conversation_not_found',
    );
  });

  it('400 invalid_request listing each field of the body', async () => {
    const response = await call(stack.app, 'POST', '/v1/conversations/c1/turns', {
      key: stack.keys.agent,
      body: { role: 'robot', text: 5, confidence: 2 },
    });
    expectProblem(response, 400, 'invalid_request');
    const paths = fieldPaths(response.body);
    expect(paths).toEqual(['body.confidence', 'body.role', 'body.text']);
    for (const error of response.body.errors!) expect(error.message).toEqual(expect.any(String));
  });

  it('400 invalid_request for the query, the path and the headers', async () => {
    const query = await call(stack.app, 'GET', '/v1/handoffs?limit=0&status=lost', {
      key: stack.keys.operator,
    });
    expectProblem(query, 400, 'invalid_request');
    expect(fieldPaths(query.body)).toEqual(['query.limit', 'query.status']);
    const path = await call(stack.app, 'GET', '/v1/conversations/a%20b', { key: stack.keys.agent });
    expectProblem(path, 400, 'invalid_request');
    expect(fieldPaths(path.body)).toEqual(['params.conversationId']);
    const header = await call(stack.app, 'POST', '/v1/conversations/c1/turns', {
      key: stack.keys.agent,
      body: { role: 'customer', text: 'hello' },
      headers: { 'idempotency-key': 'k'.repeat(300) },
    });
    expectProblem(header, 400, 'invalid_request');
    expect(fieldPaths(header.body)).toEqual(['headers.idempotency-key']);
  });

  it('404 for an unknown handoff and for another agent’s conversation', async () => {
    expectProblem(
      await call(stack.app, 'POST', '/v1/handoffs/nope/claim', { key: stack.keys.operator }),
      404,
      'handoff_not_found',
    );
    await call(stack.app, 'POST', '/v1/conversations/mine/turns', {
      key: stack.keys.agent,
      body: { role: 'customer', text: 'hello' },
    });
    expectProblem(
      await call(stack.app, 'GET', '/v1/conversations/mine', { key: stack.keys.agent2 }),
      404,
      'conversation_not_found',
    );
  });

  it('400 invalid_policy listing each field', async () => {
    const response = await call(stack.app, 'PUT', '/v1/policy', {
      key: stack.keys.admin,
      body: { version: 'x', triggers: [{ id: 'a', when: { signal: 'nope' }, action: 'explode' }] },
    });
    expectProblem(response, 400, 'invalid_policy');
    expect(response.body.errors?.length).toBeGreaterThan(0);
  });

  it('500 internal with no detail when something unexpected breaks, and 503 from /readyz', async () => {
    const database = await openTestPglite();
    const service = await createService({ database });
    const { key } = await service.createKey({ scope: 'agent', name: 'bot' });
    const logged: unknown[] = [];
    const app = createApp(service, { logError: (error) => logged.push(error) });
    await database.close();
    const response = await call(app, 'POST', '/v1/conversations/c1/turns', {
      key,
      body: { role: 'customer', text: 'hello' },
    });
    expectProblem(response, 500, 'internal');
    expect(Object.keys(response.body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    expect(logged.length).toBeGreaterThan(0);
    expectProblem(await call(app, 'GET', '/readyz'), 503, 'unavailable');
    await service.close();
  });
});
