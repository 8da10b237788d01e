/**
 * The PTY host split, attacked: by a program in a session (pathological
 * output, the host's key file), by pages that come and go, and by a local
 * peer that opens the host's socket and never speaks. Real processes, real
 * PTYs, a real Unix socket. Each test states what should hold; each failed
 * on the code it was written against (see the message of each assertion).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { decodeFrame, decodeServerMessage, encodeMessage, FrameKind, MAX_FRAME_DATA, SUBPROTOCOL } from '@termplex/protocol';
import { createTerminalServer, runPtyHost } from '@termplex/server';
import { cli, firstLine, stopAll, type Cli } from '../support/cli-process.js';
import { TestClient, WAIT_MS } from '../support/server-test-client.js';

const serverRequire = createRequire(new URL('../../packages/server/package.json', import.meta.url));
const WebSocket = serverRequire('ws') as typeof import('ws').default;
const WS_MODULE = serverRequire.resolve('ws');
const TOKEN = 'host-attack-token';
const HOST_KEY = 'host-attack-key-0123456789abcdef';
const BASH = { command: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: '$ ' } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'termplex-host-attack-'));
  // Programs the sessions run. Each writes slowly enough that the screen model keeps up.
  writeFileSync(path.join(dir, 'trickle.cjs'), `
    // numbered lines, 8 KiB every 5 ms, up to TOTAL bytes, then the marker
    const total = Number(process.argv[2]);
    let n = 0, sent = 0;
    const timer = setInterval(() => {
      let out = '';
      while (out.length < 8192) out += 'line ' + (++n) + ' ' + '.'.repeat(40) + '\\n';
      process.stdout.write(out);
      sent += out.length;
      if (sent >= total) { clearInterval(timer); process.stdout.write('TRICKLE-' + 'DONE\\n'); }
    }, 5);
  `);
  writeFileSync(path.join(dir, 'zalgo.cjs'), `
    // an 80x24 screen of letters that carry 1000 combining accents each (3.8 MB), 32 KiB every 15 ms
    const cell = 'a' + '\\u0301'.repeat(1000);
    const rows = [];
    for (let y = 0; y < 24; y++) rows.push(cell.repeat(80) + (y < 23 ? '\\r\\n' : ''));
    const out = Buffer.from('\\x1b[H' + rows.join(''));
    let at = 0;
    const timer = setInterval(() => {
      process.stdout.write(out.subarray(at, at + 32768));
      at += 32768;
      if (at >= out.length) { clearInterval(timer); process.stdout.write('\\x1b[HZ' + 'DONE'); setInterval(() => {}, 1e9); }
    }, 15);
  `);
  // Types a command into another session of the same host, through the host's key file, without the token.
  writeFileSync(path.join(dir, 'inject.cjs'), `
    const fs = require('node:fs');
    const WebSocket = require(process.argv[2]);
    const victim = process.argv[3];
    // The host is an ancestor of this shell; its command line names the socket.
    let pid = process.ppid, argv = [];
    while (pid > 1) {
      argv = fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0');
      if (argv.includes('--socket')) break;
      pid = Number(fs.readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[1]);
    }
    const socket = argv[argv.indexOf('--socket') + 1];
    // Everywhere a shell of the same user could look for the host key: a file beside the socket, the
    // host's environment and command line (as /proc shows them), its own environment.
    let key = '';
    try { key = fs.readFileSync(socket + '.key', 'utf8').trim(); } catch {}
    const named = (text) => (text.split('\\0').find((e) => e.startsWith('TERMPLEX_HOST_KEY=')) || '').slice(18).replace(/^\\*+$/, '');
    if (!key) key = named(fs.readFileSync('/proc/' + pid + '/environ', 'latin1'));
    if (!key) key = named(argv.join('\\0'));
    if (!key) key = process.env.TERMPLEX_HOST_KEY || '';
    if (!key) { console.log('REFUSED no key found'); process.exit(1); }
    const ws = new WebSocket('ws+unix://' + socket + ':/channels', 'termplex-host.v1', { headers: { 'x-termplex-host-key': key } });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'open', ref: 1, cols: 80, rows: 24, sessionId: victim })));
    ws.on('message', (data, binary) => {
      if (binary) return;
      const m = JSON.parse(data.toString());
      if (m.type === 'opened') {
        const text = Buffer.from('echo PWNED-$((6*7))\\r');
        const frame = Buffer.alloc(5 + text.length);
        frame[0] = 2; frame.writeUInt32BE(m.channel, 1); text.copy(frame, 5);
        ws.send(frame, () => { console.log('INJEC' + 'TED'); setTimeout(() => process.exit(0), 100); });
      } else if (m.type === 'error') { console.log('REFUSED ' + m.code); process.exit(1); }
    });
    ws.on('unexpected-response', (_req, res) => { console.log('REFUSED HTTP ' + res.statusCode); process.exit(1); });
    ws.on('error', (e) => { console.log('REFUSED ' + e.message); process.exit(1); });
  `);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function startHost(socket: string): Promise<Cli> {
  const host = cli(['ptyhost', '--socket', socket, '--profile', 'bash=/bin/bash --norc --noprofile', '--log-level', 'warn'], { TERMPLEX_HOST_KEY: HOST_KEY });
  assert.equal(await firstLine(host), socket);
  return host;
}

async function startWeb(socket: string): Promise<{ web: Cli; url: string; ws: string }> {
  const web = cli(['--port', '0', '--pty-host', socket, '--log-level', 'warn'], { TERMPLEX_TOKEN: TOKEN, TERMPLEX_HOST_KEY: HOST_KEY });
  const url = await firstLine(web);
  return { web, url, ws: url.replace(/^http/, 'ws').replace(/\/$/, '') + '/termplex' };
}

/** Waits for `marker` at the end of a channel's output (cheap on megabytes, unlike waitForText). */
function outputEndsWith(client: TestClient, channel: number, marker: string, ms = 60_000): Promise<unknown> {
  return client.until(() => (client.output.get(channel) ?? []).slice(-2).some((chunk) => chunk.includes(marker)), `${marker} on channel ${channel}`, ms);
}

