/**
 * Routing in the console, in a real Chromium against a real Baton with a queue configuration: the
 * queues page shows each queue's depth, oldest wait, SLA state and hours and follows a new handoff;
 * an offer appears for a present operator with room and Accept claims it; a declined offer goes to
 * the next operator, and one another operator claims leaves with their name; a capacity set in the console is honoured by the server; a waiting handoff shows
 * its ETA and the acceptance-ladder steps it went through; axe finds nothing on the queues page or
 * the offer card. The server's clock is the real one plus an offset the tests move forward.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatonService } from '../../server/src/service/create-service.ts';
import type { Principal } from '../../server/src/service/types.ts';
import {
  auditAccessibility,
  launchBrowser,
  SCREENSHOTS,
  signedInConsole,
  startBaton,
  type Baton,
} from './browser-harness.ts';

let baton: Baton;
let browser: Browser;
let admin: Principal;
let operator: Principal;
/** Ana's console, open through every test. */
let ana: Page;
const clock = { offset: 0 };
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** The day after tomorrow (UTC): the only day the `weekend` queue opens, so it is closed now. */
const opensOn = (new Date().getUTCDay() + 2) % 7;

beforeAll(async () => {
  [baton, browser] = await Promise.all([
    startBaton({
      now: () => new Date(Date.now() + clock.offset),
      queues: ['general', 'billing', 'weekend'],
    }),
    launchBrowser(),
  ]);
  admin = (await baton.service.authenticate(baton.keys.admin))!;
  operator = (await baton.service.authenticate(baton.keys.ben))!;
  await baton.service.putQueueConfig(admin, {
    version: 'console-routing-1',
    agingSecondsPerRank: null,
    queues: {
      general: { mode: 'claim', slaSeconds: { normal: 10 }, overflow: 'billing' },
      billing: { mode: 'offer', offerTimeoutSeconds: 600, slaSeconds: { normal: 300 }, overflow: 'general' },
      weekend: { hours: { timeZone: 'UTC', weekly: { [DAY_KEYS[opensOn]!]: ['09:00-10:00'] } } },
    },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

/** A customer writes, then the agent asks for a person in `queue`; returns the handoff's id. */
async function handoffIn(queue: string, conversationId: string, name: string): Promise<string> {
  const headers = { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' };
  const turn = await fetch(`${baton.url}/v1/conversations/${conversationId}/turns`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ role: 'customer', text: 'Where is my refund?', customer: { name } }),
  });
  if (!turn.ok) throw new Error(`turn failed: ${turn.status} ${await turn.text()}`);
  const requested = await fetch(`${baton.url}/v1/conversations/${conversationId}/handoff`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ reason: 'The refund is late.', queue }),
  });
  if (!requested.ok) throw new Error(`handoff failed: ${requested.status} ${await requested.text()}`);
  return ((await requested.json()) as { handoff: { id: string } }).handoff.id;
}

/** One full routing round now: lapsed offers, due ladder steps, new offers, ETAs. */
const routeNow = () => (baton.service as BatonService).routeNow();
const handoff = (handoffId: string) => baton.service.getHandoff(operator, handoffId);
const queueRow = (page: Page, queue: string) => page.locator(`tr[data-queue="${queue}"]`);
const cell = (page: Page, queue: string, testId: string) =>
  queueRow(page, queue).getByTestId(testId).textContent();
const offerCard = (page: Page, customer: string) => page.locator('.offer-card', { hasText: customer });

