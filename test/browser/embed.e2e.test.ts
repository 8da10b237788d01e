/**
 * End to end with the built bundle, in headless Chromium driven by
 * playwright-core (Node test; needs `npm run build`):
 * - a plain page on another, allow-listed origin with only a script tag and
 *   the tags gets three working terminals over one WebSocket;
 * - the demo page at / takes the token from the URL, paints the terminals in
 *   the theme's colour (checked on a screenshot), and after a real reload its
 *   persisted terminals are the same shells with their output redrawn;
 * - it lays the terminals out so each gets 80 columns (side by side on a wide
 *   screen, as tabs at 1280x800), focuses the first, never says "idle", and
 *   without a token or with a wrong one shows the form with one message and
 *   no terminals.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';

const BUNDLE = fileURLToPath(new URL('../../packages/elements/dist/termplex.js', import.meta.url));
const PROFILES = { default: { command: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: '$ ', HISTFILE: '/dev/null' } } };
const TIMEOUT = 20_000;

/** Lines of the index-th terminal on the page (scrollback included), right-trimmed. */
function lines(page: Page, index: number): Promise<string[]> {
  return page.evaluate((i) => {
    const buffer = (document.querySelectorAll('term-session')[i] as HTMLElement & { terminal?: import('@xterm/xterm').Terminal }).terminal?.buffer.active;
    return Array.from({ length: buffer?.length ?? 0 }, (_, y) => buffer!.getLine(y)!.translateToString(true));
  }, index);
}

