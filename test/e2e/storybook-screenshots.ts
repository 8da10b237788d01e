#!/usr/bin/env node
/**
 * Screenshots of every story, to look at them the way a user would.
 *
 *   node --import tsx test/e2e/storybook-screenshots.ts STORYBOOK_URL [OUT_DIR] [STORY_ID_FILTER]
 *
 * STORYBOOK_URL is a running `npm run storybook` (or a served static build).
 * Each story's frame is opened on its own, given a moment for the shell to
 * print its prompt, and saved as OUT_DIR/<story-id>.png (default
 * ./storybook-screenshots). Docs pages are skipped.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';

const [base, out = 'storybook-screenshots', filter = ''] = process.argv.slice(2);
if (!base) {
  console.error('usage: node --import tsx test/e2e/storybook-screenshots.ts STORYBOOK_URL [OUT_DIR] [STORY_ID_FILTER]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
}
const index = (await (await fetch(new URL('index.json', base))).json()) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story' && entry.id.includes(filter));
const browser = await chromium.launch(await launchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  for (const story of stories) {
    await page.goto(new URL(`iframe.html?id=${story.id}&viewMode=story`, base).href);
    await page.waitForSelector('#storybook-root term-session, #storybook-root term-connection', { timeout: 15_000 });
    // Long enough for a login shell's prompt and a few seconds of a story's script.
    await sleep(4000);
    const file = path.join(out, `${story.id}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
} finally {
  await browser.close();
}
