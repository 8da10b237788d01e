/**
 * The framework recipes in examples/ (React with Vite, Vue with Vite,
 * VitePress, Astro, a CMS page), each built with its framework's own build,
 * served as static files and driven in headless Chromium against a real
 * terminal server: the terminal connects, typing reaches a shell, and the page
 * logs no error or warning (a hydration mismatch would be one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
import { assertCleanPage, openRecipePage, startRecipe } from './recipes.js';
import { typeInto, waitForConnectionState, waitForTerminalLine, waitForXterm } from './terminal-page.js';

let browser: Browser;

describe('framework recipes', { timeout: 180_000 }, () => {
  before(async () => {
    browser = await chromium.launch(await launchOptions());
  });
  after(() => browser?.close());

  it('react-vite: a React 19 app built by Vite, with props and events in TSX', async () => {
    const site = await startRecipe({
      recipe: 'react-vite',
      build: { bin: 'vite', args: ['build'] },
      output: 'dist',
      env: (socketUrl) => ({ VITE_TERMPLEX_URL: socketUrl }),
    });
    try {
      const opened = await openRecipePage(browser, site.pageUrl);
      const { page } = opened;
      await waitForConnectionState(page, 'open');
      await waitForXterm(page);
      // React rendered the state the element's event carried.
      await page.waitForFunction(() => document.querySelector('#state')?.textContent === 'open');
      await typeInto(page, 'echo react-$((6*7))\n');
      await waitForTerminalLine(page, 'react-42');
      await typeInto(page, 'exit 3\n');
      await page.waitForFunction(() => document.querySelector('main p')?.textContent?.includes('exited with 3'));
      assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
      assertCleanPage(opened, site);
      await page.close();
    } finally {
      await site.close();
    }
  });

  // (vue-vite and vitepress recipes)

  // (astro and cms-page recipes)
});
