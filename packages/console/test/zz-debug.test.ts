import { it } from 'vitest';
import { launchBrowser, startBaton } from '/work/main/packages/console/test/browser-harness.ts';
it('debug', async () => {
  const baton = await startBaton();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  page.on('response', (r) => console.log('response:', r.status(), r.url()));
  await page.goto(`${baton.url}/demo`);
  await page.waitForTimeout(2000);
  console.log((await page.content()).slice(0, 3000));
  await browser.close(); await baton.close();
}, 60000);
