/**
 * End to end with the built bundle, in headless Chromium driven by
 * playwright-core (Node test; needs `npm run build`):
 * - a plain page on another, allow-listed origin with only a script tag and
 *   the tags gets three working terminals over one WebSocket;
 * - the demo page at / takes the token from the URL, paints the terminals in
 *   the theme's colour (checked on a screenshot), and after a real reload its
 *   persisted terminals are the same shells with their output redrawn.
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
    browser = await chromium.launch(launchOptions());
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
    const page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      const ids = await waitForAttached(page, 3);
      assert.equal(new URL(page.url()).hash, '', 'the token must leave the address bar');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('termplex:token')), server.token);
      assert.equal(await page.textContent('#state-text'), 'open');

      // Sample the empty lower part of each terminal on a real screenshot: the theme colour, never white.
      const boxes = await page.evaluate(() => [...document.querySelectorAll('term-session')].map((s) => s.getBoundingClientRect().toJSON() as DOMRect));
      const pixels = await screenshotPixels(page, boxes.map((b) => [Math.round(b.x + b.width / 2), Math.round(b.bottom - 20)]));
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
});
