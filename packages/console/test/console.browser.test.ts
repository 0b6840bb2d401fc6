/**
 * End to end in a real browser: a customer asks for a person in /demo; the handoff appears in the
 * console without a reload; the operator claims it (by keyboard), reads the brief, replies with a
 * template; the customer sees the reply; the operator resolves with an outcome; the dashboard
 * counts it. Then two operators race for one claim: one wins, the other is told who. The
 * screenshots in docs/screenshots come from these runs.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, formatShare } from '../src/format.ts';
import { expectedMetrics, seedDay, type SeedClock } from './dashboard-seed.ts';
import {
  auditAccessibility,
  BROWSER_MISSING,
  launchBrowser,
  postCustomerTurn,
  SCREENSHOTS,
  signedInConsole,
  skipWithoutBrowser,
  startBaton,
  type Baton,
} from './browser-harness.ts';

let baton: Baton;
let browser: Browser;

skipWithoutBrowser();
beforeAll(async () => {
  if (BROWSER_MISSING) return;
  [baton, browser] = await Promise.all([startBaton(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: false });

describe('the console and the demo, in Chromium', () => {
  it('takes a customer from the demo chat to an operator and back, and the dashboard counts it', async () => {
    const operator = await signedInConsole(browser, baton, baton.keys.ana, { width: 1366, height: 1000 });
    await operator.getByText('Nobody is waiting.').waitFor();

    // The customer, in a window of their own.
    const customer = await (await browser.newContext({ viewport: { width: 520, height: 860 } })).newPage();
    await customer.goto(`${baton.url}/demo`);
    await customer.getByRole('button', { name: 'Where is my order 1042?' }).click();
    await customer.getByText('is on its way with DHL').waitFor();
    await customer
      .getByLabel('Your message')
      .fill('This is taking forever, I want to talk to a real person please');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    // Baton's own words for the customer: the operator is online, so a place in the queue.
    await customer
      .locator('li.message')
      .getByText(/You are next in the queue/)
      .waitFor();
    // And the status line, from Baton's customer stream.
    await customer
      .locator('[data-customer-event]')
      .getByText(/You are next in the queue/)
      .waitFor();

    // The handoff arrives in the console without a reload, with the customer's first words.
    const row = operator.locator('.queue-row').first();
    await row.waitFor();
    // The row shows the handoff at once and the customer's words once the conversation is read.
    await expect.poll(() => row.textContent()).toContain('Where is my order 1042?');
    await expect(row.textContent()).resolves.toContain('customer asks for person');

    // Keyboard: j selects the first handoff, c claims it.
    await operator.keyboard.press('j');
    await operator.getByRole('heading', { name: 'Brief' }).waitFor();
    await operator.keyboard.press('c');
    await operator.getByText('You have claimed this handoff').waitFor();
    await expect(operator.getByTestId('handoff-status').textContent()).resolves.toBe('claimed');
    // The customer's status line comes from Baton's customer stream (first names only, by default).
    await customer
      .locator('[data-customer-event="operator-joined"]')
      .getByText('Ana from our team has joined the conversation.')
      .waitFor();

    // The brief comes first; the thread tells roles apart and shows the failed-or-not tool call.
    const brief = operator.getByTestId('brief');
    await expect(brief.textContent()).resolves.toMatch(/customer asks for person/);
    const thread = operator.locator('.thread');
    await expect(thread.locator('[data-role="customer"]').count()).resolves.toBe(2);
    await expect(thread.locator('[data-role="agent"]').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(thread.locator('.tool-calls').first().textContent()).resolves.toContain('lookup_order');

    // Reply with the template that acknowledges what the customer already said.
    await operator.getByRole('button', { name: 'Greet and acknowledge' }).click();
    const draft = await operator.getByRole('textbox', { name: 'Your reply to the customer' }).inputValue();
    // The demo's customers have varied names; the template greets this one by first name.
    const customerName = (await operator.locator('#handoff-title').textContent()) ?? '';
    const first = customerName.split(' ')[0]!;
    expect(first).toMatch(/^\p{L}+$/u);
    expect(draft).toMatch(
      new RegExp(`^Hi ${first}, I'm Ana Lima, a person on the team\\. I've read the whole conversation`),
    );
    await operator.getByRole('button', { name: 'Send reply' }).click();
    await thread.locator('[data-role="operator"]').waitFor();
    await shot(operator, 'console-workspace.png');
    expect(await auditAccessibility(operator)).toEqual([]);

    // The customer sees the reply in the same thread, from a person, by name.
    await customer.getByText("You're chatting with Ana Lima").waitFor();
    await customer
      .locator('[data-role="operator"]')
      .getByText(/I'm Ana Lima/)
      .waitFor();
    await customer.getByLabel('Your message').fill('Thanks! Can you make sure it arrives by Thursday?');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    // The customer's turn reaches the operator (pushed, no reload); the agent stays quiet.
    await thread.getByText('make sure it arrives by Thursday').waitFor();
    await shot(customer, 'demo-customer-chat.png');
    expect(await auditAccessibility(customer)).toEqual([]);

    // An internal note, then resolve with the outcome form.
    await operator.keyboard.press('Escape');
    await operator.keyboard.press('n');
    await operator.getByRole('textbox', { name: /Your internal note/ }).fill('Asked DHL to prioritise.');
    await operator.getByRole('button', { name: 'Add note' }).click();
    await thread.getByText('Asked DHL to prioritise.').waitFor();
    await operator.getByRole('button', { name: 'Resolve' }).click();
    const dialog = operator.getByRole('dialog', { name: 'Resolve with an outcome' });
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await dialog.getByText('Please answer this question.').first().waitFor();
    expect(await auditAccessibility(operator)).toEqual([]);
    await dialog
      .getByRole('group', { name: /problem resolved/ })
      .getByLabel('Yes')
      .check();
    await dialog
      .getByRole('group', { name: /escalation warranted/ })
      .getByLabel('Yes')
      .check();
    await dialog
      .getByRole('group', { name: /right one/ })
      .getByLabel('Yes')
      .check();
    await dialog
      .getByRole('group', { name: /agent have handled/ })
      .getByLabel('No')
      .check();
    await dialog
      .getByRole('group', { name: /repeat anything/ })
      .getByLabel('No')
      .check();
    await dialog.getByLabel(/^Notes/).fill('Delivery chased with the carrier.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await operator.getByText('Resolved. The outcome is recorded.').waitFor();
    await expect(operator.locator('.queue-row').count()).resolves.toBe(0);
    // While the operator owned the conversation the agent said nothing more: its last words are the handoff notice.
    await expect(customer.locator('[data-role="agent"]').last().textContent()).resolves.toContain(
      'next in the queue',
    );

    // The dashboard counts it.
    await operator.getByRole('link', { name: 'Dashboard' }).click();
    // The tiles fill in when the metrics arrive: wait for them rather than read the placeholder.
    await expect
      .poll(() => operator.getByTestId('tile-handoffs').locator('.tile-value').textContent())
      .toBe('1');
    await operator.getByTestId('tile-resolved').getByText('1 with an outcome').waitFor();
    await operator.getByTestId('tile-reply').getByText('1 replies').waitFor();
    await expect(operator.getByTestId('tile-warranted').locator('.tile-value').textContent()).resolves.toBe(
      '100 %',
    );
    await operator.locator('.chart canvas').first().waitFor();
    await expect(operator.locator('.chart canvas').count()).resolves.toBe(6);
    expect(await auditAccessibility(operator)).toEqual([]);

    // Every form control has a name a screen reader can say.
    const unlabelled = await operator.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')]
        .filter(
          (element) =>
            !(element as HTMLElement).innerText?.trim() &&
            !element.getAttribute('aria-label') &&
            !(element as HTMLInputElement).labels?.length,
        )
        .map((element) => element.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await operator.context().close();
    await customer.context().close();
  }, 120_000);

  it('races two operators for one claim: exactly one wins, the other is told who', async () => {
    await postCustomerTurn(
      baton,
      'race-1',
      'My card 4242 4242 4242 4242 was charged twice, I need a human now',
    );
    const ana = await signedInConsole(browser, baton, baton.keys.ana);
    const ben = await signedInConsole(browser, baton, baton.keys.ben, { width: 820, height: 1180 });
    for (const page of [ana, ben]) {
      await page.locator('.queue-row', { hasText: 'charged twice' }).click();
      await page.getByRole('button', { name: 'Claim' }).waitFor();
    }
    await Promise.all([
      ana.getByRole('button', { name: 'Claim' }).click(),
      ben.getByRole('button', { name: 'Claim' }).click(),
    ]);

    const outcome = async (page: Page) => {
      await page.locator('[role="alert"], [role="status"]').first().waitFor();
      return (await page.locator('[role="alert"], [role="status"]').first().textContent()) ?? '';
    };
    const [anaSays, benSays] = await Promise.all([outcome(ana), outcome(ben)]);
    const winners = [anaSays, benSays].filter((text) => text.includes('You have claimed'));
    expect(winners).toHaveLength(1);
    const [loser, winnerName] = anaSays.includes('You have claimed')
      ? [ben, 'Ana Lima']
      : [ana, 'Ben Okafor'];
    const loserSays = anaSays.includes('You have claimed') ? benSays : anaSays;
    expect(loserSays).toBe(`${winnerName} claimed this handoff first.`);
    await loser.getByText(`${winnerName} is handling this conversation.`).waitFor();
    await shot(loser, 'console-claim-race.png');
    // The full card number is stored, but no view shows it: the brief (engine) and the thread and
    // queue (console) mask it.
    for (const page of [ana, ben]) {
      await expect(page.locator('.thread').textContent()).resolves.toContain('My card •••• 4242 was charged');
      await expect(page.locator('body').textContent()).resolves.not.toContain('4242 4242');
    }
    const view = await baton.service.getConversation(
      { keyId: 'test', scope: 'admin', name: 'test' },
      'race-1',
    );
    expect(view.handoffs.map((handoff) => [handoff.status, handoff.claimedBy])).toEqual([
      ['claimed', winnerName],
    ]);

    // The winner hands the conversation back to the agent with a note.
    const winner = loser === ana ? ben : ana;
    await winner.getByRole('button', { name: 'Return to agent' }).click();
    const giveBack = winner.getByRole('dialog', { name: 'Return the conversation to the agent' });
    await giveBack
      .getByLabel(/Note for the agent/)
      .fill('Refund of the duplicate charge issued; confirm and close.');
    await giveBack.getByRole('button', { name: 'Return to agent' }).click();
    await winner.getByText('Returned to the agent with your note.').waitFor();
    await expect(winner.getByTestId('handoff-status').textContent()).resolves.toBe('returned');
    // The loser's console follows: the handoff left the queue and shows how it ended.
    await loser.getByTestId('handoff-status').getByText('returned').waitFor();

    // The tablet-width layout: the queue above the handoff, nothing wider than the screen.
    const overflow = await ben.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(ben, 'console-tablet.png');
    await ana.context().close();
    await ben.context().close();
  }, 90_000);

  it('signs in with a name and the admin key (an operator key is made in that name), and signs out', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baton.url}/dashboard`);
    expect(await auditAccessibility(page)).toEqual([]);
    await page.getByLabel('Name and admin key').check();
    await page.getByLabel('Your name').fill('Chidi Eze');
    await page.getByLabel('Admin API key').fill(baton.keys.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.who', { hasText: 'Chidi Eze' }).waitFor();
    const stored = await page.evaluate(() => sessionStorage.getItem('baton.session') ?? '');
    expect(stored).not.toContain(baton.keys.admin);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await page.context().close();
  }, 60_000);
});

describe('the dashboard over a day of handoffs, in Chromium', () => {
  it('shows the figures the metrics API computes for the day, per queue', async () => {
    const clock: SeedClock = { at: Date.now() };
    const day = await startBaton({ now: () => new Date(clock.at) });
    try {
      const agent = (await day.service.authenticate(day.keys.agent))!;
      const operator = (await day.service.authenticate(day.keys.ana))!;
      const seeded = await seedDay(day.service, clock, { agent, operator });
      const expected = expectedMetrics(seeded);
      clock.at = Date.now();

      const page = await signedInConsole(browser, day, day.keys.ana, { width: 1366, height: 1000 });
      await page.getByRole('link', { name: 'Dashboard' }).click();
      const value = (tile: string) => page.getByTestId(tile).locator('.tile-value');
      const detail = (tile: string) => page.getByTestId(tile).locator('.tile-detail');
      await expect.poll(() => value('tile-handoffs').textContent()).toBe(String(expected.handoffs));
      await expect(detail('tile-handoffs').textContent()).resolves.toBe(
        `handoff rate ${formatShare(expected.handoffs / seeded.conversations)} of ${seeded.conversations} conversations`,
      );
      await expect(detail('tile-abandonment').textContent()).resolves.toBe(
        `${expected.abandoned} left (${expected.abandoned} while waiting), 0 expired`,
      );
      await expect(value('tile-resolved').textContent()).resolves.toBe(String(expected.resolved));
      await expect(value('tile-claim').textContent()).resolves.toBe(
        `p50 ${formatDuration(expected.times.toClaim.p50!)}`,
      );
      await expect(detail('tile-claim').textContent()).resolves.toBe(
        `p90 ${formatDuration(expected.times.toClaim.p90!)} · ${expected.times.toClaim.count} claims`,
      );
      await expect(value('tile-resolve').textContent()).resolves.toBe(
        `p50 ${formatDuration(expected.times.toResolve.p50!)}`,
      );
      await expect(value('tile-warranted').textContent()).resolves.toBe(
        formatShare(expected.warranted / expected.withOutcome),
      );
      await expect(detail('tile-warranted').textContent()).resolves.toBe(
        `${expected.warranted} of ${expected.withOutcome} with an outcome · ${expected.late} late`,
      );
      await expect(value('tile-misses').textContent()).resolves.toBe(String(seeded.misses));
      await expect(value('tile-repeats').textContent()).resolves.toBe(
        formatShare(expected.repeats.withRepeats / expected.repeats.claimed),
      );
      await expect(value('tile-ratings').textContent()).resolves.toBe(
        `${expected.ratings.mean!.toFixed(1)} / 5`,
      );

      // Each trigger's row: its warranted rate, its late handoffs, and the misses it offered in.
      const cell = (trigger: string, column: string) =>
        page.locator(
          `[data-testid="trigger-table"] tr[data-trigger="${trigger}"] td[data-column="${column}"]`,
        );
      for (const row of expected.byTrigger) {
        await expect(cell(row.trigger, 'warranted').textContent()).resolves.toBe(
          `${formatShare(row.warrantedRate)} (${row.warranted} of ${row.withOutcome})`,
        );
        await expect(cell(row.trigger, 'late').textContent()).resolves.toBe(String(row.late));
      }
      for (const [trigger, misses] of Object.entries(expected.missesByTrigger)) {
        await expect(cell(trigger, 'misses').textContent()).resolves.toBe(String(misses));
      }

      await page.locator('.chart canvas').nth(5).waitFor();
      await expect(page.locator('.chart canvas').count()).resolves.toBe(6);
      expect(await auditAccessibility(page)).toEqual([]);
      await shot(page, 'console-dashboard.png');

      // One queue only, asked of the API: the escalation asked for in billing, not the one
      // transferred there (it counts where it started).
      await page.getByLabel('Queue').selectOption('billing');
      await expect
        .poll(() => value('tile-handoffs').textContent())
        .toBe(String(expectedMetrics(seeded, 'billing').handoffs));
      await expect(value('tile-handoffs').textContent()).resolves.toBe('1');
      // The filters are in the address: a reload (or a shared link) keeps them.
      expect(new URL(page.url()).searchParams.get('queue')).toBe('billing');
      await page.reload();
      await expect.poll(() => page.getByLabel('Queue').inputValue()).toBe('billing');
      await expect.poll(() => value('tile-handoffs').textContent()).toBe('1');
      // Outcome answers beyond "warranted": customers who came back, and who asked again after a return.
      await page.getByTestId('tile-came-back').waitFor();
      await page.getByTestId('tile-asked-again').waitFor();
      await page.context().close();
    } finally {
      await day.close();
    }
  }, 120_000);

  it('loads the console, the dashboard and the demo with no CSP violation or console error, assets compressed', async () => {
    for (const target of ['/', '/dashboard', '/demo']) {
      const page = await (await browser.newContext()).newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
      const encodings = new Map<string, string | undefined>();
      page.on('response', (response) => {
        if (response.url().includes('/assets/') && response.url().endsWith('.js'))
          encodings.set(response.url(), response.headers()['content-encoding']);
      });
      // Violations are events on the document: counted from before the first script runs.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { violations?: string[] }).violations ??= [];
          (window as unknown as { violations: string[] }).violations.push(
            `${event.violatedDirective} ${event.blockedURI}`,
          );
        });
      });
      await page.goto(`${baton.url}${target}`);
      await page.locator('#root > *').first().waitFor();
      const violations = await page.evaluate(
        () => (window as unknown as { violations?: string[] }).violations ?? [],
      );
      expect(violations, target).toEqual([]);
      expect(problems, target).toEqual([]);
      expect(encodings.size, target).toBeGreaterThan(0);
      for (const [url, encoding] of encodings) expect(encoding, url).toBe('br');
      await page.context().close();
    }
  });
});
