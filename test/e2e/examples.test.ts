/**
 * Every example in examples/ runs as its README says (plain `node`, the
 * built packages), and its page works in headless Chromium: terminals
 * connect, typing reaches a real shell, and stopping the example ends it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
import { isListening, stopProcess, waitForLine } from './processes.js';
import { terminalLines, typeInto, waitForConnectionState, waitForTerminalLine, waitForXterm } from './terminal-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = ['packages/server/dist/index.js', 'packages/server/dist/cli.js', 'packages/elements/dist/termplex.js'];
const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\S*$/;

let browser: Browser;
const running = new Set<ChildProcess>();

/** Starts `node FILE args` as the examples' README says, with PORT=0; resolves with the URL it prints. */
async function start(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [file, ...args], { cwd: root, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = await waitForLine(child, URL_LINE, 30_000);
  return { child, url };
}

/** Stops an example with SIGTERM as Ctrl-C would, and checks it went cleanly and let go of its port. */
async function stop(child: ChildProcess, url: string): Promise<void> {
  await stopProcess(child);
  assert.equal(child.exitCode, 0, `example exited with ${child.signalCode ?? child.exitCode}`);
  assert.equal(await isListening(Number(new URL(url).port)), false);
}

async function open(url: string): Promise<{ page: Page; errors: string[]; sockets: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const errors: string[] = [];
  const sockets: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(url);
  return { page, errors, sockets };
}

describe('examples', { timeout: 120_000 }, () => {
  before(async () => {
    for (const file of BUILT) assert.ok(existsSync(`${root}/${file}`), `${file} is missing: run npm run build (npm install does)`);
    browser = await chromium.launch(await launchOptions());
  });

  after(async () => {
    for (const child of running) await stopProcess(child);
    await browser?.close();
  });

  it('express-app: two terminals on the app page, a shell that answers and top', async () => {
    const { child, url } = await start('examples/express-app/server.mjs');
    const { page, errors, sockets } = await open(url);
    await waitForConnectionState(page, 'open');
    await waitForXterm(page, 0);
    await waitForXterm(page, 1);
    await typeInto(page, 'echo express-$((6*7))\n', 0);
    await waitForTerminalLine(page, 'express-42', 0);
    // `top` draws its header line once it runs.
    await waitForTerminalLine(page, /^top - /, 1);
    assert.deepEqual(sockets, [url.replace(/^http/, 'ws').replace(/\/$/, '/termplex')]);
    assert.deepEqual(errors, []);
    await page.close();
    await stop(child, url);
  });

  it('plain-http: the node:http app page gets a working terminal', async () => {
    const { child, url } = await start('examples/plain-http/server.mjs');
    const { page, errors } = await open(url);
    await waitForConnectionState(page, 'open');
    await typeInto(page, 'echo plain-$((6*7))\n');
    await waitForTerminalLine(page, 'plain-42');
    assert.deepEqual(errors, []);
    // Requests that are not termplex's or the app's fall through to the app's 404.
    assert.equal((await fetch(new URL('/nope', url))).status, 404);
    assert.equal((await fetch(new URL('/healthz', url))).status, 200);
    await page.close();
    await stop(child, url);
  });

  it('two-servers: each connection reaches its own server', async () => {
    const { child, url } = await start('examples/two-servers/server.mjs');
    const { page, errors, sockets } = await open(url);
    await waitForConnectionState(page, 'open', 0);
    await waitForConnectionState(page, 'open', 1);
    // Terminals 0 and 1 sit in "alpha", terminal 2 in "beta"; each prompt names its server.
    await typeInto(page, 'echo one-$((6*7))\n', 1);
    await waitForTerminalLine(page, 'one-42', 1);
    await typeInto(page, 'echo two-$((6*7))\n', 2);
    await waitForTerminalLine(page, 'two-42', 2);
    assert.ok((await terminalLines(page, 1)).some((line) => line.startsWith('alpha$ ')), 'alpha prompt');
    assert.ok((await terminalLines(page, 2)).some((line) => line.startsWith('beta$ ')), 'beta prompt');
    assert.equal(new Set(sockets).size, 2, `expected one socket per server, saw ${JSON.stringify(sockets)}`);
    assert.deepEqual(errors, []);
    await page.close();
    await stop(child, url);
  });

  it('static-page: the page, as served, talks to a server on another origin with the token from its fragment', async () => {
    const page$ = await start('examples/static-page/serve.mjs');
    const served = await (await fetch(page$.url)).text();
    assert.equal(served, readFileSync(`${root}/examples/static-page/index.html`, 'utf8'));

    // The page names port 7681; this test's server has a free port, so a copy of
    // the page with only that number changed is served from a second origin.
    const copy = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => copy.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(copy.address() as AddressInfo).port}`;
    const cli = await start('packages/server/bin/termplex-server.mjs', ['--port', '0', '--allow-origin', origin, '--log-level', 'warn']);
    const port = new URL(cli.url).port;
    const token = new URL(cli.url).hash.replace('#token=', '');
    assert.ok(token.length > 20, 'the CLI printed a generated token in the URL fragment');
    const html = served.replaceAll('127.0.0.1:7681', `127.0.0.1:${port}`);
    try {
      const { page, errors } = await open(`${origin}/#token=${token}`);
      await waitForConnectionState(page, 'open');
      assert.equal(new URL(page.url()).hash, '', 'the token was removed from the address bar');
      await typeInto(page, 'echo static-$((6*7))\n', 1);
      await waitForTerminalLine(page, 'static-42', 1);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await new Promise<void>((resolve) => copy.close(() => resolve()));
    }
    await stop(cli.child, cli.url);
    await stop(page$.child, page$.url);
  });
  it('public-docs: two visitors with only tickets each get their own sandboxed shell, and cannot reach the other\'s', async (t) => {
    if (!existsSync('/usr/bin/bwrap')) return t.skip('bubblewrap is not installed (apt-get install bubblewrap): the example refuses to run its sandboxed profile without it');
    const token = 'public-docs-token-' + Date.now().toString(16);
    const { child, url } = await start('examples/public-docs/server.mjs', [], { TERMPLEX_TOKEN: token });
    const contexts = [await browser.newContext(), await browser.newContext()];
    const pages = await Promise.all(contexts.map(async (context) => {
      const page = await context.newPage();
      const seen: string[] = [];
      page.on('request', (request) => seen.push(request.url(), request.postData() ?? ''));
      page.on('response', async (response) => seen.push(await response.text().catch(() => '')));
      page.on('websocket', (ws) => ws.on('framesent', (f) => seen.push(String(f.payload))).on('framereceived', (f) => seen.push(String(f.payload))));
      await page.goto(url);
      return { page, seen };
    }));
    for (const { page } of pages) {
      await waitForConnectionState(page, 'open');
      await waitForXterm(page, 0);
    }
    const [a, b] = pages.map((p) => p.page);
    // Replaying page A's first frame (its hello, with the ticket) from outside gets nothing: the ticket is used up.
    const hello = pages[0].seen.find((text) => text.startsWith('{"type":"hello"'));
    assert.ok(hello && JSON.parse(hello).ticket, 'page A said hello with a ticket');
    const WebSocket = createRequire(`${root}/packages/server/package.json`)('ws') as typeof import('ws').default;
    const replay = new WebSocket(url.replace(/^http/, 'ws').replace(/\/$/, '/termplex'), 'termplex.v1', { origin: new URL(url).origin });
    replay.on('open', () => replay.send(hello));
    const [code, reason] = await new Promise<[number, string]>((resolve) => replay.on('close', (c, r) => resolve([c, r.toString()])));
    assert.equal(code, 4001);
    assert.match(reason, /^TERMPLEX_ERR_TICKET_USED: /);
    await typeInto(a, 'echo secret-of-a > ~/note; cat ~/note; sleep 300 & sleep 0.2; echo a-sees-$(ps -eo args | grep -c "[s]leep 300")\n');
    await waitForTerminalLine(a, 'secret-of-a');
    await waitForTerminalLine(a, 'a-sees-1');
    // B's files and processes are its own: A's note and A's sleep are nowhere in its view.
    await typeInto(b, 'cat ~/note || echo no-note-$((2*3)); echo b-sees-$(ps -eo args | grep -c "[s]leep 300")\n');
    await waitForTerminalLine(b, 'no-note-6');
    await waitForTerminalLine(b, 'b-sees-0');
    // A visitor's page may try the other's session id: the ticket does not grant it.
    const sessionOfA = await a.evaluate(() => (document.querySelector('term-session') as HTMLElement & { sessionId?: string }).sessionId);
    const refused = await b.evaluate(async (id) => {
      const other = document.createElement('term-session') as HTMLElement & { sessionId?: string };
      other.setAttribute('session-id', id!);
      const error = new Promise<string>((resolve) => other.addEventListener('term-session-error', (e) => resolve((e as CustomEvent<{ code: string }>).detail.code)));
      document.querySelector('term-connection')!.append(other);
      return error;
    }, sessionOfA);
    assert.equal(refused, 'TERMPLEX_ERR_NOT_GRANTED');
    // A reload keeps the shell (the resume credential in this tab), with no new ticket needed.
    await a.reload();
    await waitForConnectionState(a, 'open');
    await typeInto(a, 'cat ~/note\n');
    await waitForTerminalLine(a, 'secret-of-a');
    // The token never reached a browser: not in the page, a script, a request, a frame, or storage.
    for (const { page, seen } of pages) {
      const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }) + document.documentElement.outerHTML);
      assert.ok(!storage.includes(token), 'token in the page or its storage');
      assert.ok(!seen.some((text) => text.includes(token)), 'token in the traffic');
    }
    for (const context of contexts) await context.close();
    await stop(child, url);
  });
});
