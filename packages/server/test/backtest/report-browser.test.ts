/**
 * The backtest's HTML report, opened in a real browser (Debian's Chromium through playwright-core):
 * it renders its charts from the file alone, asks the network for nothing, and logs no error.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { CHROMIUM, chromiumMissing } from '../../../../scripts/test/chromium.ts';
import { batonCli, root } from './cli.ts';

const POLICY_B = `version: only-requests
triggers:
  - id: customer-asks-for-person
    when: { signal: human_request, gte: 0.5 }
    action: handoff
`;

it('renders the comparison report with its charts, offline', async (context) => {
  // No browser comes through npm: without one, the test is reported as skipped with the command to add it.
  const missing = chromiumMissing();
  context.skip(missing !== null, missing ?? undefined);
  const folder = await mkdtemp(join(tmpdir(), 'baton-report-'));
  await writeFile(join(folder, 'b.yaml'), POLICY_B);
  const out = join(folder, 'report.html');
  const { code, stderr } = await batonCli([
    'replay',
    join(root, 'examples/conversations.jsonl'),
    '--compare',
    join(folder, 'b.yaml'),
    '--format',
    'html',
    '--out',
    out,
  ]);
  expect(code, stderr).toBe(0);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(out).href);

    const charts = await page.locator('svg').count();
    expect(charts).toBeGreaterThan(0);
    const box = await page.locator('svg').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(50);
    expect(box?.height ?? 0).toBeGreaterThan(20);
    // Bars are drawn: the first chart holds shapes with a real size.
    const bars = await page.locator('svg rect').count();
    expect(bars).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain('customer-asks-for-person');
    expect(text).toContain('only-requests');
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);

    await mkdir(join(root, '.test-results'), { recursive: true });
    await page.screenshot({ path: join(root, '.test-results/backtest-report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