const listStatus = async (url: string) => (await fetch(`${url}api/sessions`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(WAIT_MS) })).status;

function exitedWithin(c: Cli, ms: number): Promise<boolean> {
  return Promise.race([c.exited.then(() => true), sleep(ms).then(() => false)]);
}

describe('the PTY host split under attack', () => {
  it('gives a client behind the default 2 MiB ring the screen, not "bytes lost", once a session has printed more than the ring', async () => {
    const socket = path.join(dir, 'ring', 'host.sock');
    const host = await startHost(socket);
    const { web, ws } = await startWeb(socket);
    try {
      const watcher = await TestClient.open(ws, TOKEN);
      const session = await watcher.openSession({ profile: 'bash' });
      // 3 MiB of lines at about 1.6 MB/s with a client attached that reads and acks everything: no flood.
      watcher.input(session.channel, `node ${path.join(dir, 'trickle.cjs')} ${3 * 1024 * 1024}\n`);
      await outputEndsWith(watcher, session.channel, 'TRICKLE-DONE');
      await sleep(500);
      const late = await TestClient.open(ws, TOKEN);
      await late.openSession({ sessionId: session.sessionId, offset: 0 });
      const answer = await late.until(() => late.messages.find((m) => m.type === 'snapshot' || m.type === 'lost'), 'a snapshot or a lost marker');
      // Once broken: the model was created with the whole ring (2 MiB) in one write, over
      // MODEL_BEHIND_CAP (1 MiB), so it went to sleep at once, and waking it fed it the ring again.
      // Any ring over 1 MiB (the default is 2) never gave a snapshot.
      assert.equal(answer.type, 'snapshot', `the late client was told ${JSON.stringify(answer)}`);
      await Promise.all([watcher.close(), late.close()]);
    } finally {
      await stopAll(web, host);
    }
  });

  it('never sends a snapshot larger than a frame: a screen of combining accents keeps the page\'s socket and its other sessions', async () => {
    // A small ring so the screen model is awake (see the test above) and the screen leaves the ring.
    const host = await runPtyHost({ socket: path.join(dir, 'zalgo', 'host.sock'), key: HOST_KEY, profiles: { default: BASH }, logLevel: 'silent', ringBytes: 256 * 1024 });
    const web = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', ptyHost: host.socketPath, ptyHostKey: HOST_KEY });
    try {
      const painter = await TestClient.open(web.wsUrl, TOKEN);
      const zalgo = await painter.openSession({});
      painter.input(zalgo.channel, `stty -echo; clear; node ${path.join(dir, 'zalgo.cjs')}\n`);
      await outputEndsWith(painter, zalgo.channel, 'ZDONE');
      const neighbour = await painter.openSession({});
      await painter.close();

      // A page comes back with both terminals, the zalgo one from far behind the ring.
      const page = new WebSocket(web.wsUrl, [SUBPROTOCOL]);
      const problems: string[] = [];
      let answered = false;
      let echoed = false;
      page.on('message', (data: Buffer, isBinary) => {
        if (isBinary) {
          const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), data[0] === FrameKind.Snapshot ? FrameKind.Snapshot : FrameKind.Output);
          if (!frame.ok) problems.push(`undecodable frame: ${frame.error.message}`);
          else if (frame.value.channel === 1 && Buffer.from(frame.value.data).includes('near-42')) echoed = true;
          return;
        }
        const decoded = decodeServerMessage(data.toString());
        if (!decoded.ok) return problems.push(`undecodable message: ${decoded.error.message}`);
        const m = decoded.value;
        if (m.type === 'welcome') {
          page.send(encodeMessage({ type: 'open', ref: 1, cols: 80, rows: 24, sessionId: neighbour.sessionId }));
          page.send(encodeMessage({ type: 'open', ref: 2, cols: 80, rows: 24, sessionId: zalgo.sessionId, offset: 0 }));
        }
        if ((m.type === 'snapshot' || m.type === 'lost') && m.channel === 2) {
          answered = true;
          page.send(Buffer.concat([Buffer.from([FrameKind.Input, 0, 0, 0, 1]), Buffer.from('echo near-$((40+2))\n')]));
        }
      });
      let closed: string | undefined;
      page.on('close', (code, reason) => (closed = `${code} ${reason.toString()}`));
      page.on('error', () => {});
      await new Promise((resolve) => page.once('open', resolve));
      page.send(encodeMessage({ type: 'hello', token: TOKEN }));
      const deadline = Date.now() + WAIT_MS;
      while (Date.now() < deadline && !closed && !(answered && echoed)) await sleep(50);
      // Fails today: the worker's serialize() returns a 3.8 MB snapshot when even scrollback 0 is over
      // MAX_FRAME_DATA; the web server's link (maxPayload 2 MiB) dies on it, the page gets 4013 and comes
      // back to the same snapshot, forever. Without a host the page gets a message and a frame it cannot decode.
      assert.equal(closed, undefined, 'the page\'s socket stays open');
      assert.deepEqual(problems, [], 'everything the page receives decodes');
      assert.ok(answered, 'the zalgo terminal is told its screen (at most one frame) or what it lost');
      assert.ok(echoed, 'the other terminal on the socket still echoes');
      page.terminate();
    } finally {
      await web.close();
      await host.close();
    }
  });

  it('does not let a program in one session find the host key and type into another session', async () => {
    const socket = path.join(dir, 'key', 'host.sock');
    const host = await startHost(socket);
    const { web, ws } = await startWeb(socket);
    try {
      const attacker = await TestClient.open(ws, TOKEN);
      const a = await attacker.openSession({ profile: 'bash' });
      const victim = await TestClient.open(ws, TOKEN);
      const b = await victim.openSession({ profile: 'bash' });
      attacker.input(a.channel, `node ${path.join(dir, 'inject.cjs')} ${WS_MODULE} ${b.sessionId}\n`);
      const outcome = (await attacker.waitForText(a.channel, /INJECTED|REFUSED.*/)).match(/INJECTED|REFUSED.*/)![0];
      const typed = await victim.waitForText(b.channel, 'PWNED-42', 2000).then(() => true, () => false);
      // With the key a program reaches /channels and /control: it could open, type into, read and end
      // every other session. So the key is in no file and no /proc view a shell can read.
      assert.equal(typed, false, `a shell typed into another session (its injector said ${outcome})`);
      assert.equal(outcome, 'REFUSED no key found');
      await Promise.all([attacker.close(), victim.close()]);
    } finally {
      await stopAll(web, host);
    }
  });

  it('does not keep a relay for every page that closes between hello and welcome', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const host = await runPtyHost({ socket: path.join(dir, 'relays', 'host.sock'), key: HOST_KEY, profiles: { default: BASH }, logLevel: 'silent' });
    const web = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', ptyHost: host.socketPath, ptyHostKey: HOST_KEY });
    try {
      const cycle = async () => {
        const ws = new WebSocket(web.wsUrl, [SUBPROTOCOL]);
        ws.on('error', () => {});
        await new Promise((resolve) => ws.once('open', resolve));
        ws.send(encodeMessage({ type: 'hello', token: TOKEN }));
        ws.terminate(); // a reload, a flaky network: gone before the link to the host is up
      };
      const cycles = async (n: number) => {
        for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: 20 }, cycle));
        await sleep(1000);
        gc();
        await sleep(100);
        gc();
      };
      await cycles(200); // warm up
      const before = process.memoryUsage().heapUsed;
      await cycles(3000);
      const grown = (process.memoryUsage().heapUsed - before) / 1048576;
      // Failed before (about +22 MiB, 7.5 KiB a page, for ever): HostClient kept each relay in a set it
      // filled after the link was up and emptied on the browser's 'close', which had already fired.
      assert.ok(grown < 8, `the web server's heap grew ${grown.toFixed(1)} MiB over 3000 pages that left early`);
    } finally {
      await web.close();
      await host.close();
    }
  });

  it('exits on SIGTERM within seconds while a local peer holds the socket open without a word', async () => {
    const socket = path.join(dir, 'idle-peer', 'host.sock');
    const host = await startHost(socket);
    const peer = net.connect(socket);
    peer.on('error', () => {});
    await new Promise((resolve) => peer.once('connect', resolve));
    try {
      await sleep(200);
      host.child.kill('SIGTERM');
      // Fails today: listenHost's close() waits for server.close(), which waits for every HTTP
      // connection; Node stops timing out requests once close() is called, so one idle connection
      // holds the host up for as long as it stays (40 s and more in the experiment).
      assert.ok(await exitedWithin(host, 5000), 'the host exited within 5 s of SIGTERM');
    } finally {
      peer.destroy();
      host.child.kill('SIGKILL');
      await host.exited;
    }
  });

  it('does not remove the socket and key of a host started after it while it was shutting down', async () => {
    const socket = path.join(dir, 'overlap', 'host.sock');
    const first = await startHost(socket);
    const peer = net.connect(socket);
    peer.on('error', () => {});
    await new Promise((resolve) => peer.once('connect', resolve));
    first.child.kill('SIGTERM');
    // The socket file goes at once (server.close() unlinks it); the first host is still shutting down.
    for (let i = 0; i < 100 && existsSync(socket); i++) await sleep(20);
    const second = await startHost(socket);
    const { web, url } = await startWeb(socket);
    try {
      assert.equal(await listStatus(url), 200, 'the web server reaches the second host');
      peer.destroy(); // now the first one finishes its close()
      await exitedWithin(first, WAIT_MS);
      await sleep(200);
      // Fails today: the first host's close() ends with unlinkSync(socketPath) and unlinkSync(keyPath),
      // whoever's they are by then: the second host runs on, but no web server can reach it again.
      assert.ok(existsSync(socket), 'the second host\'s socket is still there');
      assert.equal(await listStatus(url), 200, 'the web server still reaches the second host');
    } finally {
      peer.destroy();
      web.child.kill('SIGTERM');
      second.child.kill('SIGTERM');
      first.child.kill('SIGKILL');
      await Promise.all([web.exited, second.exited, first.exited]);
    }
  });
});
