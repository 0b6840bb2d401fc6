/**
 * Operators working together, in a real Chromium against a real Baton: typing indicators both ways
 * between the /demo chat and the console; assigning a conversation to a colleague (it moves to the
 * colleague's console); a lead taking one over (the previous owner is told and loses the composer),
 * which an operator is not offered; an agent's key refused at sign-in; and a bulk resolve of three where one fails, with a result per handoff. axe stays clean.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditAccessibility,
  launchBrowser,
  signedInConsole,
  startBaton,
  type Baton,
} from './browser-harness.ts';

let baton: Baton;
let browser: Browser;

beforeAll(async () => {
  [baton, browser] = await Promise.all([startBaton(), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

/** A waiting handoff for a named customer: their turn, then the agent asks for a person. */
async function handoffFor(name: string): Promise<{ conversationId: string; handoffId: string }> {
  const conversationId = `collab-${name.replace(/\W/g, '').toLowerCase()}-${Date.now()}`;
  const post = async (body: unknown) => {
    const response = await fetch(`${baton.url}/v1/conversations/${conversationId}/turns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`turn failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { handoff: { id: string } | null };
  };
  await post({ role: 'customer', text: `Hello, this is ${name}.`, customer: { name } });
  const answer = await post({
    role: 'agent',
    text: 'Let me get a colleague.',
    toolCalls: [{ name: 'request_human', ok: true }],
  });
  return { conversationId, handoffId: answer.handoff!.id };
}

const row = (page: Page, text: string) => page.locator('.queue-row', { hasText: text });

async function expectAxeClean(page: Page): Promise<void> {
  expect(await auditAccessibility(page)).toEqual([]);
}

describe('collaboration in Chromium', () => {
  it('shows the customer typing in the console, and the operator typing in the demo chat', async () => {
    const operator = await signedInConsole(browser, baton, baton.keys.ana);
    const customer = await (await browser.newContext()).newPage();
    await customer.goto(`${baton.url}/demo`);
    await customer.getByLabel('Your message').fill('I want to talk to a real person please');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await customer
      .locator('.customer-status')
      .getByText(/You are next in the queue/)
      .waitFor();

    await row(operator, 'talk to a real person').first().click();
    await operator.getByRole('button', { name: 'Claim' }).click();
    await operator.getByText('You have claimed this handoff').waitFor();
    await customer.getByText(/has joined the conversation/).waitFor();

    // The customer types: the open thread and the queue row say so.
    await customer.getByLabel('Your message').pressSequentially('Are you th');
    await operator.getByTestId('typing-indicator').getByText('Customer is typing…').waitFor();
    await operator.getByTestId('typing-hint').waitFor();
    await expectAxeClean(operator);

    // The operator types a reply: the customer sees who, by first name.
    await operator
      .getByRole('textbox', { name: 'Your reply to the customer' })
      .pressSequentially('Yes, I am');
    await customer.getByTestId('operator-typing').getByText('Ana is typing…').waitFor();
    await operator.getByRole('button', { name: 'Send reply' }).click();
    // Sending ends the indicator at once (not after it expires).
    await customer.getByTestId('operator-typing').waitFor({ state: 'detached' });
    await customer.getByText('Yes, I am').waitFor();
    await operator.context().close();
    await customer.context().close();
  }, 120_000);

  it("assigns to a colleague, whose console gets it, and a lead takes over the colleague's", async () => {
    const first = await handoffFor('Assign First');
    const second = await handoffFor('Assign Second');
    const ben = await signedInConsole(browser, baton, baton.keys.ben);
    const ana = await signedInConsole(browser, baton, baton.keys.ana);

    // Each console knows its operator by name from sign-in (the key's holder), before any claim.
    await expect.poll(() => ben.locator('.who').textContent()).toBe('Ben Okafor');
    await expect.poll(() => ana.locator('.who').textContent()).toBe('Ana Lima');
    // Ben claims one, Ana the other.
    await row(ben, 'Assign First').click();
    await ben.getByRole('button', { name: 'Claim' }).click();
    await ben.getByText('You have claimed this handoff').waitFor();
    await row(ana, 'Assign Second').click();
    await ana.getByRole('button', { name: 'Claim' }).click();
    await ana.getByText('You have claimed this handoff').waitFor();

    await ana.getByRole('button', { name: 'Assign…' }).click();
    const dialog = ana.getByRole('dialog', { name: 'Assign to a colleague' });
    await dialog.getByRole('radio', { name: /Ben Okafor/ }).check();
    await expectAxeClean(ana);
    await dialog.getByRole('button', { name: 'Assign to Ben Okafor' }).click();
    await ana.getByText('Assigned to Ben Okafor.').waitFor();
    await expect(ana.getByRole('textbox', { name: 'Your reply to the customer' }).count()).resolves.toBe(0);
    expect(
      (await baton.service.events({ conversationId: second.conversationId })).map((e) => e.type),
    ).toContain('handoff-assigned');
    // On Ben's console it is his now.
    await row(ben, 'Assign Second').getByText('with you').waitFor();

    // An operator is offered no take-over of a colleague's conversation: that is for leads.
    await ana.goto(`${baton.url}/handoffs/${first.handoffId}`);
    await expect.poll(() => ana.getByTestId('handoff-status').textContent()).toBe('claimed');
    await expect(ana.getByRole('button', { name: 'Assign…' }).count()).resolves.toBe(0);
    expect(await ana.getByRole('button', { name: 'Take over' }).count()).toBe(0);

    // A lead takes over the first one, which Ben has open.
    const lead = await signedInConsole(browser, baton, baton.keys.admin);
    await row(lead, 'Assign First').click();
    await lead.getByRole('button', { name: 'Take over' }).click();
    await lead.getByText('You took over this conversation.').waitFor();
    await ben.getByTestId('taken-over').getByText('first admin took over this conversation.').waitFor();
    // The composer goes once Ben's console has read the handoff again.
    await expect.poll(() => ben.getByRole('textbox', { name: 'Your reply to the customer' }).count()).toBe(0);
    await expectAxeClean(ben);
    expect((await baton.service.getHandoff(await admin(), first.handoffId)).claimedBy).toBe('first admin');
    for (const page of [ana, ben, lead]) await page.context().close();
  }, 120_000);

  it("refuses an agent's key at sign-in, saying which key to use", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baton.url}/`);
    await page.getByLabel('Operator API key').fill(baton.keys.agent);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText('That is an agent key: sign in with an operator or admin key.')
      .waitFor();
    expect(await page.getByText('Live', { exact: true }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('resolves three in bulk where one fails, and shows a result for each', async () => {
    const ana = await signedInConsole(browser, baton, baton.keys.ana);
    const anaPrincipal = (await baton.service.authenticate(baton.keys.ana))!;
    const benPrincipal = (await baton.service.authenticate(baton.keys.ben))!;
    const one = await handoffFor('Bulk One');
    const two = await handoffFor('Bulk Two');
    const three = await handoffFor('Bulk Three');
    await baton.service.claim(anaPrincipal, one.handoffId);
    await baton.service.claim(benPrincipal, two.handoffId);
    await baton.service.claim(anaPrincipal, three.handoffId);
    await row(ana, 'Bulk Three').waitFor();

    await ana.getByRole('checkbox', { name: 'Select Bulk One' }).click();
    await ana.getByRole('checkbox', { name: 'Select Bulk Three' }).click({ modifiers: ['Shift'] });
    await ana.getByText('3 selected').waitFor();
    await ana.getByRole('button', { name: 'Resolve 3' }).click();
    const results = ana.getByTestId('bulk-results');
    await results.getByText('2 done, 1 not done.').waitFor();
    await expect(results.locator(`li[data-handoff-id="${two.handoffId}"]`).textContent()).resolves.toMatch(
      /Bulk Two: .*claimed by Ben Okafor/,
    );
    await expect(results.locator('li.ok').count()).resolves.toBe(2);
    // The failed one stays selected to try again; the others left the queue.
    await ana.getByText('1 selected').waitFor();
    await row(ana, 'Bulk One').waitFor({ state: 'detached' });
    await expectAxeClean(ana);
    expect((await baton.service.getHandoff(anaPrincipal, two.handoffId)).status).toBe('claimed');
    await ana.context().close();
  }, 120_000);
});

async function admin() {
  return (await baton.service.authenticate(baton.keys.admin))!;
}
