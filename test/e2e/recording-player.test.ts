/**
 * A recording plays in the reference player and in ours: a real session
 * recorded by a real server (--record's option), loaded into
 * asciinema-player (from npm) and into <term-player> (the built bundle) in
 * headless Chromium, ends on the same screen as a terminal that received
 * the session's output live.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { chromium, type Browser } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
import { screenOf } from '../support/screen.js';
import { TEST_PROFILES, TestClient, eventually } from '../support/server-test-client.js';
import { serveFolder, type StaticServer } from './static-server.js';

const TOKEN = 'player-token';
const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const playerDist = path.dirname(require.resolve('asciinema-player/dist/bundle/asciinema-player.min.js'));

let work: string;
let server: TerminalServer;
let site: StaticServer;
let browser: Browser;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'termplex-player-'));
  server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES, record: path.join(work, 'casts') });
  site = await serveFolder(work);
  browser = await chromium.launch(await launchOptions());
});
after(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

it('a recorded session plays in asciinema-player and in <term-player> to the screen the terminal showed', { timeout: 60_000 }, async () => {
  const cols = 60;
  const rows = 12;
  const client = await TestClient.open(server.wsUrl, TOKEN);
  const opened = await client.openSession({ profile: 'sh', cols, rows });
  await client.waitForText(opened.channel, '$ ');
  // Scrolling, a clear, colours, wide characters, a cursor move: the screen is the sum of all of it.
  client.input(opened.channel, "seq 1 40; printf '\\033[2J\\033[Hfirst line\\n\\033[31mred\\033[0m caf\\303\\251 \\346\\227\\245\\346\\234\\254\\n\\033[5;10Hplaced'; echo; echo done-$((6*7))\r");
  await client.waitForText(opened.channel, 'done-42');
  client.input(opened.channel, 'exit\r');
  await client.next('exit', (m) => m.channel === opened.channel);
  const live = await screenOf([client.bytes(opened.channel)], cols, rows);
  await client.close();
  const cast = path.join(work, 'casts', `${opened.sessionId}.cast`);
  await eventually(async () => (await fetch(`${site.url}casts/${opened.sessionId}.cast`)).text().then((t) => t.includes('done-42') && t.trimEnd().split('\n').length > 3), 'the recording on disk');

  copyFileSync(path.join(playerDist, 'asciinema-player.min.js'), path.join(work, 'player.js'));
  copyFileSync(path.join(playerDist, 'asciinema-player.css'), path.join(work, 'player.css'));
  copyFileSync(path.join(root, 'packages/elements/dist/termplex.js'), path.join(work, 'termplex.js'));
  writeFileSync(path.join(work, 'index.html'), `<!doctype html><link rel="stylesheet" href="player.css"><div id="player"></div><script src="player.js"></script>
<script>
  window.player = AsciinemaPlayer.create('casts/${path.basename(cast)}', document.getElementById('player'), { autoPlay: true, speed: 50, idleTimeLimit: 0.1 });
  window.ended = new Promise((resolve) => window.player.addEventListener('ended', resolve));
</script>`);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(site.url);
  await page.evaluate(() => (window as unknown as { ended: Promise<void> }).ended);
  // The player draws each row as a line element; read them back as text.
  const played = await page.evaluate(() => [...document.querySelectorAll('.ap-term .ap-line, .ap-terminal .ap-line')].map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
  await page.close();
  assert.deepEqual(errors, []);
  assert.ok(live.rows.includes('done-42'), `the live screen: ${JSON.stringify(live.rows)}`);
  assert.deepEqual(played, live.rows, 'asciinema-player');

  writeFileSync(path.join(work, 'ours.html'), `<!doctype html><script type="module" src="termplex.js"></script><term-player src="casts/${path.basename(cast)}"></term-player>`);
  const ours = await browser.newPage();
  const oursErrors: string[] = [];
  ours.on('pageerror', (error) => oursErrors.push(error.message));
  await ours.goto(`${site.url}ours.html`);
  await ours.waitForFunction(() => (document.querySelector('term-player') as unknown as { duration: number } | null)?.duration! > 0, undefined, { timeout: 20_000 });
  const shown = await ours.evaluate(async () => {
    type Player = HTMLElement & { duration: number; seek(s: number): Promise<void>; terminal: { rows: number; buffer: { active: { viewportY: number; getLine(y: number): { translateToString(trim: boolean): string } | undefined } } } };
    const player = document.querySelector('term-player') as Player;
    await player.seek(player.duration);
    const buffer = player.terminal.buffer.active;
    return Array.from({ length: player.terminal.rows }, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  });
  await ours.close();
  assert.deepEqual(oursErrors, []);
  assert.deepEqual(shown, live.rows, '<term-player>');
});
