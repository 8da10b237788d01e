import { chromium } from 'playwright-core';
import { launchOptions } from '/work/main/test/support/chromium.mjs';
const [base, id, wait = '6000', type] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
page.on('console', (m) => console.log('console:', m.type(), m.text(), JSON.stringify(m.location())));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(`${base}iframe.html?id=${id}&viewMode=story`);
await page.waitForTimeout(Number(wait));
if (type) {
  await page.evaluate(() => document.querySelector('term-session').focus());
  await page.keyboard.type(type);
  await page.waitForTimeout(1500);
}
const dump = await page.evaluate(() => [...document.querySelectorAll('term-session')].map((s) => {
  const b = s.terminal?.buffer.active; const lines = [];
  for (let y = 0; y < (b?.length ?? 0); y++) { const t = b.getLine(y).translateToString(true); if (t.trim()) lines.push(t); }
  return { label: s.getAttribute('label'), id: s.getAttribute('session-id'), cols: s.terminal?.cols, rows: s.terminal?.rows, lines };
}));
console.log(JSON.stringify(dump, null, 1));
await page.screenshot({ path: '/tmp/probe.png' });
await browser.close();
