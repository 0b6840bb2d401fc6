/**
 * Consults, approvals and the structured return, in a real Chromium against a real Baton: an
 * approval answered on the Requests page reaches the agent; edited arguments are checked before
 * they are sent; of two operators the one who answers first is shown to the other; a deadline that
 * passes (on the server's injected clock) shows its default; the promises and must-nots of a return
 * reach the agent's next answer and a later handoff's brief; axe stays clean throughout.
 */
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonClient, type BatonRequest, type CreateRequestRequest } from '@baton/sdk';
import {
  auditAccessibility,
  launchBrowser,
  postCustomerTurn,
  SCREENSHOTS,
  signedInConsole,
  startBaton,
  type Baton,
} from './browser-harness.ts';

let baton: Baton;
let browser: Browser;
let agent: BatonClient;
/** How far the server's clock runs ahead of the real one (moved by the deadline test). */
let clockAhead = 0;

beforeAll(async () => {
  [baton, browser] = await Promise.all([
    startBaton({ now: () => new Date(Date.now() + clockAhead) }),
    launchBrowser(),
  ]);
  agent = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

/** A conversation with one ordinary customer turn, then the agent's request on it. */
async function agentAsks(conversationId: string, request: CreateRequestRequest): Promise<BatonRequest> {
  await postCustomerTurn(baton, conversationId, 'Hello, can you check my order please?');
  return (await agent.createRequest(conversationId, request)).request;
}

const card = (page: Page, requestId: string) => page.locator(`.request-card[data-request-id="${requestId}"]`);

async function requestsPage(key: string): Promise<Page> {
  const page = await signedInConsole(browser, baton, key);
  await page
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('link', { name: /^Requests/ })
    .click();
  await page.getByRole('heading', { name: 'Requests', level: 2 }).waitFor();
  return page;
}

/** The README's screenshots when BATON_UPDATE_SCREENSHOTS=1 (see the harness). */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, name) });

async function expectAxeClean(page: Page): Promise<void> {
  await expect(auditAccessibility(page)).resolves.toEqual([]);
}

