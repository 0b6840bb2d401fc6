/**
 * What the browser tests stand on: a real Baton (PGlite in memory, the real service and HTTP app,
 * a real socket on port 0) serving the console freshly built by Vite, and Debian's Chromium driven
 * by playwright-core. Nothing of ours is mocked.
 */
import { once } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { CHROMIUM, chromiumMissing } from '../../../scripts/test/chromium.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createService } from '../../server/src/service/create-service.ts';
import type { Service } from '../../server/src/service/types.ts';
import { type Database } from '../../server/src/storage/database.ts';
import { openTestPglite } from '../../server/test/storage/test-pglite.ts';

export { CHROMIUM };

/** Why the browser tests cannot run on this machine, with the command that enables them; null when they can. */
export const BROWSER_MISSING = chromiumMissing();

/** Reports every test of the file as skipped, with the reason, when there is no Chromium here. */
export function skipWithoutBrowser(): void {
  beforeEach((context) => context.skip(BROWSER_MISSING !== null, BROWSER_MISSING ?? undefined));
}
/**
 * Where the screenshots go: the README's own (docs/screenshots) when BATON_UPDATE_SCREENSHOTS=1, so
 * an ordinary test run does not rewrite committed images; .test-results/screenshots otherwise.
 */
export const SCREENSHOTS = fileURLToPath(
  new URL(
    process.env['BATON_UPDATE_SCREENSHOTS'] === '1'
      ? '../../../docs/screenshots/'
      : '../../../.test-results/screenshots/',
    import.meta.url,
  ),
);

export interface Baton {
  url: string;
  service: Service;
  keys: { ana: string; ben: string; agent: string; admin: string };
  close(): Promise<void>;
}

/**
 * A real Baton on a free port, with two operators and an agent; `now` replaces its clock, `queues`
 * the queues it knows (general and billing by default).
 */
export async function startBaton(options: { now?: () => Date; queues?: string[] } = {}): Promise<Baton> {
  const database: Database = await openTestPglite();
  const service = await createService({
    database,
    queues: options.queues ?? ['general', 'billing'],
    ...(options.now ? { now: options.now } : {}),
  });
  const shutdown = new AbortController();
  const app = createApp(service, { shutdownSignal: shutdown.signal, heartbeatMs: 2_000 });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' }) as Server;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const keys = {
    ana: (await service.createKey({ scope: 'operator', name: 'Ana Lima' })).key,
    ben: (await service.createKey({ scope: 'operator', name: 'Ben Okafor' })).key,
    agent: (await service.createKey({ scope: 'agent', name: 'test agent' })).key,
    admin: (await service.createKey({ scope: 'admin', name: 'first admin' })).key,
  };
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    keys,
    async close() {
      shutdown.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      await database.close();
    },
  };
}

/** Debian's Chromium (or BATON_CHROMIUM), headless; fails with the install command when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (BROWSER_MISSING) throw new Error(BROWSER_MISSING);
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A console page in its own browser context (its own sessionStorage), signed in with a key. */
export async function signedInConsole(
  browser: Browser,
  baton: Baton,
  key: string,
  viewport = { width: 1366, height: 860 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${baton.url}/`);
  await page.getByLabel('Operator API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live', { exact: true }).waitFor();
  return page;
}

/** Posts a customer turn as an agent would, over HTTP, and returns the answer. */
export async function postCustomerTurn(
  baton: Baton,
  conversationId: string,
  text: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${baton.url}/v1/conversations/${conversationId}/turns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'customer', text, customer: { name: 'Maria Chen' } }),
  });
  if (!response.ok) throw new Error(`turn failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export interface AccessibilityViolation {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A and AA rules: labels, names, contrast, landmarks...) in the page. The
 * script is evaluated over the DevTools protocol, so the console's Content-Security-Policy stays on.
 */
export async function auditAccessibility(page: Page): Promise<AccessibilityViolation[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<AxeResults> } }
    ).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}
