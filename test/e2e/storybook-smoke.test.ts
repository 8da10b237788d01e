/**
 * Storybook, end to end, in headless Chromium:
 *  - `npm run build-storybook` works (into a temp folder) and lists every
 *    scenario; in that static build, with no server anywhere, a live story
 *    plays recorded terminal output (labelled as a recording), and a
 *    failed-connection story shows its overlay with the reason.
 *  - `npm run storybook` (stories/serve.ts) starts the reference server and
 *    Storybook together; three terminals on one socket reach real shells;
 *    stopping it stops both servers.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { storybookBin } from '../../stories/support/storybook-bin.js';
import { launchOptions } from '../support/chromium.mjs';
import { exited, isListening, stopProcess, waitForLine } from './processes.js';
import { serveFolder } from './static-server.js';
import { terminalLines, typeInto, waitForConnectionState, waitForTerminalLine, waitForXterm } from './terminal-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'termplex-storybook-'));
let browser: Browser | undefined;

/** Every scenario issue 6 asks for, by story id. */
const SCENARIOS = [
  'elements-term-session--single-terminal',
  'elements-term-connection--three-terminals',
  'scenarios-themes--dark',
  'scenarios-themes--light',
  'scenarios-themes--custom-palette',
  'scenarios-shared-session--read-only-viewer',
  'scenarios-connection-states--connecting',
  'scenarios-connection-states--reconnecting',
  'scenarios-connection-states--failed-unreachable',
  'scenarios-session-lifecycle--session-exits',
  'scenarios-session-lifecycle--unknown-session',
  'elements-term-player--playing',
  'elements-term-player--bad-file',
];

/** A Storybook environment without the live-server hand-over, as on a fresh shell. */
function storybookEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' };
  delete env.TERMPLEX_STORYBOOK_SERVER;
  return env;
}

async function openStory(base: string, id: string): Promise<{ page: Page; errors: string[] }> {
  browser ??= await chromium.launch(await launchOptions());
  const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(`iframe.html?id=${id}&viewMode=story`, base).href);
  return { page, errors };
}

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

test('the static build plays recorded terminals where a story needs a server, and shows failed states where that is the story', { timeout: 180_000 }, async () => {
  const out = path.join(work, 'storybook-static');
  const build = spawn(process.execPath, [storybookBin(), 'build', '-o', out, '--quiet'], { cwd: root, env: storybookEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  build.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  await exited(build);
  assert.equal(build.exitCode, 0, `storybook build failed:\n${stderr}`);

  const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as { entries: Record<string, { type: string }> };
  for (const id of SCENARIOS) assert.equal(index.entries[id]?.type, 'story', `story ${id} is missing from the build`);
  assert.ok(Object.values(index.entries).some((entry) => entry.type === 'docs'), 'the build has no docs pages');

  const site = await serveFolder(out);
  try {
    // With no server, a live story plays the recording of a real session in place of each terminal, labelled as one.
    const live = await openStory(site.url, 'elements-term-session--single-terminal');
    await live.page.waitForFunction(() => {
      const player = document.querySelector('term-player') as (HTMLElement & { terminal?: { buffer: { active: { length: number; getLine(y: number): { translateToString(): string } | undefined } } } }) | null;
      const buffer = player?.terminal?.buffer.active;
      for (let y = 0; y < (buffer?.length ?? 0); y++) if (buffer!.getLine(y)?.translateToString().includes('Hello from a real shell, recorded')) return true;
      return false;
    }, undefined, { timeout: 30_000 });
    assert.equal(await live.page.locator('term-session').count(), 0, 'the live terminal gave way to the recording');
    assert.match(await live.page.locator('figure.recording figcaption').innerText(), /Recording of a real session/);
    assert.match(await live.page.locator('.no-server').innerText(), /No termplex server.*recordings of real sessions/s);
    assert.deepEqual(live.errors, []);
    await live.page.close();

    // A scenario about a failed connection still shows it: a clear failed state, not a recording.
    const { page, errors } = await openStory(site.url, 'scenarios-connection-states--failed-unreachable');
    await waitForXterm(page);
    await waitForConnectionState(page, 'failed');
    const overlay = await page.evaluate(() => document.querySelector('term-session')!.shadowRoot!.querySelector('[part~="overlay"]')?.textContent ?? '');
    assert.match(overlay, /TERMPLEX_ERR_CONNECTION_FAILED/);
    assert.match(overlay, /Retry/);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await site.close();
  }
});

test('npm run storybook serves live terminals on one socket and stops its server with it', { timeout: 180_000 }, async () => {
  const serve: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'stories/serve.ts', '--ci'], {
    cwd: root,
    env: storybookEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stderr!.resume();
  try {
    const serverLine = await waitForLine(serve, /^termplex server for the stories: http:\/\/127\.0\.0\.1:\d+\//, 60_000);
    const serverPort = Number(/:(\d+)\//.exec(serverLine)![1]);
    const storybookLine = await waitForLine(serve, /Local:\s+http:\/\/127\.0\.0\.1:\d+\//, 120_000);
    const base = /http:\/\/127\.0\.0\.1:\d+\//.exec(storybookLine)![0];
    const storybookPort = Number(new URL(base).port);

    browser ??= await chromium.launch(await launchOptions());
    const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(new URL('iframe.html?id=elements-term-connection--three-terminals&viewMode=story', base).href);
    for (const i of [0, 1, 2]) await waitForXterm(page, i, 60_000);
    await waitForConnectionState(page, 'open');
    await typeInto(page, 'echo story-$((6*7))\n', 1);
    await waitForTerminalLine(page, 'story-42', 1);
    for (const other of [0, 2]) assert.ok(!(await terminalLines(page, other)).some((line) => line.includes('story-42')), `terminal ${other} got another's output`);
    assert.deepEqual(sockets.filter((url) => url.endsWith('/termplex')), [`ws://127.0.0.1:${serverPort}/termplex`]);
    await page.close();

    await stopProcess(serve);
    assert.equal(await isListening(serverPort), false, 'the termplex server outlived Storybook');
    assert.equal(await isListening(storybookPort), false, 'Storybook is still listening');
  } finally {
    await stopProcess(serve);
  }
});
