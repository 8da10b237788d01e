import { chromium } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
const [base, id] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
await page.goto(`${base}iframe.html?id=${id}&viewMode=story`);
await page.waitForTimeout(4000);
const info = await page.evaluate(() => {
  const s = document.querySelector('term-session');
  const r = (el) => { const b = el.getBoundingClientRect(); return `${el.className || el.localName} ${Math.round(b.top)}..${Math.round(b.bottom)} x ${Math.round(b.left)}..${Math.round(b.right)}`; };
  const out = [r(s)];
  for (const el of s.shadowRoot.querySelectorAll('[part=terminal], .xterm-host, .xterm, .xterm-viewport, .xterm-screen, .xterm-scrollable-element, .scrollbar, .xterm-decoration-container, canvas')) out.push(r(el) + ' ' + getComputedStyle(el).backgroundColor);
  return out;
});
console.log(info.join('\n'));
const box = await page.evaluate(() => { const b = document.querySelector('term-session').getBoundingClientRect(); return { x: b.left, y: b.bottom - 40, width: 300, height: 40 }; });
await page.screenshot({ path: '/tmp/bottom.png', clip: box });
await browser.close();
