import { chromium } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
const [base, id] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage();
page.on('response', (r) => { const u = r.url(); if (r.status() >= 400) console.log(r.status(), u); });
await page.goto(`${base}iframe.html?id=${id}&viewMode=story`);
await page.waitForTimeout(3000);
await browser.close();
