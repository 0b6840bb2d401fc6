/**
 * The workspace keeps an operator from missing a customer or losing work, in a real Chromium
 * against a real Baton: the queue catches up after the browser was offline (and after a failed
 * read) with an honest badge; a customer's message in a background conversation leaves an unread
 * marker, a count in the title and a desktop notification; a draft survives a switch and a reload;
 * a template goes in at the cursor; resolving an unanswered conversation warns first; each handoff
 * has an address that opens it in a new tab.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/http/app.ts';
import { createService } from '../../server/src/service/create-service.ts';
import { openTestPglite } from '../../server/test/storage/test-pglite.ts';
import { auditAccessibility, launchBrowser, startBaton, type Baton } from './browser-harness.ts';

let baton: Baton;
let browser: Browser;

beforeAll(async () => {
  [baton, browser] = await Promise.all([startBaton(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

/** A customer turn posted as the agent would, over HTTP, with the customer's name. */
async function customerSays(conversationId: string, name: string, text: string): Promise<void> {
  const response = await fetch(`${baton.url}/v1/conversations/${conversationId}/turns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'customer', text, customer: { name } }),
  });
  if (!response.ok) throw new Error(`turn failed: ${response.status} ${await response.text()}`);
}

/** A console signed in as `key`; desktop notifications granted and recorded in `window.shown`. */
async function operatorConsole(key: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.grantPermissions(['notifications'], { origin: baton.url });
  await context.addInitScript(() => {
    // Every Content-Security-Policy violation the page causes, for the tests to check there is none.
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
    const Original = window.Notification;
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { shown: typeof shown }).shown = shown;
    class Recorded extends Original {
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body ?? '' });
        super(title, options);
      }
    }
    window.Notification = Recorded;
  });
  const page = await context.newPage();
  await page.goto(`${baton.url}/`);
  await page.getByLabel('Operator API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live', { exact: true }).waitFor();
  return { context, page };
}

const badge = (page: Page) => page.getByTestId('live').textContent();
const row = (page: Page, text: string) => page.locator('.queue-row', { hasText: text });

describe('the workspace misses no customer', () => {
  it('catches up after five seconds offline, and never says "Live" while it is not', async () => {
    const { context, page } = await operatorConsole(baton.keys.ana);
    await context.setOffline(true);
    await expect.poll(() => badge(page)).not.toBe('Live');
    // A customer asks for a person while the operator's browser is offline.
    await customerSays('offline-1', 'Olu Adeyemi', 'I need to speak to a human about my refund');
    const seen: (string | null)[] = [];
    for (let second = 0; second < 5; second += 1) {
      await page.waitForTimeout(1_000);
      seen.push(await badge(page));
    }
    expect(seen.filter((text) => text === 'Live')).toEqual([]);
    await expect(row(page, 'Olu Adeyemi').count()).resolves.toBe(0);
    await context.setOffline(false);
    await row(page, 'Olu Adeyemi').waitFor();
    await expect.poll(() => badge(page)).toBe('Live');
    await context.close();
  }, 60_000);

  it('re-lists after a failed read, instead of staying one handoff short', async () => {
    const { context, page } = await operatorConsole(baton.keys.ana);
    // The read of the new handoff fails once, as a flaky network would make it.
    let failed = 0;
    await page.route(/\/v1\/handoffs\/[^/?]+$/, async (route) => {
      if (failed === 0) {
        failed += 1;
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await customerSays('flaky-1', 'Priya Nair', 'Get me a real person please');
    await row(page, 'Priya Nair').waitFor();
    expect(failed).toBe(1);
    await expect.poll(() => badge(page)).toBe('Live');
    await context.close();
  }, 60_000);

  it('marks a customer message in a background conversation unread, in the title, and notifies', async () => {
    await customerSays('bg-a', 'Ines Duarte', 'I want a human, my parcel is lost');
    await customerSays('bg-b', 'Kenji Sato', 'Please let me talk to a real person');
    const { context, page } = await operatorConsole(baton.keys.ben);
    await row(page, 'Ines Duarte').click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('You have claimed this handoff').waitFor();
    // Kenji writes again while Ben reads Ines's conversation.
    await customerSays('bg-b', 'Kenji Sato', 'hello? are you there?');
    const marker = row(page, 'Kenji Sato').getByTestId('unread-count');
    await marker.waitFor();
    await expect(marker.textContent()).resolves.toBe('1 unread');
    await expect.poll(() => page.title()).toMatch(/1 unread/);
    const shown = await page.evaluate(
      () => (window as unknown as { shown: { title: string; body: string }[] }).shown,
    );
    expect(shown).toContainEqual({ title: 'Kenji Sato wrote', body: 'hello? are you there?' });
    // No Content-Security-Policy error on the way (checked before axe, which runs its own script).
    await expect(
      page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).resolves.toEqual([]);
    expect(await auditAccessibility(page)).toEqual([]);
    // Opening the conversation reads it.
    await row(page, 'Kenji Sato').click();
    await expect.poll(() => marker.count()).toBe(0);
    await expect.poll(() => page.title()).not.toMatch(/unread/);
    await context.close();
  }, 60_000);
});

describe('the workspace loses no work', () => {
  it('keeps a draft across a switch and a reload; a handoff URL opens that conversation in a new tab', async () => {
    await customerSays('draft-a', 'Lena Fischer', 'I need a human to fix my invoice');
    await customerSays('draft-b', 'Tomás Ruiz', 'Can a real person help me please');
    const { context, page } = await operatorConsole(baton.keys.ana);
    for (const name of ['Lena Fischer', 'Tomás Ruiz']) {
      await row(page, name).click();
      await page.getByRole('button', { name: 'Claim' }).click();
      await page.getByText('You have claimed this handoff').waitFor();
    }
    await row(page, 'Lena Fischer').click();
    await page.getByRole('heading', { name: 'Lena Fischer' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Your reply to the customer' });
    await box.fill('Hi Lena, I found the invoice and');
    // Switch away and back: the draft is there.
    await row(page, 'Tomás Ruiz').click();
    await page.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    await expect(box.inputValue()).resolves.toBe('');
    await row(page, 'Lena Fischer').click();
    await page.getByRole('heading', { name: 'Lena Fischer' }).waitFor();
    await expect(box.inputValue()).resolves.toBe('Hi Lena, I found the invoice and');
    // The address names the handoff; a reload opens it again, draft included.
    const lenaUrl = page.url();
    expect(new URL(lenaUrl).pathname).toMatch(/^\/handoffs\/.+/);
    await page.reload();
    await page.getByRole('heading', { name: 'Lena Fischer' }).waitFor();
    await expect(box.inputValue()).resolves.toBe('Hi Lena, I found the invoice and');
    await page.getByText('Your unsent draft is back.').waitFor();

    // Back and forward walk the handoffs opened, and the pages visited, marking the current page.
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await row(page, 'Tomás Ruiz').click();
    await page.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Lena Fischer' }).waitFor();
    expect(page.url()).toBe(lenaUrl);
    await page.goForward();
    await page.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL('**/dashboard');
    await expect(nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await expect(
      nav.getByRole('link', { name: 'Queue', exact: true }).getAttribute('aria-current'),
    ).resolves.toBeNull();
    await page.goBack();
    await page.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    await expect(
      nav.getByRole('link', { name: 'Queue', exact: true }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    // The shortcuts navigate too: `q` in the workspace keeps the handoff; from elsewhere it opens the queue.
    const tomasPath = new URL(page.url()).pathname;
    await page.keyboard.press('q');
    await page.keyboard.press('d');
    await page.waitForURL('**/dashboard');
    await page.goBack();
    await page.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(tomasPath);
    await page.goForward();
    await page.waitForURL('**/dashboard');
    await page.keyboard.press('q');
    await page.getByRole('heading', { name: 'Pick a handoff from the queue' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // Tomás's address in a new tab of the same browser: signed in, that conversation open.
    await row(page, 'Tomás Ruiz').click();
    await page.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    const tomasUrl = page.url();
    const tab = await context.newPage();
    await tab.goto(tomasUrl);
    await tab.getByRole('heading', { name: 'Tomás Ruiz' }).waitFor();
    await expect(tab.locator('article.handoff').getAttribute('data-handoff-id')).resolves.toBe(
      decodeURIComponent(new URL(tomasUrl).pathname.split('/').pop()!),
    );
    expect(await auditAccessibility(tab)).toEqual([]);
    await context.close();
  }, 90_000);

  it('inserts a template at the cursor, returns to reply after a note, and warns before resolving unanswered', async () => {
    await customerSays('tpl-1', 'Amara Obi', 'Please put me through to a human agent');
    const { context, page } = await operatorConsole(baton.keys.ben);
    await row(page, 'Amara Obi').click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('You have claimed this handoff').waitFor();
    const box = page.getByRole('textbox', { name: 'Your reply to the customer' });
    await box.fill('Hello Amara. Talk soon!');
    await box.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(12, 12));
    await page.getByRole('button', { name: 'Ask for a moment' }).click();
    await expect(box.inputValue()).resolves.toBe(
      'Hello Amara. Thanks for waiting. I need a minute or two to check this; please stay with me. Talk soon!',
    );
    await page.getByText('inserted at the cursor; your text is kept').waitFor();
    await box.fill('');

    // A note is marked as one, and the composer goes back to replying after it.
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByTestId('note-banner').waitFor();
    await page.getByRole('textbox', { name: /Your internal note/ }).fill('Checking the account first.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.thread').getByText('Checking the account first.').waitFor();
    await box.waitFor();
    await expect(page.getByRole('radio', { name: 'Reply to the customer' }).isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('note-banner').count()).resolves.toBe(0);

    // The customer spoke last: resolving warns, and "Reply first" leads back to the reply box.
    await page.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve with an outcome' });
    await expect(dialog.getByTestId('unanswered-warning').textContent()).resolves.toContain(
      'Please put me through to a human agent',
    );
    expect(await auditAccessibility(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Reply first' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await box.fill('I am on it, Amara.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.thread [data-role="operator"]').waitFor();
    await page.getByRole('button', { name: 'Resolve' }).click();
    await dialog.getByRole('group', { name: /problem resolved/ }).waitFor();
    await expect(dialog.getByTestId('unanswered-warning').count()).resolves.toBe(0);
    await context.close();
  }, 90_000);

  it('marks where new messages start in the open conversation, with a jump to the latest', async () => {
    await customerSays('new-1', 'Sofia Rossi', 'I need a person, my account is locked');
    for (let turn = 0; turn < 8; turn += 1) {
      await customerSays('new-1', 'Sofia Rossi', `More detail number ${turn}: it still says locked.`);
    }
    const context = await browser.newContext({ viewport: { width: 1366, height: 600 } });
    const page = await context.newPage();
    await page.goto(`${baton.url}/`);
    await page.getByLabel('Operator API key').fill(baton.keys.ana);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await row(page, 'Sofia Rossi').click();
    await page.getByRole('heading', { name: 'Sofia Rossi' }).waitFor();
    await page.locator('.thread [data-role="customer"]').nth(8).waitFor();
    await customerSays('new-1', 'Sofia Rossi', 'hello? are you there?');
    const jump = page.getByRole('button', { name: /1 new message · Jump to latest/ });
    await jump.waitFor();
    await page.getByTestId('new-messages').waitFor();
    await jump.click();
    await expect.poll(() => jump.count()).toBe(0);
    await expect(page.locator('.thread').getByText('hello? are you there?').isVisible()).resolves.toBe(true);
    await context.close();
  }, 90_000);
});

describe('follow-ups and search', () => {
  it('shows a callback with its number, and marking it done takes it off the list', async () => {
    await customerSays('cb-1', 'Rosa Delgado', 'Hello, about my order');
    const asked = await fetch(`${baton.url}/v1/conversations/cb-1/handoff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'the customer asked for a person' }),
    });
    expect(asked.ok).toBe(true);
    const { handoff } = (await asked.json()) as { handoff: { id: string } };
    const left = await fetch(`${baton.url}/v1/handoffs/${handoff.id}/callback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+1 (555) 010-4477', message: 'Please call after 6pm' }),
    });
    expect(left.ok).toBe(true);

    const { context, page } = await operatorConsole(baton.keys.ana);
    const item = page.locator(`.follow-up[data-handoff-id="${handoff.id}"]`);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Rosa Delgado');
    await expect(item.textContent()).resolves.toContain('Please call after 6pm');
    const call = item.getByRole('link', { name: 'Call back +1 (555) 010-4477' });
    await expect(call.getAttribute('href')).resolves.toBe('tel:+15550104477');
    // The queue row says it too.
    await expect(row(page, 'Rosa Delgado').textContent()).resolves.toContain(
      'Callback requested: +1 (555) 010-4477',
    );
    expect(await auditAccessibility(page)).toEqual([]);
    await item.getByRole('button', { name: /Mark done/ }).click();
    await page.getByText('Follow-up for Rosa Delgado marked done.').waitFor();
    await expect.poll(() => item.count()).toBe(0);
    const stored = await baton.service.listFollowUps(
      { keyId: 'test', scope: 'admin', name: 'test' },
      { state: 'done' },
    );
    expect(stored.find((entry) => entry.handoff.id === handoff.id)?.done?.by).toBe('Ana Lima');
    // A reload keeps it done.
    await page.reload();
    await page.getByRole('heading', { name: /Follow-ups/ }).waitFor();
    await row(page, 'Rosa Delgado').waitFor();
    await expect(item.count()).resolves.toBe(0);
    await context.close();
  }, 60_000);

  it('finds a resolved conversation by its words and opens it, with its outcome', async () => {
    await customerSays('search-1', 'Hana Kobayashi', 'My blender arrived with a cracked jug, I want a human');
    const { context, page } = await operatorConsole(baton.keys.ben);
    await row(page, 'Hana Kobayashi').click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('You have claimed this handoff').waitFor();
    await page.getByRole('textbox', { name: 'Your reply to the customer' }).fill('A new jug is on its way.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.thread [data-role="operator"]').waitFor();
    await page.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve with an outcome' });
    for (const question of [/problem resolved/, /escalation warranted/, /right one/]) {
      await dialog.getByRole('group', { name: question }).getByLabel('Yes').check();
    }
    await dialog
      .getByRole('group', { name: /repeat/ })
      .getByLabel('No')
      .check();
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved. The outcome is recorded.').waitFor();
    await expect.poll(() => row(page, 'Hana Kobayashi').count()).toBe(0);

    // From a fresh page: the queue no longer has it, search does.
    await page.goto(`${baton.url}/`);
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('cracked jug');
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button', {
      name: /Hana Kobayashi/,
    });
    await hit.waitFor();
    await expect(hit.textContent()).resolves.toContain('resolved · problem solved');
    expect(await auditAccessibility(page)).toEqual([]);
    await hit.click();
    await page.getByRole('heading', { name: 'Hana Kobayashi' }).waitFor();
    await expect(page.getByTestId('handoff-status').textContent()).resolves.toBe('resolved');
    await page.locator('.thread').getByText('A new jug is on its way.').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/handoffs\//);
    await context.close();
  }, 90_000);
});

describe('the demo across a server restart', () => {
  it('keeps a chat going when the server restarts mid-chat: history kept, the next message answered', async () => {
    // One database; two server processes in turn on the same port (a restart).
    const database = await openTestPglite();
    const admin = { keyId: 'test', scope: 'admin' as const, name: 'test' };
    const serve = async (port: number) => {
      const service = await createService({ database, queues: ['general'] });
      const shutdown = new AbortController();
      const app = createApp(service, { shutdownSignal: shutdown.signal, heartbeatMs: 2_000 });
      const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' }) as Server;
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      return {
        service,
        port: (server.address() as AddressInfo).port,
        async stop() {
          shutdown.abort();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await service.close();
        },
      };
    };
    let running = await serve(0);
    const url = `http://127.0.0.1:${running.port}`;
    const context = await browser.newContext({ viewport: { width: 520, height: 860 } });
    try {
      const customer = await context.newPage();
      await customer.goto(`${url}/demo`);
      await customer.getByRole('button', { name: 'Where is my order 1042?' }).click();
      await customer.getByText('is on its way with DHL').waitFor();
      const firstKeys = (await running.service.listKeys()).filter(
        (key) => key.name === 'demo storefront agent',
      );
      expect(firstKeys).toHaveLength(1);

      // The server restarts while the customer's tab stays open.
      await running.stop();
      running = await serve(running.port);

      await customer.getByLabel('Your message').fill('Can I get a refund of $20 for order 1048?');
      await customer.getByRole('button', { name: 'Send', exact: true }).click();
      await customer
        .getByText(/refund/i)
        .last()
        .waitFor();
      await expect.poll(() => customer.locator('[data-role="agent"]').count()).toBeGreaterThanOrEqual(2);
      // The earlier history is still there, and no error was shown.
      await expect(customer.getByText('is on its way with DHL').count()).resolves.toBe(1);
      await expect(customer.getByRole('alert').count()).resolves.toBe(0);
      await expect(customer.locator('body').textContent()).resolves.not.toContain('No conversation');
      // The new process's key took the conversation over; the old key is revoked.
      const keys = (await running.service.listKeys()).filter((key) => key.name === 'demo storefront agent');
      expect(keys.map((key) => key.revokedAt === null).sort()).toEqual([false, true]);
      const demoIds = await database.query<{ id: string; created_by_key: string }>(
        "SELECT id, created_by_key FROM conversations WHERE id LIKE 'demo-%'",
      );
      expect(demoIds).toHaveLength(1);
      expect(demoIds[0]!.created_by_key).toBe(keys.find((key) => key.revokedAt === null)!.id);
      const view = await running.service.getConversation(admin, demoIds[0]!.id);
      expect(view.turns.filter((turn) => turn.role === 'customer').map((turn) => turn.text)).toEqual([
        'Where is my order 1042?',
        'Can I get a refund of $20 for order 1048?',
      ]);
      expect(await auditAccessibility(customer)).toEqual([]);
    } finally {
      await context.close();
      await running.stop();
      await database.close();
    }
  }, 90_000);
});