describe('routing in the console', () => {
  it('shows each queue live: depth, oldest wait, operators, SLA state in words, hours', async () => {
    ana = await signedInConsole(browser, baton, baton.keys.ana);
    await ana.getByRole('link', { name: 'Queues' }).click();
    expect(new URL(ana.url()).pathname).toBe('/queues');
    await expect.poll(() => ana.getByTestId('queues-live').textContent()).toBe('Live');
    await expect.poll(() => cell(ana, 'general', 'queue-depth')).toBe('0');
    expect(await cell(ana, 'general', 'queue-oldest')).toBe('–');
    expect(await cell(ana, 'weekend', 'queue-hours')).toBe(
      `Closed · opens ${DAY_NAMES[opensOn]} 09:00 (UTC)`,
    );
    expect(await cell(ana, 'billing', 'queue-hours')).toBe('Always open');
    // Ana's console made her present: one operator online for the queues she may take.
    await expect.poll(() => cell(ana, 'billing', 'queue-operators')).toMatch(/^1 online/);
    await expect(queueRow(ana, 'billing').locator('td').last().textContent()).resolves.toBe('general');

    // A handoff arrives: the page follows it without a reload, and its wait ticks.
    await handoffIn('general', 'route-general-1', 'Greta Lind');
    await expect.poll(() => cell(ana, 'general', 'queue-depth')).toBe('1');
    await expect.poll(() => cell(ana, 'general', 'queue-oldest')).toMatch(/^\d+ s$/);
    expect(await cell(ana, 'general', 'queue-sla')).toBe('On target');

    // Past the 10 s target (the server's clock moves on; the ladder's first step is an event).
    clock.offset += 12_000;
    await routeNow();
    await expect.poll(() => cell(ana, 'general', 'queue-sla')).toBe('Breached (1 over)');
    expect(await auditAccessibility(ana)).toEqual([]);
    await ana.screenshot({ path: `${SCREENSHOTS}/console-queues.png` });
  }, 90_000);

  it('offers a handoff to a present operator with room, on any page; Accept claims it', async () => {
    await ana.getByRole('link', { name: 'Dashboard' }).click();
    const handoffId = await handoffIn('billing', 'route-offer-1', 'Omar Haddad');
    const card = offerCard(ana, 'Omar Haddad');
    await card.waitFor();
    expect((await handoff(handoffId)).routing?.offeredTo).toBe('Ana Lima');
    await expect(card.textContent()).resolves.toMatch(/normal.*agent requested.*queue billing/);
    await expect(card.getByTestId('offer-countdown').textContent()).resolves.toMatch(
      /^Expires in (9 min \d+ s|10 min)$/,
    );
    expect(await auditAccessibility(ana)).toEqual([]);
    await ana.screenshot({ path: `${SCREENSHOTS}/console-offer.png` });

    await card.getByRole('button', { name: 'Accept' }).click();
    // The workspace opens the handoff, claimed by her, and the server agrees.
    await ana.waitForURL(`**/handoffs/${handoffId}`);
    await expect.poll(() => ana.getByTestId('handoff-status').textContent()).toBe('claimed');
    expect(await card.count()).toBe(0);
    const claimed = await handoff(handoffId);
    expect(claimed).toMatchObject({ status: 'claimed', claimedBy: 'Ana Lima' });
    await expect.poll(() => ana.getByTestId('presence-load').textContent()).toMatch(/1 held/);
  }, 60_000);

  it('passes a declined offer to the next operator', async () => {
    const ben = await signedInConsole(browser, baton, baton.keys.ben);
    const handoffId = await handoffIn('billing', 'route-offer-2', 'Lena Petrova');
    await expect.poll(async () => (await handoff(handoffId)).routing?.offeredTo ?? null).not.toBeNull();
    const first = (await handoff(handoffId)).routing!.offeredTo!;
    const [firstPage, nextPage, nextName] =
      first === 'Ana Lima' ? [ana, ben, 'Ben Okafor'] : [ben, ana, 'Ana Lima'];
    await offerCard(firstPage, 'Lena Petrova').getByRole('button', { name: 'Decline' }).click();
    await firstPage.getByText('Declined: it goes to the next operator.').waitFor();
    await offerCard(nextPage, 'Lena Petrova').waitFor();
    expect(await offerCard(firstPage, 'Lena Petrova').count()).toBe(0);
    expect((await handoff(handoffId)).routing?.offeredTo).toBe(nextName);

    // The next operator declines too, from elsewhere: the card goes, and says why.
    const nextKey = nextName === 'Ana Lima' ? baton.keys.ana : baton.keys.ben;
    const declined = await fetch(`${baton.url}/v1/handoffs/${handoffId}/decline`, {
      method: 'POST',
      headers: { authorization: `Bearer ${nextKey}` },
    });
    expect(declined.status).toBe(200);
    await nextPage.getByText('You declined it in another window.').waitFor();
    expect(await offerCard(nextPage, 'Lena Petrova').count()).toBe(0);

    // Offered to one, claimed from the queue by the other: the card goes, naming who took it.
    const takenId = await handoffIn('billing', 'route-offer-taken', 'Tomas Berg');
    await expect.poll(async () => (await handoff(takenId)).routing?.offeredTo ?? null).not.toBeNull();
    const offeredTo = (await handoff(takenId)).routing!.offeredTo!;
    const [offeredPage, takerKey, takerName] =
      offeredTo === 'Ana Lima' ? [ana, baton.keys.ben, 'Ben Okafor'] : [ben, baton.keys.ana, 'Ana Lima'];
    await offerCard(offeredPage, 'Tomas Berg').waitFor();
    const claimed = await fetch(`${baton.url}/v1/handoffs/${takenId}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${takerKey}` },
    });
    expect(claimed.status).toBe(200);
    await offeredPage.getByText(`${takerName} took it.`).waitFor();
    expect(await offerCard(offeredPage, 'Tomas Berg').count()).toBe(0);
    const resolved = await fetch(`${baton.url}/v1/handoffs/${takenId}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${takerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ resolved: true, warranted: true }),
    });
    expect(resolved.status).toBe(200);

    // Ben leaves.
    await ben.context().close();
    const offline = await fetch(`${baton.url}/v1/presence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${baton.keys.ben}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'offline' }),
    });
    expect(offline.status).toBe(204);
  }, 90_000);

  it('honours the capacity set in the console: no offer at capacity, one again with room', async () => {
    const holding = (await baton.service.listHandoffs(operator, { status: 'claimed', limit: 500 })).filter(
      (item) => item.claimedBy === 'Ana Lima',
    ).length;
    expect(holding).toBe(1);
    await ana.getByRole('button', { name: 'Capacity & skills' }).click();
    await ana.getByLabel('Most conversations at once').fill('1');
    await ana.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => ana.getByTestId('presence-load').textContent()).toMatch(/1 of 1/);
    // The server has it: no free place for Ana in billing.
    await expect
      .poll(
        async () =>
          (await baton.service.listQueues(operator)).queues.find((queue) => queue.name === 'billing')!
            .freeSlots,
      )
      .toBe(0);

    const handoffId = await handoffIn('billing', 'route-offer-3', 'Sofia Reyes');
    await routeNow();
    expect((await handoff(handoffId)).routing?.offeredTo).toBeNull();
    expect(await offerCard(ana, 'Sofia Reyes').count()).toBe(0);

    // Room for one more: the offer comes, and `a` accepts it.
    await ana.getByLabel('Most conversations at once').fill('2');
    await ana.getByRole('button', { name: 'Save' }).click();
    await ana.getByRole('button', { name: 'Close' }).click();
    await offerCard(ana, 'Sofia Reyes').waitFor();
    expect((await handoff(handoffId)).routing?.offeredTo).toBe('Ana Lima');
    await ana.keyboard.press('a');
    await expect.poll(async () => (await handoff(handoffId)).status).toBe('claimed');
    expect((await handoff(handoffId)).claimedBy).toBe('Ana Lima');
    await expect.poll(() => ana.getByTestId('presence-load').textContent()).toMatch(/2 of 2/);
  }, 90_000);

  it("shows a waiting handoff's ETA and the ladder steps it went through", async () => {
    await ana.getByRole('link', { name: 'Queue', exact: true }).click();
    await ana.locator('.queue-row', { hasText: 'Greta Lind' }).click();
    await expect.poll(() => ana.getByTestId('handoff-eta').textContent()).toMatch(/position 1/);
    const steps = ana.getByTestId('routing-steps');
    await expect.poll(() => steps.textContent()).toMatch(/Re-offered to everyone who had passed/);
    // Three times the 10 s target: the rest of the ladder.
    clock.offset += 20_000;
    await routeNow();
    await expect.poll(() => steps.textContent()).toMatch(/Widened to the overflow queue billing/);
    await expect.poll(() => steps.textContent()).toMatch(/Lead alerted/);
    await expect.poll(() => steps.textContent()).toMatch(/Customer told nobody is free yet/);
    expect(await auditAccessibility(ana)).toEqual([]);
  }, 60_000);
});
