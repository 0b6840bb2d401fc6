/**
 * Canned responses and the dashboard's outcome answers in Chromium, over a real Baton: a lead
 * creates a Spanish response for the billing team on the Responses page (an unknown variable is
 * refused, naming it); an operator on a Spanish billing handoff inserts it at the cursor with the
 * customer's first name and the order number from the brief filled, while the amount the brief does
 * not have stays a placeholder that blocks sending until filled. The dashboard then shows each
 * outcome answer with its counts, and the last hour in 5-minute buckets. axe finds nothing.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  auditAccessibility,
  launchBrowser,
  SCREENSHOTS,
  signedInConsole,
  startBaton,
  type Baton,
} from './browser-harness.ts';

let browser: Browser;
let baton: Baton;

beforeAll(async () => {
  [baton, browser] = await Promise.all([startBaton(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await baton?.close();
});

it('a lead writes a Spanish billing response; an operator inserts it filled, and cannot send a placeholder', async () => {
  // The lead, on the Responses page.
  const lead = await signedInConsole(browser, baton, baton.keys.admin);
  await lead.getByRole('link', { name: 'Responses' }).click();
  await lead.waitForURL(/\/responses$/);
  await lead.getByRole('button', { name: 'New response' }).click();
  const form = lead.getByRole('form', { name: 'New response' });
  await form.getByLabel('Title').fill('Pedido en camino');
  await form.getByLabel('Shortcut').fill('pedido');
  await form.getByLabel('Team').fill('billing');
  await form.getByLabel('Language').fill('es');
  await form
    .getByLabel('Text')
    .fill('Hola {{customer.firstName}}, tu pedido {{brief.order}} sale hoy. Importe: {{brief.talla}}.');
  await form.getByRole('button', { name: 'Save response' }).click();
  await expect.poll(() => lead.getByTestId('responses-error').textContent()).toContain('{{brief.talla}}');
  await form
    .getByLabel('Text')
    .fill('Hola {{customer.firstName}}, tu pedido {{brief.order}} sale hoy. Importe: {{brief.amount}}.');
  await form.getByRole('button', { name: 'Save response' }).click();
  const table = lead.getByTestId('responses-table');
  await table.getByRole('row', { name: /Pedido en camino/ }).waitFor();
  await expect(table.getByRole('row', { name: /Pedido en camino/ }).textContent()).resolves.toContain(
    '/pedido',
  );
  expect(await auditAccessibility(lead)).toEqual([]);
  await lead.screenshot({ path: path.join(SCREENSHOTS, 'console-responses.png'), fullPage: true });
  await lead.context().close();

  // A Spanish-speaking customer in billing, whose order number the brief has (no amount).
  const agent = (await baton.service.authenticate(baton.keys.agent))!;
  await baton.service.postTurn(agent, {
    conversationId: 'canned-es',
    turn: { role: 'customer', text: 'Hola, mi pedido ORD-2291 no ha llegado todavía.' },
    customer: { name: 'Lucía Fernández', language: 'es' },
  });
  const { handoff } = await baton.service.requestHandoff(agent, {
    conversationId: 'canned-es',
    reason: 'pedido retrasado',
    queue: 'billing',
  });

  const page = await signedInConsole(browser, baton, baton.keys.ana);
  await page.locator('.queue-row', { hasText: 'Lucía Fernández' }).click();
  await page.getByRole('button', { name: 'Claim' }).click();
  await page.getByText('You have claimed this handoff').waitFor();
  const templates = page.getByRole('group', { name: 'Templates' });
  const button = templates.getByRole('button', { name: /Pedido en camino/ });
  await button.waitFor();
  // The team's Spanish response comes before the built-in templates.
  await expect(templates.getByRole('button').first().textContent()).resolves.toContain('Pedido en camino');
  const search = templates.getByLabel('Search responses by title or /shortcut');
  await search.fill('/pedi');
  await expect(templates.getByRole('button').count()).resolves.toBe(1);

  const box = page.getByRole('textbox', { name: 'Your reply to the customer' });
  await box.fill('Gracias por esperar.');
  await box.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(0, 0));
  // Enter in the search inserts the first match at the reply's cursor, and sends nothing.
  await search.press('Enter');
  const filled = 'Hola Lucía, tu pedido ORD-2291 sale hoy. Importe: {{brief.amount}}.';
  await expect(box.inputValue()).resolves.toBe(`${filled} Gracias por esperar.`);

  await page.getByRole('button', { name: 'Send reply' }).click();
  const warning = page.getByTestId('placeholder-warning');
  await expect.poll(() => warning.getAttribute('role')).toBe('alert');
  await expect(warning.textContent()).resolves.toContain('Not sent: fill in {{brief.amount}}');
  const operatorTurns = async () =>
    (await baton.service.getConversation(agent, 'canned-es')).turns.filter(
      (turn) => turn.role === 'operator',
    );
  await expect(operatorTurns()).resolves.toHaveLength(0);
  expect(await auditAccessibility(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'console-canned-placeholder.png') });

  // The placeholder is selected: typing replaces it, and then the reply goes.
  await page.keyboard.type('25 €');
  await expect(box.inputValue()).resolves.toBe(
    'Hola Lucía, tu pedido ORD-2291 sale hoy. Importe: 25 €. Gracias por esperar.',
  );
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect
    .poll(async () => (await operatorTurns()).map((turn) => turn.text))
    .toEqual(['Hola Lucía, tu pedido ORD-2291 sale hoy. Importe: 25 €. Gracias por esperar.']);

  // Resolved with every answer of the form: the dashboard shows each, with its counts.
  const operator = (await baton.service.authenticate(baton.keys.ana))!;
  await baton.service.resolve(operator, handoff.id, {
    resolved: true,
    warranted: true,
    rightReason: false,
    agentCouldHaveHandled: true,
    customerRepeated: false,
  });
  await page.goto(`${baton.url}/dashboard?range=1h`);
  const answers = page.getByTestId('outcome-answers');
  const requested = answers.locator('tr[data-trigger="agent_requested"]');
  await requested.waitFor();
  const cell = (column: string) => requested.locator(`td[data-column="${column}"]`).textContent();
  await expect(cell('resolved')).resolves.toBe('100 % (1 of 1)');
  await expect(cell('right-reason')).resolves.toBe('0 % (0 of 1)');
  await expect(cell('agent-could')).resolves.toBe('100 % (1 of 1)');
  await expect(cell('repeated')).resolves.toBe('0 % (0 of 1)');
  await expect(cell('asked-again')).resolves.toBe('– (none returned)');
  // The agent's own request is a firing of its trigger, as many as its handoffs.
  const triggerRow = page.getByTestId('trigger-table').locator('tr[data-trigger="agent_requested"]');
  await expect(triggerRow.locator('td[data-column="firings"]').textContent()).resolves.toBe('1');
  // The last hour in 5-minute buckets: 12 or 13 of them (the range rarely starts on a boundary).
  const perFive = page.getByRole('figure').filter({ hasText: 'Handoffs per 5 minutes' }).first();
  await perFive.waitFor();
  const rows = await perFive.locator('tbody tr').count();
  expect([12, 13]).toContain(rows);
  const labels = await perFive.locator('tbody th').allTextContents();
  const minutes = labels.map((label) => Number(/:(\d\d)/.exec(label)?.[1]));
  for (const minute of minutes) expect(minute % 5).toBe(0);
  expect(await auditAccessibility(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'console-dashboard-outcomes.png'), fullPage: true });
  await page.context().close();
}, 120_000);

it('keeps a lead’s edit when a colleague saved first, shows theirs, and saves only when asked again', async () => {
  const root = (await baton.service.authenticate(baton.keys.admin))!;
  const created = await baton.service.createCannedResponse(root, {
    title: 'Horario',
    body: 'Abrimos de 9 a 18.',
    queue: 'general',
    language: 'es',
  });
  const lead = await signedInConsole(browser, baton, baton.keys.admin);
  await lead.goto(`${baton.url}/responses`);
  const table = lead.getByTestId('responses-table');
  await table.getByRole('button', { name: 'Edit Horario' }).click();
  const form = lead.getByRole('form', { name: 'Edit response' });
  await form.getByLabel('Text').fill('Abrimos de 8 a 20.');
  // A colleague saves another text meanwhile.
  const colleague = { ...root, name: 'Grace Lead' };
  await baton.service.updateCannedResponse(colleague, created.id, {
    title: 'Horario',
    body: 'Abrimos de 10 a 17.',
    queue: 'general',
    language: 'es',
    version: 1,
  });
  await form.getByRole('button', { name: 'Save response' }).click();
  const conflict = lead.getByTestId('conflict');
  await conflict.waitFor();
  await expect(conflict.textContent()).resolves.toContain('Grace Lead changed this response');
  await expect(conflict.textContent()).resolves.toContain('Abrimos de 10 a 17.');
  await expect(form.getByLabel('Text').inputValue()).resolves.toBe('Abrimos de 8 a 20.');
  await expect(lead.getByTestId('responses-error').textContent()).resolves.toContain('Grace Lead');
  const stored = async () =>
    (await baton.service.listCannedResponses({})).find((response) => response.id === created.id)!;
  await expect(stored()).resolves.toMatchObject({ version: 2, body: 'Abrimos de 10 a 17.' });
  expect(await auditAccessibility(lead)).toEqual([]);

  // Saving again, knowingly, replaces the colleague's version.
  await form.getByRole('button', { name: 'Save response' }).click();
  await expect.poll(async () => (await stored()).version).toBe(3);
  await expect(stored()).resolves.toMatchObject({ body: 'Abrimos de 8 a 20.', updatedBy: 'first admin' });
  await lead.context().close();
}, 60_000);