describe('the brief, the views and the dialogs', () => {
  it('shows a tool result as its value linked to its turn, views the queue, and keeps a transfer error in the dialog', async () => {
    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(`${baton.url}/v1/conversations/brief-1/turns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.ok).toBe(true);
    };
    await post({ role: 'customer', text: 'Where is my order 1042?', customer: { name: 'Zara Ahmed' } });
    await post({
      role: 'agent',
      text: 'Let me look that up.',
      toolCalls: [
        {
          name: 'lookup_order',
          ok: true,
          args: { orderId: '1042' },
          result: { status: 'shipped', carrier: 'DHL' },
        },
      ],
    });
    await post({ role: 'customer', text: 'I want to talk to a human now' });
    await customerSays('views-1', 'Ivo Petrov', 'Get me a human please');

    const { context, page } = await operatorConsole(baton.keys.ben);
    await row(page, 'Zara Ahmed').click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('You have claimed this handoff').waitFor();
    const fact = page.locator('.facts div', { hasText: 'lookup_order' });
    await fact.waitFor();
    await expect(fact.locator('dd').textContent()).resolves.toMatch(/shipped/);
    await fact.getByRole('button', { name: /Show turn/ }).click();
    const highlighted = page.locator('.thread .turn.highlight');
    await highlighted.waitFor();
    await expect(highlighted.getAttribute('data-role')).resolves.toBe('agent');
    await expect(highlighted.textContent()).resolves.toContain('Let me look that up.');

    // Views: mine shows only what Ben holds, unassigned only what waits.
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    await expect.poll(() => row(page, 'Ivo Petrov').count()).toBe(0);
    await expect(row(page, 'Zara Ahmed').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Unassigned', exact: true }).click();
    await row(page, 'Ivo Petrov').waitFor();
    await expect(row(page, 'Zara Ahmed').count()).resolves.toBe(0);
    expect(await auditAccessibility(page)).toEqual([]);
    await page.getByRole('button', { name: 'All', exact: true }).click();

    // A transfer the server refuses: the reason shows inside the dialog, not behind it.
    await page.route(/\/transfer$/, (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'invalid_transition',
          detail: 'A colleague resolved this handoff a moment ago.',
        }),
      }),
    );
    await page.getByRole('button', { name: 'Transfer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer to another queue' });
    await dialog.getByLabel('Queue').fill('billing');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect(dialog.getByTestId('dialog-error').textContent()).resolves.toBe(
      'A colleague resolved this handoff a moment ago.',
    );
    await context.close();
  }, 90_000);
});
