/**
 * The staffing page in Chromium, over a real Baton with a known fortnight of handoffs: the chart and
 * summary show the operators the model needs for the hour the handoffs came in, against those
 * online; the what-if raises it; the equity tables break the figures down by language and segment;
 * and axe finds nothing.
 */
import path from 'node:path';
import { operatorsNeeded } from '@baton/engine';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatShare } from '../src/format.ts';
import {
  auditAccessibility,
  launchBrowser,
  SCREENSHOTS,
  signedInConsole,
  startBaton,
  type Baton,
} from './browser-harness.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
let browser: Browser;
let baton: Baton;
/** The server's clock: real time, so the page's own "last 28 days" covers the same history. */
const clock = { at: Date.now() };

beforeAll(async () => {
  [baton, browser] = await Promise.all([startBaton({ now: () => new Date(clock.at) }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

it('charts operators needed against those online, answers what-if, and breaks metrics down by language and segment', async () => {
  const now = clock.at;
  const agent = (await baton.service.authenticate(baton.keys.agent))!;
  const operator = (await baton.service.authenticate(baton.keys.ben))!;
  // One and two weeks ago, in the hour that starts 2 hours before now's hour: four handoffs each
  // in `general`, claimed after 30 s and resolved 600 s later; half from Spanish-speaking small
  // businesses, half from English-speaking enterprises.
  const hourStart = Math.floor(now / HOUR) * HOUR - 2 * HOUR;
  for (const weeksAgo of [1, 2]) {
    for (let index = 0; index < 4; index += 1) {
      clock.at = hourStart - weeksAgo * WEEK + index * 10 * 60_000;
      const spanish = index % 2 === 0;
      const customer = spanish ? { language: 'es', segment: 'smb' } : { language: 'en', tier: 'enterprise' };
      const conversationId = `staffing-${weeksAgo}-${index}`;
      const { handoff } = await baton.service.postTurn(agent, {
        conversationId,
        turn: {
          role: 'agent',
          text: 'Let me get a colleague.',
          toolCalls: [{ name: 'request_human', ok: true }],
        },
        customer,
      });
      clock.at += 30_000;
      await baton.service.claim(operator, handoff!.id);
      clock.at += 600_000;
      await baton.service.resolve(operator, handoff!.id, { resolved: true, warranted: spanish });
    }
  }
  clock.at = now;
  // The history is 28 days: that hour of the week occurs 4 times, with 8 handoffs: 2 an hour.
  const needed = (perHour: number) =>
    operatorsNeeded(
      { arrivalRate: perHour / 3600, meanHandleSeconds: 600 },
      { serviceLevel: 0.8, answerSeconds: 60 },
    ).operators!;

  const page = await signedInConsole(browser, baton, baton.keys.ana, { width: 1366, height: 1100 });
  await page.getByRole('link', { name: 'Staffing' }).click();
  await page.waitForURL(/\/staffing$/);
  const summary = page.getByTestId('staffing-summary');
  await expect
    .poll(() => summary.textContent())
    .toBe(
      `Peak: ${needed(2)} operator${needed(2) === 1 ? '' : 's'} needed for 80% claimed within 60 s; 1 online now.`,
    );
  await expect(page.getByRole('img', { name: /Operators needed against online now/ })).toBeTruthy();
  const generalRow = page.getByTestId('staffing-queues').getByRole('row', { name: /general/ });
  await expect(generalRow.textContent()).resolves.toContain('Erlang C');
  await expect(generalRow.textContent()).resolves.toContain('10 min');

  // What if the policy handed off three times as often?
  await page.getByLabel('Handoff rate change (%)').fill('200');
  await expect
    .poll(() => summary.textContent())
    .toBe(
      `Peak: ${needed(6)} operator${needed(6) === 1 ? '' : 's'} needed for 80% claimed within 60 s; 1 online now.`,
    );
  expect(needed(6)).toBeGreaterThan(needed(2));
  await expect(page.locator('figure.chart').textContent()).resolves.toContain('Needed before the change');

  // Equity: the same handoffs, by language and by segment.
  const language = page.getByTestId('equity-language');
  await expect(language.getByRole('row', { name: /^es / }).locator('td').first().textContent()).resolves.toBe(
    '4',
  );
  await expect(language.getByRole('row', { name: /^en / }).locator('td').nth(4).textContent()).resolves.toBe(
    formatShare(0),
  );
  const segment = page.getByTestId('equity-segment');
  await expect(
    segment
      .getByRole('row', { name: /^enterprise / })
      .locator('td')
      .first()
      .textContent(),
  ).resolves.toBe('4');

  expect(await auditAccessibility(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'console-staffing.png'), fullPage: true });
  await page.context().close();
});
