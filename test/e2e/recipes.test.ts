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
import { assertCleanPage, nodeAtLeast, openRecipePage, startCmsPage, startRecipe, type RecipeBuild } from './recipes.js';
import { typeInto, waitForConnectionState, waitForTerminalLine, waitForXterm } from './terminal-page.js';

let browser: Browser;

/**
 * The page every framework recipe renders: the connection's state (from its
 * event) in #state, the exit code "exited with N" in a <p> in <main>. Typing
 * `echo WORD-$((6*7))` must show WORD-42.
 */
async function checkRecipePage(build: RecipeBuild, word: string): Promise<void> {
  const site = await startRecipe(build);
  try {
    const opened = await openRecipePage(browser, site.pageUrl);
    const { page } = opened;
    await waitForConnectionState(page, 'open');
    await waitForXterm(page);
    // The framework rendered the state the element's event carried.
    await page.waitForFunction(() => document.querySelector('#state')?.textContent === 'open');
    await typeInto(page, `echo ${word}-$((6*7))\n`);
    await waitForTerminalLine(page, `${word}-42`);
    await typeInto(page, 'exit 3\n');
    await page.waitForFunction(() => document.querySelector('main p')?.textContent?.includes('exited with 3'));
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    assertCleanPage(opened, site);
    await page.close();
  } finally {
    await site.close();
  }
}

describe('framework recipes', { timeout: 180_000 }, () => {
  before(async () => {
    browser = await chromium.launch(await launchOptions());
  });
  after(() => browser?.close());

  it('react-vite: a React 19 app built by Vite, with props and events in TSX', () =>
    checkRecipePage({
      recipe: 'react-vite',
      build: { bin: 'vite', args: ['build'] },
      output: 'dist',
      env: (socketUrl) => ({ VITE_TERMPLEX_URL: socketUrl }),
    }, 'react'));

  const vueVite = (mode: 'production' | 'development'): RecipeBuild => ({
    recipe: 'vue-vite',
    build: { bin: 'vite', args: ['build', '--mode', mode] },
    output: 'dist',
    env: (socketUrl) => ({ VITE_TERMPLEX_URL: socketUrl, NODE_ENV: mode }),
  });

  it('vue-vite: a Vue 3 app built by Vite, the elements as custom elements in a template', () =>
    checkRecipePage(vueVite('production'), 'vue'));

  // Vue's production build drops its warnings, and it creates a tag it failed
  // to resolve as a component as an element all the same: built for
  // development, a tag Vue took for a component (no isCustomElement) is a warning.
  it('vue-vite, built for development: Vue logs no warning either', async () => {
    const site = await startRecipe(vueVite('development'));
    try {
      const opened = await openRecipePage(browser, site.pageUrl);
      await waitForConnectionState(opened.page, 'open');
      await opened.page.waitForFunction(() => document.querySelector('#state')?.textContent === 'open');
      // Lit's development build says it is one; that is the only warning allowed.
      opened.problems = opened.problems.filter((p) => !p.startsWith('console.warning: Lit is in dev mode.'));
      assertCleanPage(opened, site);
      await opened.page.close();
    } finally {
      await site.close();
    }
  });

  it('vitepress: a VitePress site, prerendered, a live terminal on a page after hydration', () =>
    checkRecipePage({
      recipe: 'vitepress',
      build: { bin: 'vitepress', args: ['build', 'docs'] },
      output: 'docs/.vitepress/dist',
      page: 'try.html',
      env: (socketUrl) => ({ VITE_TERMPLEX_URL: socketUrl }),
    }, 'vitepress'));

  it('astro: an Astro 7 static site, the elements imported in a bundled client script', {
    skip: nodeAtLeast(22, 12) ? false : `Astro 7 needs Node >= 22.12; this is ${process.version} (CI also runs the suite on Node 22 and 24)`,
  }, () =>
    checkRecipePage({
      recipe: 'astro',
      build: { bin: 'astro', args: ['build'] },
      output: 'dist',
      env: (socketUrl) => ({ PUBLIC_TERMPLEX_URL: socketUrl, ASTRO_TELEMETRY_DISABLED: '1' }),
    }, 'astro'));

  it('cms-page: a pasted snippet under a hardened CSP, across instant navigation, pasted twice', async () => {
    const site = await startCmsPage();
    try {
      const opened = await openRecipePage(browser, site.pageUrl);
      const { page } = opened;
      await waitForConnectionState(page, 'open');
      await waitForXterm(page);
      // In 24-bit colour: xterm.js gives such cells a style attribute, which the CSP must allow too.
      await typeInto(page, "printf '\\033[38;2;200;30;30m%s\\033[0m\\n' cms-$((6*7))\n");
      await waitForTerminalLine(page, 'cms-42');
      assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');

      // The theme swaps the article in: the old terminal goes, two pasted ones arrive late.
      await page.click('header a[href="/articles/second"]');
      await page.waitForFunction(() => document.title.startsWith('Two terminals') && document.querySelectorAll('term-session').length === 2);
      for (const index of [0, 1]) {
        await waitForConnectionState(page, 'open', index);
        await waitForXterm(page, index);
        await typeInto(page, `echo paste-${index}-$((${index}+40))\n`, index);
        await waitForTerminalLine(page, `paste-${index}-${index + 40}`, index);
      }
      assert.equal(await page.evaluate(() => document.querySelectorAll('script[src$="/termplex.js"]').length), 2, 'both pastes are on the page');

      // Back (popstate): the first article again, with a new terminal.
      await page.goBack();
      await page.waitForFunction(() => document.title.startsWith('Try the shell') && document.querySelectorAll('term-session').length === 1);
      await waitForConnectionState(page, 'open');
      await waitForXterm(page);
      await typeInto(page, 'echo back-$((6*7))\n');
      await waitForTerminalLine(page, 'back-42');

      assert.deepEqual(opened.problems, []);
      // One socket per <term-connection> created: one, then two, then one.
      assert.deepEqual(opened.sockets, Array(4).fill(site.socketUrl));
      await page.close();
    } finally {
      await site.close();
    }
  });
});