async function waitForLine(page: Page, index: number, pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    for (const line of await lines(page, index)) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    if (Date.now() > deadline) assert.fail(`terminal ${index} never showed ${pattern}:\n${(await lines(page, index)).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function typeInto(page: Page, index: number, text: string): Promise<void> {
  await page.evaluate((i) => (document.querySelectorAll('term-session')[i] as HTMLElement).focus(), index);
  await page.keyboard.type(text);
}

const attachedIds = (page: Page) => page.evaluate(() => [...document.querySelectorAll('term-session')].map((s) => (s as HTMLElement & { attached: boolean }).attached && s.getAttribute('session-id')));

async function waitForAttached(page: Page, count: number): Promise<string[]> {
  await page.waitForFunction((n) => [...document.querySelectorAll('term-session')].filter((s) => (s as HTMLElement & { attached: boolean }).attached).length === n, count, { timeout: TIMEOUT });
  return (await attachedIds(page)) as string[];
}

type DemoSession = HTMLElement & { terminal?: import('@xterm/xterm').Terminal };

/** Each terminal's columns and whether it can be seen (tabs hide all but one). */
const terminalViews = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('term-session')].map((s) => ({ cols: (s as DemoSession).terminal?.cols ?? 0, visible: s.checkVisibility({ visibilityProperty: true }) })));

/** The id of the terminal holding the focus (the shadow host is the document's active element), else the active element's tag. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

/**
 * Every text the demo's connection badge shows while it can be seen, from the
 * page's first DOM mutation on (an init script, so nothing slips by before the
 * test looks).
 */
async function recordBadge(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const seen: string[] = ((window as unknown as { badgeTexts: string[] }).badgeTexts = []);
    new MutationObserver(() => {
      const badge = document.getElementById('state');
      const text = badge && !badge.hidden ? document.getElementById('state-text')?.textContent : undefined;
      if (text !== undefined && text !== seen.at(-1)) seen.push(text ?? '');
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { badgeTexts: string[] }).badgeTexts);
}

/** The colour of screenshot pixels, decoded by the browser itself. */
async function screenshotPixels(page: Page, points: Array<[number, number]>): Promise<string[]> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ([data, at]) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      return at.map(([x, y]) => `rgb(${[...context.getImageData(x, y, 1, 1).data.slice(0, 3)].join(', ')})`);
    },
    [png, points] as const,
  );
}

describe('the bundle in a real page', { timeout: 90_000 }, () => {
  let browser: Browser;
  let embed: http.Server;
  let embedOrigin: string;
  let server: TerminalServer;

  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`);
    let page = '';
    embed = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => embed.listen(0, '127.0.0.1', resolve));
    embedOrigin = `http://127.0.0.1:${(embed.address() as AddressInfo).port}`;
    server = await createTerminalServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', profiles: PROFILES, allowedOrigins: [embedOrigin], bundlePath: BUNDLE });
    page = `<!doctype html><script type="module" src="${server.url}/termplex.js"></script>
<term-connection token="${server.token}"><term-session></term-session><term-session></term-session><term-session></term-session></term-connection>`;
    browser = await chromium.launch(await launchOptions());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => embed?.close(resolve));
  });

  it('gives a plain page on another origin three working terminals over one WebSocket', async () => {
    const page = await browser.newPage();
    try {
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      await page.goto(embedOrigin);
      await waitForAttached(page, 3);
      for (let i = 0; i < 3; i++) await typeInto(page, i, `echo typed-in-$((${i} + 100))\n`);
      for (let i = 0; i < 3; i++) await waitForLine(page, i, new RegExp(`^typed-in-${i + 100}$`));
      for (let i = 0; i < 3; i++) {
        const others = (await lines(page, i)).filter((line) => /^typed-in-\d+$/.test(line));
        assert.deepEqual(others, [`typed-in-${i + 100}`]);
      }
      assert.deepEqual(sockets, [server.wsUrl]);
    } finally {
      await page.close();
    }
  });

  it('serves the demo page: token from the URL, themed first paint, and a reload keeps its shells', async () => {
    // Wide enough for two columns of 80: the three terminals side by side.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      const badge = await recordBadge(page);
      await page.goto(`${server.url}/#token=${server.token}`);
      const ids = await waitForAttached(page, 3);
      assert.equal(new URL(page.url()).hash, '', 'the token must leave the address bar');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('termplex:token')), server.token);
      assert.equal(await page.textContent('#state-text'), 'open');
      const shown = await badge();
      assert.equal(shown[0], 'connecting', `the badge says "connecting" until the state changes: ${shown}`);
      assert.ok(!shown.includes('idle'), `never "idle": ${shown}`);
      // The page focuses it when the connection opens, which is before the sessions attach.
      assert.equal(await focused(page), 'left', 'the first terminal has the focus once connected');
      for (const view of await terminalViews(page)) {
        assert.ok(view.visible && view.cols >= 80, `every terminal is shown with 80 columns or more: ${JSON.stringify(await terminalViews(page))}`);
      }

      // Sample the empty lower part of each terminal on a real screenshot: the theme colour, never white.
      const boxes = await page.evaluate(() => [...document.querySelectorAll('term-session')].map((s) => s.getBoundingClientRect().toJSON() as DOMRect));
      const points = boxes.map((b): [number, number] => [Math.round(b.x + b.width / 2), Math.round(b.bottom - 20)]);
      assert.equal(new Set(points.map(String)).size, 3, 'three terminals, three places');
      const pixels = await screenshotPixels(page, points);
      assert.deepEqual(pixels, ['rgb(30, 30, 46)', 'rgb(30, 30, 46)', 'rgb(30, 30, 46)']);

      await typeInto(page, 0, 'echo before-reload-pid-$$\n');
      const [, pid] = await waitForLine(page, 0, /^before-reload-pid-(\d+)$/);
      const sessionsBefore = (await server.listSessions()).length;
      const started = Date.now();
      await page.reload();
      assert.deepEqual(await waitForAttached(page, 3), ids);
      await waitForLine(page, 0, /^before-reload-pid-\d+$/);
      console.log(`# reload: re-attached and earlier output redrawn in ${Date.now() - started} ms`);
      await typeInto(page, 0, 'echo after-reload-pid-$$\n');
      const [, samePid] = await waitForLine(page, 0, /^after-reload-pid-(\d+)$/);
      assert.equal(samePid, pid);
      assert.equal((await server.listSessions()).length, sessionsBefore, 'the reload must not start new sessions');
    } finally {
      await page.close();
    }
  });

  it('gives each demo terminal the whole width at 1280x800, one tab at a time, so top is not cut', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await waitForAttached(page, 3);
      assert.equal(await focused(page), 'left');
      const views = await terminalViews(page);
      assert.deepEqual(views.map((v) => v.visible), [true, false, false], 'one terminal shows, the first');
      assert.ok(views[0].cols >= 80, `the terminal has ${views[0].cols} columns`);

      // top's first line ends with the third load average: cut, it would end early.
      await page.keyboard.type('top\n');
      await waitForLine(page, 0, /^top - .* load average: [\d.]+, [\d.]+, [\d.]+$/);
      await page.keyboard.type('q');

      // The second tab shows the second terminal, at the same size, with the focus in it.
      await page.getByRole('tab', { name: 'Terminal 2' }).click();
      const after = await terminalViews(page);
      assert.deepEqual(after.map((v) => v.visible), [false, true, false]);
      assert.equal(after[1].cols, views[0].cols);
      assert.equal(await focused(page), 'middle');

      // The tab and the pane take the title the program sets.
      await page.keyboard.type(`printf '\\033]0;%s\\007' demo-title-$((6 * 7))\n`);
      await page.getByRole('tab', { name: 'demo-title-42' }).waitFor({ timeout: TIMEOUT });
      assert.equal(await page.getAttribute('#middle', 'terminal-title'), 'demo-title-42');
    } finally {
      await page.close();
    }
  });

  it('shows the demo page without a token as a form, with no terminals and no socket', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      const badge = await recordBadge(page);
      await page.goto(`${server.url}/`);
      await page.locator('#token-input').waitFor({ state: 'visible', timeout: TIMEOUT });
      assert.equal(await focused(page), 'token-input');
      assert.equal(await page.locator('term-session, term-connection').count(), 0);
      assert.deepEqual(await badge(), [], 'no badge before there is something to connect');
      assert.deepEqual(sockets, []);
    } finally {
      await page.close();
    }
  });

  it('answers a wrong token on the demo page with one message by the form, then connects with the right one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      const badge = await recordBadge(page);
      const refusal = page.getByText(/refused/i).filter({ visible: true });
      const expectOneRefusal = async () => {
        await page.locator('#token-hint', { hasText: 'The server refused that token' }).waitFor({ timeout: TIMEOUT });
        await page.locator('#token-form').waitFor({ state: 'visible' });
        assert.equal(await refusal.count(), 1, `one message: ${await refusal.allTextContents()}`);
        assert.equal(await page.getByRole('button', { name: 'Retry' }).filter({ visible: true }).count(), 0, 'no Retry panels');
        assert.equal(await page.locator('term-session').filter({ visible: true }).count(), 0, 'no terminals');
        assert.equal(await page.evaluate(() => sessionStorage.getItem('termplex:token')), null, 'a refused token is not kept');
      };

      await page.goto(`${server.url}/#token=not-the-token`);
      await expectOneRefusal();
      assert.ok(!(await badge()).includes('idle'), `badge: ${await badge()}`);

      // A second wrong one: still one message, not a second.
      await page.evaluate(() => {
        const counter = window as unknown as { refusals: number };
        counter.refusals = 0;
        document.getElementById('connection')!.addEventListener('term-connection-state', (event) => {
          if ((event as CustomEvent<{ state: string }>).detail.state === 'failed') counter.refusals++;
        });
      });
      await page.fill('#token-input', 'still-not-it');
      await page.press('#token-input', 'Enter');
      await page.waitForFunction(() => (window as unknown as { refusals: number }).refusals === 1, null, { timeout: TIMEOUT });
      await expectOneRefusal();

      await page.fill('#token-input', server.token);
      await page.press('#token-input', 'Enter');
      await waitForAttached(page, 3);
      assert.equal(await focused(page), 'left');
      assert.equal(await page.locator('#token-form').isVisible(), false);
      assert.equal(await page.textContent('#state-text'), 'open');
      assert.equal(await refusal.count(), 0);
    } finally {
      await page.close();
    }
  });
});
