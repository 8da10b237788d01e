import { chromium } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
const [base, id] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage();
const t0 = Date.now();
page.on('websocket', (ws) => { console.log(Date.now() - t0, 'ws', ws.url()); ws.on('close', () => console.log(Date.now() - t0, 'ws close')); ws.on('socketerror', (e) => console.log(Date.now() - t0, 'ws error', e)); });
page.on('console', (m) => console.log(Date.now() - t0, 'console', m.text().slice(0, 200)));
await page.goto(`${base}iframe.html?id=${id}&viewMode=story`);
for (let i = 0; i < 12; i++) {
  await page.waitForTimeout(1000);
  console.log(Date.now() - t0, await page.evaluate(() => document.querySelector('term-connection')?.getAttribute('state')));
}
await browser.close();
