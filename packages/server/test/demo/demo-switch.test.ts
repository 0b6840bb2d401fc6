/**
 * BATON_DEMO: on by default (the quick start's storefront chat), and `off` removes `/demo`, its API
 * and its agent: those paths answer 404 like any unknown path, and no demo agent key is ever made.
 * The demo's own key expires, so the keys of past processes do not pile up as live credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY_LIFETIME_MS, registerDemoRoutes } from '../../src/demo/demo-routes.ts';
import { createApp } from '../../src/http/app.ts';
import { ConfigError, readConfig, startServer, type RunningServer } from '../../src/main.ts';
import { createService } from '../../src/service/create-service.ts';
import type { Service } from '../../src/service/types.ts';
import { type Database } from '../../src/storage/database.ts';
import { openTestPglite } from '../storage/test-pglite.ts';
import { freshPostgresDatabase } from '../http/helpers.ts';
import { SKIP_POSTGRES } from '../postgres-server.ts';

const DEMO_KEY_NAME = 'demo storefront agent';

describe('BATON_DEMO in the configuration', () => {
  it.each([
    [undefined, true],
    ['on', true],
    ['1', true],
    ['true', true],
    ['off', false],
    ['OFF', false],
    ['0', false],
    ['false', false],
  ])('reads %j as %s', (value, demo) => {
    expect(readConfig(value === undefined ? {} : { BATON_DEMO: value }).demo).toBe(demo);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => readConfig({ BATON_DEMO: 'maybe' })).toThrow(ConfigError);
    expect(() => readConfig({ BATON_DEMO: 'maybe' })).toThrow(/BATON_DEMO must be "on" or "off"/);
  });
});

describe('the demo routes', () => {
  let database: Database;
  let service: Service;
  beforeAll(async () => {
    database = await openTestPglite();
    service = await createService({ database });
  });
  afterAll(async () => {
    await service.close();
    await database.close();
  });
  const demoKeys = async () => (await service.listKeys()).filter((key) => key.name === DEMO_KEY_NAME);
  const send = (app: ReturnType<typeof createApp>, conversation: string) =>
    app.request(`/demo/api/conversations/${conversation}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Where is my order 1042?' }),
    });

  it('off: /demo and /demo/api answer 404 and no demo key is made, while the console stays', async () => {
    const app = createApp(service, { demo: false, logError: () => {} });
    for (const [method, path] of [
      ['GET', '/demo'],
      ['GET', '/demo/api/suggestions'],
      ['GET', '/demo/api/conversations/demo-1'],
    ] as const) {
      const response = await app.request(path, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await send(app, 'demo-off-1')).status).toBe(404);
    expect(await demoKeys()).toEqual([]);
    // The console's own pages are still served (503 with build instructions when it is not built).
    expect([200, 503]).toContain((await app.request('/')).status);
  });

  it('on (the default): the demo answers, with one agent key that expires in a day', async () => {
    const app = createApp(service, { logError: () => {} });
    expect((await app.request('/demo/api/suggestions')).status).toBe(200);
    const before = Date.now();
    const first = await send(app, 'demo-on-1');
    expect(first.status).toBe(200);
    expect(((await first.json()) as { messages: unknown[] }).messages.length).toBeGreaterThanOrEqual(2);
    expect((await send(app, 'demo-on-2')).status).toBe(200);
    const keys = await demoKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.scope).toBe('agent');
    const expires = Date.parse(keys[0]!.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + DEMO_KEY_LIFETIME_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + DEMO_KEY_LIFETIME_MS);
  });

  it('makes a new key an hour before the old one expires', async () => {
    let now = Date.now(); // Keys are made with an expiry in the future of the real clock.
    // The API without the demo, then the demo routes on a clock the test moves.
    const demo = createApp(service, { demo: false, logError: () => {} });
    registerDemoRoutes(demo, service, () => now);
    const keysBefore = (await demoKeys()).length;
    const message = () =>
      demo.request('/demo/api/conversations/demo-renew-1/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'hello' }),
      });
    await message();
    now += DEMO_KEY_LIFETIME_MS - 2 * 60 * 60_000; // 22 hours on: the same key
    await message();
    expect((await demoKeys()).length).toBe(keysBefore + 1);
    now += 60 * 60_000; // 23 hours on: renewed
    await message();
    expect((await demoKeys()).length).toBe(keysBefore + 2);
  });
});

describe.skipIf(SKIP_POSTGRES)('a server started with BATON_DEMO=off', () => {
  let running: RunningServer;
  let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    postgres = await freshPostgresDatabase('baton_demo_off');
    const config = readConfig({
      BATON_DEMO: 'off',
      PORT: '0',
      DATABASE_URL: postgres.url,
      BATON_RATE_LIMIT: '0',
    });
    running = await startServer(config, { logError: () => {} });
  });
  afterAll(async () => {
    await running?.close();
    await postgres?.drop();
  });

  it('answers 404 for /demo over HTTP and made no demo key', async () => {
    expect((await fetch(`${running.url}/demo`)).status).toBe(404);
    expect((await fetch(`${running.url}/demo/api/suggestions`)).status).toBe(404);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect((await running.service.listKeys()).filter((key) => key.name === DEMO_KEY_NAME)).toEqual([]);
  });
});
