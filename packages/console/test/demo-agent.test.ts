/**
 * The demo's storefront assistant and its small API, in process (`app.request`, no port): the rules
 * the demo relies on (look-ups that fail, refunds above the limit, a person on request), and the
 * console's static serving, including the page shown when the console is not built.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomer } from '../../server/src/demo/demo-agent.ts';
import { planReply, REFUND_LIMIT } from '../../server/src/demo/storefront.ts';
import { createApp } from '../../server/src/http/app.ts';
import type { AppEnv } from '../../server/src/http/env.ts';
import { registerConsole } from '../../server/src/http/static-console.ts';
import { createService } from '../../server/src/service/create-service.ts';
import type { Service } from '../../server/src/service/types.ts';
import { type Database } from '../../server/src/storage/database.ts';
import { openTestPglite } from '../../server/test/storage/test-pglite.ts';

describe('the demo customers', () => {
  it('get varied names, the same one for the same conversation', () => {
    const names = new Set(Array.from({ length: 40 }, (_, index) => demoCustomer(`demo-${index}abc`).name));
    expect(names.size).toBeGreaterThanOrEqual(8);
    expect(demoCustomer('demo-x1')).toEqual(demoCustomer('demo-x1'));
    expect(demoCustomer('demo-x1').email).toMatch(/^[a-z.]+@example\.com$/);
  });
});

describe('the storefront assistant', () => {
  it('looks orders up, and a look-up of an order ending in 7 fails like a timeout', () => {
    const found = planReply('Where is my order 1042?', {});
    expect(found.text).toContain('on its way with DHL');
    expect(found.toolCalls).toEqual([expect.objectContaining({ name: 'lookup_order', ok: true })]);
    const failed = planReply('Can you check order 1047?', {});
    expect(failed.toolCalls[0]).toMatchObject({ ok: false, error: expect.stringContaining('timed out') });
    expect(failed.confidence).toBeLessThan(0.5);
  });

  it('refunds up to its limit itself and asks for a person above it, remembering the order', () => {
    const memory = {};
    planReply('About order 1045', memory);
    const large = planReply('I want a refund', memory);
    expect(large.amount).toBe(640);
    expect(large.handoff?.reason).toContain(`$${REFUND_LIMIT} limit`);
    const small = planReply('Refund $20 for order 1048 please', {});
    expect(small.handoff).toBeUndefined();
    expect(small.toolCalls[0]).toMatchObject({ name: 'refund_order', ok: true });
  });

  it('admits when it does not know', () => {
    expect(planReply('Do you sell bicycles?', {}).text).toMatch(/^I'm not sure/);
  });
});

describe('the demo API and the console pages', () => {
  let database: Database;
  let service: Service;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await openTestPglite();
    service = await createService({ database });
    app = createApp(service);
  });
  afterAll(async () => {
    await service.close();
    await database.close();
  });

  const post = (url: string, body: unknown) =>
    app.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('hands a customer who asks for a person to Baton, through the agent, in one thread', async () => {
    const answer = await post('/demo/api/conversations/demo-t1/messages', {
      text: 'I want to talk to a person',
    });
    expect(answer.status).toBe(200);
    const view = (await answer.json()) as {
      status: string;
      waitingHandoffId: string | null;
      messages: { role: string; text: string }[];
    };
    expect(view.status).toBe('waiting');
    expect(view.waitingHandoffId).not.toBeNull();
    expect(view.messages.map((message) => message.role)).toEqual(['customer', 'agent']);
    // Nobody is online: Baton's honest sentence offers a callback instead of a dead end.
    expect(view.messages[1]?.text).toContain('Nobody from our team is available');

    expect((await post('/demo/api/conversations/demo-t1/callback', { phone: '+1 555 0100' })).status).toBe(
      204,
    );
    const admin = { keyId: 'test', scope: 'admin' as const, name: 'test' };
    const handoff = await service.getHandoff(admin, view.waitingHandoffId!);
    expect(handoff.callback).toMatchObject({ phone: '+1 555 0100' });

    expect((await post('/demo/api/conversations/demo-t1/leave', {})).status).toBe(204);
    expect((await service.getHandoff(admin, view.waitingHandoffId!)).status).toBe('abandoned');
  });

  it('hands over after a second failed look-up (the engine sees the failures)', async () => {
    await post('/demo/api/conversations/demo-t2/messages', { text: 'Can you check order 1047?' });
    const second = await post('/demo/api/conversations/demo-t2/messages', {
      text: 'Please try order 1047 again',
    });
    const view = (await second.json()) as { status: string; messages: { role: string; text: string }[] };
    expect(view.status).toBe('waiting');
    expect(view.messages.at(-1)?.text).toMatch(/passing this conversation to a person|queue|Nobody/);
  });

  it('asks for a person itself for a refund above its limit, after answering', async () => {
    const answer = await post('/demo/api/conversations/demo-t4/messages', {
      text: 'I want a refund for order 1045',
    });
    const view = (await answer.json()) as { status: string; messages: { role: string; text: string }[] };
    expect(view.status).toBe('waiting');
    expect(view.messages.map((message) => message.role)).toEqual(['customer', 'agent', 'agent']);
    expect(view.messages[1]?.text).toContain('above the $100 I can approve myself');
    const admin = { keyId: 'test', scope: 'admin' as const, name: 'test' };
    const conversation = await service.getConversation(admin, 'demo-t4');
    expect(conversation.handoffs).toHaveLength(1);
  });

  it('stays quiet while an operator owns the conversation, and picks up after a return', async () => {
    const asked = await post('/demo/api/conversations/demo-t5/messages', { text: 'Can I speak to a human?' });
    const { waitingHandoffId } = (await asked.json()) as { waitingHandoffId: string };
    const operator = { keyId: 'op', scope: 'operator' as const, name: 'Ana Lima' };
    await service.claim(operator, waitingHandoffId);
    const during = await post('/demo/api/conversations/demo-t5/messages', { text: 'Are you there?' });
    const owned = (await during.json()) as { status: string; operator: string; messages: { role: string }[] };
    expect(owned).toMatchObject({ status: 'with_operator', operator: 'Ana Lima' });
    expect(owned.messages.at(-1)?.role).toBe('customer');

    await service.returnToAgent(operator, waitingHandoffId, {
      note: 'Order 1042 is fine; customer just wanted reassurance.',
    });
    const after = await post('/demo/api/conversations/demo-t5/messages', { text: 'Where is my order 1042?' });
    const resumed = (await after.json()) as { messages: { role: string; text: string }[] };
    expect(resumed.messages.at(-1)?.text).toMatch(
      /^Thanks for your patience\. I'm back with you.*on its way with DHL/,
    );
  });

  it('refuses what is not a demo conversation or a message', async () => {
    expect((await post('/demo/api/conversations/conv-42/messages', { text: 'hi' })).status).toBe(400);
    expect((await post('/demo/api/conversations/demo-t3/messages', { text: '' })).status).toBe(400);
    expect((await app.request('/demo/api/conversations/demo-unknown')).status).toBe(200);
  });

  it('serves the built pages and assets, refuses paths outside assets, and says how to build when not built', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'baton-console-'));
    try {
      const site = new Hono<AppEnv>();
      registerConsole(site, service, { distDir: path.join(dist, 'missing'), demo: false });
      const missing = await site.request('/');
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain('npm run build -w @baton/console');

      await mkdir(path.join(dist, 'assets'));
      await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
      await writeFile(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
      const built = new Hono<AppEnv>();
      registerConsole(built, service, { distDir: dist, demo: false });
      const page = await built.request('/dashboard');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const asset = await built.request('/assets/app-1.js');
      expect(asset.headers.get('content-type')).toContain('text/javascript');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await built.request('/assets/..%2Findex.html')).status).toBe(404);
      expect((await built.request('/demo')).status).toBe(404);
    } finally {
      await rm(dist, { recursive: true, force: true });
    }
  });
});