describe('answering requests in the console', () => {
  it('shows a held action masked and counted in the nav; an approval reaches the agent', async () => {
    const page = await requestsPage(baton.keys.ana);
    const asked = await agentAsks('approve-1', {
      kind: 'approval',
      question: 'Refund the duplicate charge?',
      actions: [
        { toolName: 'refund', args: { orderId: 'A-1001', amount: 42.5, card: '4242 4242 4242 4242' } },
      ],
      timeoutSeconds: 900,
    });
    const shown = card(page, asked.id);
    await shown.waitFor();
    await expect(page.getByTestId('requests-badge').textContent()).resolves.toMatch(/^1\b/);
    await expect(shown.getByRole('heading').textContent()).resolves.toContain('Maria Chen');
    const args = await shown.getByTestId('held-arguments').textContent();
    expect(args).toContain('"orderId": "A-1001"');
    expect(args).not.toContain('4242 4242');
    await expect(shown.getByTestId('countdown').textContent()).resolves.toMatch(/^1[45]:\d\d$/);
    await expect(shown.textContent()).resolves.toContain('then the default answer applies: refused');
    await expectAxeClean(page);
    await shot(page, 'console-requests.png');

    await shown.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(shown.getByTestId('request-outcome').textContent()).resolves.toBe('Ana Lima approved.');
    const read = await agent.getRequest(asked.id);
    expect([read.status, read.answer?.decision, read.answeredBy]).toEqual([
      'answered',
      'approve',
      'Ana Lima',
    ]);
    // It moved to "Recently closed", and the badge is gone.
    await page.getByTestId('closed-requests').locator(`[data-request-id="${asked.id}"]`).waitFor();
    await expect(page.getByTestId('requests-badge').count()).resolves.toBe(0);
    await expectAxeClean(page);
    await page.context().close();
  }, 60_000);

  it('refuses invalid edited arguments before sending, then sends valid ones', async () => {
    const page = await requestsPage(baton.keys.ana);
    const asked = await agentAsks('edit-1', {
      kind: 'approval',
      actions: [{ toolName: 'issue_credit', args: { orderId: 'B-77', amount: 120 } }],
    });
    const shown = card(page, asked.id);
    await shown.getByRole('button', { name: 'Edit arguments…' }).click();
    const editor = shown.getByLabel(/Edited arguments/);
    await expect(editor.inputValue().then((text) => JSON.parse(text) as unknown)).resolves.toEqual({
      orderId: 'B-77',
      amount: 120,
    });
    await editor.fill('{ "orderId": "B-77", amount: 60 }');
    await shown.getByRole('button', { name: 'Approve with these arguments' }).click();
    const problem = shown.getByTestId('arguments-problem');
    await expect(problem.textContent()).resolves.toMatch(/^The arguments are not valid JSON: .+/);
    await expect(editor.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAxeClean(page);
    await editor.fill('[{ "orderId": "B-77" }]');
    await shown.getByRole('button', { name: 'Approve with these arguments' }).click();
    await expect(problem.textContent()).resolves.toBe(
      'The arguments must be a JSON object ({ … }), not an array.',
    );
    // Nothing reached the server.
    await expect(agent.getRequest(asked.id).then((request) => request.status)).resolves.toBe('open');

    await editor.fill('{ "orderId": "B-77", "amount": 60 }');
    await shown.getByRole('button', { name: 'Approve with these arguments' }).click();
    await expect(shown.getByTestId('request-outcome').textContent()).resolves.toBe(
      'Ana Lima approved with edited arguments.',
    );
    const read = await agent.getRequest(asked.id);
    expect([read.answer?.decision, read.answer?.editedArgs]).toEqual([
      'edit',
      [{ orderId: 'B-77', amount: 60 }],
    ]);
    await page.context().close();
  }, 60_000);

  it('answers a consult with a choice, opened in its own tab, while a second operator sees it close', async () => {
    const ben = await requestsPage(baton.keys.ben);
    const listing = await requestsPage(baton.keys.ana);
    const asked = await agentAsks('consult-1', {
      kind: 'consult',
      question: 'The customer asks for a refund outside the 30 days. Allow it?',
      choices: ['Allow', 'Offer store credit', 'Decline'],
      freeText: false,
    });
    await card(ben, asked.id).waitFor();
    // Ana opens the request's own address in a new tab.
    const [tab] = await Promise.all([
      listing.context().waitForEvent('page'),
      card(listing, asked.id)
        .getByRole('link', { name: /Open in new tab/ })
        .click(),
    ]);
    await tab!.waitForURL(`**/requests/${asked.id}`);
    const shown = card(tab!, asked.id);
    await expect(shown.getByRole('textbox').count()).resolves.toBe(0);
    await expectAxeClean(tab!);
    await shown
      .getByRole('group', { name: 'Answer with a choice' })
      .getByRole('button', { name: 'Offer store credit' })
      .click();
    await expect(shown.getByTestId('request-outcome').textContent()).resolves.toBe(
      'Ana Lima chose “Offer store credit”.',
    );

    // Ben's page follows: the request is closed, with who answered what, and cannot be answered.
    const benCard = ben.getByTestId('closed-requests').locator(`[data-request-id="${asked.id}"]`);
    await benCard.waitFor();
    await expect(benCard.getByTestId('request-outcome').textContent()).resolves.toBe(
      'Ana Lima chose “Offer store credit”.',
    );
    await expect(benCard.getByRole('button').count()).resolves.toBe(0);
    const read = await agent.getRequest(asked.id);
    expect([read.answer?.choice, read.answeredBy]).toEqual(['Offer store credit', 'Ana Lima']);
    await ben.context().close();
    await listing.context().close();
  }, 60_000);

  it('tells an operator whose answer came second who answered first', async () => {
    const ben = await requestsPage(baton.keys.ben);
    const asked = await agentAsks('consult-2', { kind: 'consult', question: 'Which courier should I use?' });
    const shown = card(ben, asked.id);
    await shown.getByLabel('Your answer').fill('DHL');
    // Ben's page has not yet re-read the request when his answer goes out (its reads are held).
    const held: Route[] = [];
    const reads = /\/v1\/requests\/rq_[^/?]+$/;
    await ben.route(reads, (route) =>
      route.request().method() === 'GET' ? void held.push(route) : route.continue(),
    );
    // Ana answers through the API while Ben is typing.
    const ana = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.ana });
    await ana.answerRequest(asked.id, { text: 'UPS' });
    await shown.getByRole('button', { name: 'Send answer' }).click();
    await expect(ben.getByTestId('request-error').textContent()).resolves.toBe(
      'Ana Lima answered first; that answer stands.',
    );
    await Promise.all(held.map((route) => route.continue()));
    await ben.unroute(reads);
    await expect(shown.getByTestId('request-outcome').textContent()).resolves.toBe(
      'Ana Lima answered “UPS”.',
    );
    await expect(agent.getRequest(asked.id).then((request) => request.answer?.text)).resolves.toBe('UPS');
    await ben.context().close();
  }, 60_000);

  it('shows a request whose deadline passed as timed out, with the default applied', async () => {
    const page = await requestsPage(baton.keys.ana);
    const asked = await agentAsks('deadline-1', {
      kind: 'consult',
      question: 'May I waive the delivery fee?',
      timeoutSeconds: 600,
      onDeadline: { action: 'default', answer: { text: 'No, keep the fee' } },
    });
    const shown = card(page, asked.id);
    await expect(shown.getByTestId('countdown').textContent()).resolves.toMatch(/^(10:00|9:5\d)$/);
    await expect(shown.textContent()).resolves.toContain(
      'then the default answer applies: “No, keep the fee”',
    );
    // The server's clock passes the deadline; housekeeping applies it and the page follows the event.
    clockAhead = 601_000;
    try {
      const ended = await baton.service.applyRequestDeadlines();
      expect(ended.map((request) => request.id)).toContain(asked.id);
    } finally {
      clockAhead = 0;
    }
    const closed = page.getByTestId('closed-requests').locator(`[data-request-id="${asked.id}"]`);
    await expect(closed.getByTestId('request-outcome').textContent()).resolves.toBe(
      'Timed out → default applied: “No, keep the fee”.',
    );
    await expect(shown.count()).resolves.toBe(1);
    await expectAxeClean(page);
    await page.context().close();
  }, 60_000);

  it('re-lists after a failed read, instead of missing a request', async () => {
    const page = await requestsPage(baton.keys.ana);
    let failed = 0;
    await page.route(/\/v1\/requests\/rq_[^/?]+$/, async (route) => {
      if (failed === 0) {
        failed += 1;
        await route.abort('connectionreset');
      } else await route.continue();
    });
    const asked = await agentAsks('flaky-request-1', {
      kind: 'consult',
      question: 'Is the store open on Sunday?',
    });
    await card(page, asked.id).waitFor();
    expect(failed).toBe(1);
    await page.context().close();
  }, 60_000);

  it('reads a request again when its countdown ends, and shows what the deadline did', async () => {
    const page = await requestsPage(baton.keys.ana);
    // No housekeeping runs here: the page's own read at the deadline applies it.
    const asked = await agentAsks('deadline-2', {
      kind: 'consult',
      question: 'Can I promise delivery by Friday?',
      timeoutSeconds: 2,
    });
    const closed = page.getByTestId('closed-requests').locator(`[data-request-id="${asked.id}"]`);
    await expect(closed.getByTestId('request-outcome').textContent()).resolves.toBe('Timed out → cancelled.');
    await expect(agent.getRequest(asked.id).then((request) => request.deadlineOutcome)).resolves.toBe(
      'cancel',
    );
    await page.context().close();
  }, 60_000);
});

