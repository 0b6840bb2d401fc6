/**
 * Canned responses over HTTP, on PGlite and PostgreSQL: operators read, admin keys write; an unknown
 * variable is a 400 naming it; an edit from a stale version is a 409; lists filter by team and
 * language (the team's and the language's own first, then the general ones); creation is idempotent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedResponse, CannedResponseList } from '@baton/sdk';
import { call, createStack, type Stack } from './helpers.ts';

describe.each(['pglite', 'postgres'] as const)('canned responses on %s', (backend) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await createStack(backend);
  });
  afterAll(async () => {
    await stack.close();
  });

  const create = (body: Record<string, unknown>, key = stack.keys.admin, headers?: Record<string, string>) =>
    call<CannedResponse>(stack.app, 'POST', '/v1/canned-responses', {
      key,
      body,
      ...(headers ? { headers } : {}),
    });

  it('lets operators read and only admin keys write', async () => {
    const refused = await create({ title: 'Hi', body: 'Hello' }, stack.keys.operator);
    expect(refused.status).toBe(403);
    expect((refused.body as unknown as { code: string }).code).toBe('forbidden');
    const agent = await call(stack.app, 'GET', '/v1/canned-responses', { key: stack.keys.agent });
    expect(agent.status).toBe(403);

    const created = await create({ title: 'Greeting', body: 'Hello {{customer.firstName}}', shortcut: 'hi' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, createdBy: 'root', queue: null, language: null });
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await call<CannedResponseList>(stack.app, 'GET', '/v1/canned-responses', {
      key: stack.keys.operator,
    });
    expect(read.status).toBe(200);
    expect(read.body.responses.map((response) => response.id)).toContain(created.body.id);
    expect(read.body.variables).toContain('brief.order');

    const edit = await call(stack.app, 'PUT', `/v1/canned-responses/${created.body.id}`, {
      key: stack.keys.operator,
      body: { title: 'x', body: 'y', version: 1 },
    });
    expect(edit.status).toBe(403);
    const removal = await call(stack.app, 'DELETE', `/v1/canned-responses/${created.body.id}`, {
      key: stack.keys.operator,
    });
    expect(removal.status).toBe(403);
  });

  it('refuses an unknown variable with a 400 that names it', async () => {
    const refused = await create({ title: 'Bad', body: 'Order {{brief.order}} for {{customer.shoeSize}}' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = refused.body as unknown as { code: string; detail: string; variables: string[] };
    expect(problem.code).toBe('unknown_variable');
    expect(problem.variables).toEqual(['customer.shoeSize']);
    expect(problem.detail).toContain('{{customer.shoeSize}}');

    const created = await create({ title: 'Good', body: 'x' });
    const edited = await call(stack.app, 'PUT', `/v1/canned-responses/${created.body.id}`, {
      key: stack.keys.admin,
      body: { title: 'Good', body: '{{brief.nothing}}', version: 1 },
    });
    expect(edited.status).toBe(400);
    expect((edited.body as { variables?: string[] }).variables).toEqual(['brief.nothing']);
  });

  it('refuses a stale edit with 409 version_conflict, by body version or If-Match', async () => {
    const created = await create({ title: 'Refund', body: 'Your refund is on its way.' });
    const id = created.body.id;
    const first = await call<CannedResponse>(stack.app, 'PUT', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      body: { title: 'Refund', body: 'Your refund is on its way, {{customer.firstName}}.', version: 1 },
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.headers.get('etag')).toBe('"2"');

    const stale = await call(stack.app, 'PUT', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      body: { title: 'Refund (old copy)', body: 'Overwrite', version: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', current: { version: 2 } });

    const staleHeader = await call(stack.app, 'PUT', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      headers: { 'if-match': '"1"' },
      body: { title: 'Refund', body: 'Overwrite' },
    });
    expect(staleHeader.status).toBe(409);

    const noVersion = await call(stack.app, 'PUT', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      body: { title: 'Refund', body: 'Overwrite' },
    });
    expect(noVersion.status).toBe(400);
    expect((noVersion.body as { code: string }).code).toBe('invalid_request');

    const byHeader = await call<CannedResponse>(stack.app, 'PUT', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      headers: { 'if-match': '"2"' },
      body: { title: 'Refund', body: 'Refund sent.' },
    });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body).toMatchObject({ version: 3, body: 'Refund sent.' });

    const staleDelete = await call(stack.app, 'DELETE', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      headers: { 'if-match': '"2"' },
    });
    expect(staleDelete.status).toBe(409);
    const deleted = await call(stack.app, 'DELETE', `/v1/canned-responses/${id}`, { key: stack.keys.admin });
    expect(deleted.status).toBe(204);
    const again = await call(stack.app, 'DELETE', `/v1/canned-responses/${id}`, { key: stack.keys.admin });
    expect(again.status).toBe(404);
    expect((again.body as { code: string }).code).toBe('canned_response_not_found');
    const editGone = await call(stack.app, 'PUT', `/v1/canned-responses/${id}`, {
      key: stack.keys.admin,
      body: { title: 'x', body: 'y', version: 3 },
    });
    expect(editGone.status).toBe(404);
  });

  it('filters by team and language, the most specific first, and refuses unknown teams', async () => {
    const made = {
      billingEs: await create({ title: 'B es', body: 'Hola', queue: 'billing', language: 'es' }),
      billingAny: await create({ title: 'B any', body: 'Hi', queue: 'billing' }),
      fraudEs: await create({ title: 'F es', body: 'Hola', queue: 'fraud', language: 'es' }),
      anyEs: await create({ title: 'Any es', body: 'Hola', language: 'ES' }),
      anyEn: await create({ title: 'Any en', body: 'Hello', language: 'en' }),
    };
    for (const response of Object.values(made)) expect(response.status).toBe(201);
    expect(made.anyEs.body.language).toBe('es');

    const list = await call<CannedResponseList>(
      stack.app,
      'GET',
      '/v1/canned-responses?queue=billing&language=es-MX',
      { key: stack.keys.operator },
    );
    const ids = list.body.responses.map((response) => response.id);
    expect(ids).toContain(made.billingEs.body.id);
    expect(ids).not.toContain(made.fraudEs.body.id);
    expect(ids).not.toContain(made.anyEn.body.id);
    // Team and language first, then the team's, then the language's, then every team's and language's.
    expect(ids.indexOf(made.billingEs.body.id)).toBe(0);
    expect(ids.indexOf(made.billingAny.body.id)).toBe(1);
    expect(ids.indexOf(made.anyEs.body.id)).toBe(2);
    for (const response of list.body.responses) {
      expect(response.queue === null || response.queue === 'billing').toBe(true);
      expect(response.language === null || response.language === 'es').toBe(true);
    }

    const unknownQueue = await create({ title: 'X', body: 'x', queue: 'nowhere' });
    expect(unknownQueue.status).toBe(400);
    const badLanguage = await create({ title: 'X', body: 'x', language: 'not a tag' });
    expect(badLanguage.status).toBe(400);
  });

  it('creates once per Idempotency-Key, and refuses a shortcut the same team and language has', async () => {
    const headers = { 'idempotency-key': `canned-${backend}` };
    const first = await create({ title: 'Once', body: 'Once', shortcut: 'once' }, stack.keys.admin, headers);
    const retry = await create({ title: 'Once', body: 'Once', shortcut: 'once' }, stack.keys.admin, headers);
    expect(first.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const list = await call<CannedResponseList>(stack.app, 'GET', '/v1/canned-responses', {
      key: stack.keys.admin,
    });
    expect(list.body.responses.filter((response) => response.title === 'Once')).toHaveLength(1);
    const reused = await create({ title: 'Other', body: 'Other' }, stack.keys.admin, headers);
    expect(reused.status).toBe(422);

    const taken = await create({ title: 'Twice', body: 'Twice', shortcut: 'once' });
    expect(taken.status).toBe(409);
    expect((taken.body as unknown as { code: string }).code).toBe('shortcut_taken');
    const elsewhere = await create({ title: 'Twice', body: 'Twice', shortcut: 'once', queue: 'billing' });
    expect(elsewhere.status).toBe(201);
  });
});