describe('the handoff panel', () => {
  it('answers the conversation’s requests inline and returns it with a structured hand-back', async () => {
    await postCustomerTurn(baton, 'return-1', 'I want to talk to a human about my broken blender');
    const page = await signedInConsole(browser, baton, baton.keys.ana);
    await page.locator('.queue-row', { hasText: 'broken blender' }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('You have claimed this handoff').waitFor();

    // The agent consults on the same conversation: the question shows in the panel, answerable there.
    const asked = (
      await agent.createRequest('return-1', {
        kind: 'consult',
        question: 'Is the blender still under warranty?',
      })
    ).request;
    const inline = page.locator('.conversation-requests').locator(`[data-request-id="${asked.id}"]`);
    await inline.getByLabel('Your answer').fill('Yes, until March');
    await inline.getByRole('button', { name: 'Send answer' }).click();
    await expect(inline.getByTestId('request-outcome').textContent()).resolves.toBe(
      'Ana Lima answered “Yes, until March”.',
    );
    await expect(agent.getRequest(asked.id).then((request) => request.answer?.text)).resolves.toBe(
      'Yes, until March',
    );

    await page.getByRole('button', { name: 'Return to agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return the conversation to the agent' });
    await dialog.getByLabel(/Note for the agent/).fill('Replacement agreed; the agent can close politely.');
    await dialog.getByRole('button', { name: 'Add what I did' }).click();
    // The new row's first field has the focus: the keyboard goes on from there.
    await page.keyboard.type('Ordered a replacement blender');
    await dialog.getByLabel('Result 1').fill('Ships tomorrow, tracking sent by email');
    await dialog.getByRole('button', { name: 'Add a promise' }).click();
    await page.keyboard.type('Call the customer when it ships');
    await dialog.getByLabel('Due by (optional)').fill('2031-05-04T10:30');
    await dialog.getByLabel('The agent must (one per line)').fill('Confirm the delivery address');
    await dialog
      .getByLabel('The agent must not (one per line)')
      .fill('Offer a refund\n\nAsk for the receipt again');
    await expectAxeClean(page);
    await shot(page, 'console-return-form.png');
    await dialog.getByRole('button', { name: 'Return to agent' }).click();
    await page.getByText('Returned to the agent with your note.').waitFor();

    // The agent's next answer carries the hand-back.
    const next = (await postCustomerTurn(baton, 'return-1', 'Thanks! When will it arrive?')) as {
      handBack: {
        promises: { text: string; dueAt: string | null }[];
        mustNot: string[];
        must: string[];
        actions: unknown[];
      };
    };
    expect(next.handBack.promises.map((promise) => [promise.text, promise.dueAt])).toEqual([
      ['Call the customer when it ships', new Date('2031-05-04T10:30').toISOString()],
    ]);
    expect(next.handBack.mustNot).toEqual(['Offer a refund', 'Ask for the receipt again']);
    expect(next.handBack.must).toEqual(['Confirm the delivery address']);
    expect(next.handBack.actions).toEqual([
      { action: 'Ordered a replacement blender', result: 'Ships tomorrow, tracking sent by email' },
    ]);

    // A later handoff's brief shows what was promised and what the agent must not do.
    const again = (await postCustomerTurn(baton, 'return-1', 'I need a human again, it never shipped')) as {
      handoff: { id: string } | null;
    };
    const operator = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.ben });
    const later = await operator.getHandoff(again.handoff!.id);
    const handBacks = (later.brief as { handBacks?: { promises: { text: string }[]; mustNot: string[] }[] })
      .handBacks;
    expect(
      handBacks?.map((handBack) => [handBack.promises.map((promise) => promise.text), handBack.mustNot]),
    ).toEqual([[['Call the customer when it ships'], ['Offer a refund', 'Ask for the receipt again']]]);

    // The console's brief panel shows it too: the open promise first, then what the agent was told.
    await page.goto(`${baton.url}/handoffs/${again.handoff!.id}`);
    const earlier = page.getByTestId('brief-hand-backs');
    await earlier.waitFor();
    const shown = (await earlier.textContent()) ?? '';
    expect(shown).toContain('Open promises');
    expect(shown).toContain('Call the customer when it ships');
    expect(shown).toContain('Agent must not: Offer a refund');
    expect(shown).toContain('Did: Ordered a replacement blender → Ships tomorrow, tracking sent by email');
    await expectAxeClean(page);
    await page.context().close();
  }, 90_000);
});
