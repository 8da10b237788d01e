/**
 * Durable sessions: `termplex-server ptyhost --socket PATH` owns the shells,
 * `termplex-server --pty-host PATH` serves them. The web server can stop,
 * crash or be killed and started again: every session keeps its id, its
 * shell's PID, and its output, each byte exactly once. Real processes,
 * real PTYs, a real Unix socket.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTerminalServer, runPtyHost } from '@termplex/server';
import { processesInSession } from '../../packages/server/src/host/process-tree.js';
import { cli, firstLine, stopAll, type Cli } from '../support/cli-process.js';
import { TEST_PROFILES, TestClient, WAIT_MS } from '../support/server-test-client.js';

const WebSocket = createRequire(new URL('../../packages/server/package.json', import.meta.url))('ws') as typeof import('ws').default;
const TOKEN = 'pty-host-token';
const HOST_KEY = 'pty-host-test-key-0123456789abcdef';
/** The environment both halves run with; the web server's token comes the same way. */
const ENV = { TERMPLEX_HOST_KEY: HOST_KEY, TERMPLEX_TOKEN: TOKEN };
const PROFILES = ['--profile', 'bash=/bin/bash --norc --noprofile'];

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'termplex-host-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Numbers printed n1, n2, ... in `text`, in order. */
const numbers = (text: string) => [...text.matchAll(/^n(\d+)\r?$/gm)].map((m) => Number(m[1]));

async function startHost(socket: string, extra: string[] = []): Promise<Cli> {
  const host = cli(['ptyhost', '--socket', socket, ...PROFILES, '--log-level', 'warn', ...extra], ENV);
  assert.equal(await firstLine(host), socket);
  return host;
}

async function startWeb(socket: string, port = 0): Promise<{ web: Cli; url: string; port: number }> {
  const web = cli(['--port', String(port), '--pty-host', socket, '--log-level', 'warn'], ENV);
  const url = await firstLine(web);
  return { web, url, port: Number(new URL(url).port) };
}

const wsUrl = (url: string) => url.replace(/^http/, 'ws').replace(/\/$/, '') + '/termplex';

async function pidsOf(url: string): Promise<Map<string, number>> {
  const list = (await (await fetch(`${url}api/sessions`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as Array<{ id: string; pid: number }>;
  return new Map(list.map((s) => [s.id, s.pid]));
}

describe('PTY host and web server (real processes)', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`keeps every shell, its PID and every output line across a web server ${signal} and restart`, async () => {
      const socket = path.join(dir, `restart-${signal}`, 'host.sock');
      const host = await startHost(socket);
      let { web, url, port } = await startWeb(socket);
      const first = await TestClient.open(wsUrl(url), TOKEN);
      const sessions = [];
      for (let i = 0; i < 3; i++) {
        const opened = await first.openSession({ profile: 'bash' });
        first.input(opened.channel, 'for i in $(seq 1 100000); do echo n$i; sleep 0.01; done\n');
        sessions.push(opened);
      }
      for (const s of sessions) await first.until(() => numbers(first.text(s.channel)).length >= 20, 'lines before the restart');
      const pids = await pidsOf(url);
      web.child.kill(signal);
      await web.exited;
      const positions = sessions.map((s) => first.position.get(s.channel)!);
      const before = sessions.map((s) => first.text(s.channel));
      await first.closed;
      // Output goes on while no web server runs; it must all arrive once, after the restart.
      await new Promise((resolve) => setTimeout(resolve, 300));
      ({ web, url } = await startWeb(socket, port));
      const second = await TestClient.open(wsUrl(url), TOKEN);
      for (const [i, s] of sessions.entries()) {
        const again = await second.openSession({ sessionId: s.sessionId, offset: positions[i] });
        assert.equal(again.lost, 0);
        assert.equal(again.offset, positions[i], 'the replay starts exactly where the old page stopped');
        await second.until(() => numbers(second.text(again.channel)).length >= 40, 'lines after the restart');
        const all = numbers(before[i] + second.text(again.channel));
        assert.deepEqual(all, all.map((_, k) => k + 1), `session ${i}: every line once, in order`);
      }
      assert.deepEqual(await pidsOf(url), pids, 'same sessions, same shells');
      await second.close();
      web.child.kill('SIGTERM');
      assert.deepEqual(await web.exited, [0, null]);
      host.child.kill('SIGTERM');
      assert.deepEqual(await host.exited, [0, null]);
    });
  }

  it('ends every session and its jobs, leaving nothing, when the host gets SIGTERM', async () => {
    const socket = path.join(dir, 'teardown', 'host.sock');
    const host = await startHost(socket);
    const { web, url } = await startWeb(socket);
    const client = await TestClient.open(wsUrl(url), TOKEN);
    for (let i = 0; i < 5; i++) {
      const opened = await client.openSession({ profile: 'bash' });
      client.input(opened.channel, 'sleep 300 & nohup sleep 300 >/dev/null 2>&1 &\n');
    }
    const sids = [...(await pidsOf(url)).values()];
    await client.until(() => sids.every((sid) => processesInSession(sid).length >= 3), 'every shell and its two jobs');
    const started = Date.now();
    host.child.kill('SIGTERM');
    assert.deepEqual(await host.exited, [0, null]);
    assert.ok(Date.now() - started < WAIT_MS, 'within 10 s');
    assert.deepEqual(sids.flatMap((sid) => processesInSession(sid)), [], 'no process of any session is left');
    // The web server lives on and says the host is gone.
    const closed = await client.closed;
    assert.equal(closed.code, 4013);
    const api = await fetch(`${url}api/sessions`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(api.status, 503);
    assert.equal(((await api.json()) as { code: string }).code, 'TERMPLEX_ERR_HOST_UNAVAILABLE');
    web.child.kill('SIGTERM');
    await web.exited;
  });

  it('serves pages again by itself once a restarted host is back (new sessions; the old ones ended with it)', async () => {
    const socket = path.join(dir, 'host-restart', 'host.sock');
    let host = await startHost(socket);
    const { web, url } = await startWeb(socket);
    host.child.kill('SIGTERM');
    await host.exited;
    host = await startHost(socket);
    const client = await TestClient.open(wsUrl(url), TOKEN);
    const opened = await client.openSession({ profile: 'bash' });
    client.input(opened.channel, 'echo back-$((40+2))\n');
    await client.waitForText(opened.channel, 'back-42');
    await client.close();
    await stopAll(web, host);
  });

  it('refuses to start a web server on a missing or foreign socket, saying what is wrong', async () => {
    const missing = cli(['--port', '0', '--pty-host', path.join(dir, 'nothing', 'host.sock')], ENV);
    assert.deepEqual(await missing.exited, [1, null]);
    assert.match(missing.stderr(), /no PTY host at .*nothing\/host\.sock.*termplex-server ptyhost --socket/);

    // A socket that speaks something else.
    const foreignDir = path.join(dir, 'foreign');
    mkdirSync(foreignDir, { mode: 0o700 });
    const foreignPath = path.join(foreignDir, 'other.sock');
    const foreign = net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n')).listen(foreignPath);
    await new Promise((resolve) => foreign.once('listening', resolve));
    const garbage = cli(['--port', '0', '--pty-host', foreignPath], ENV);
    assert.deepEqual(await garbage.exited, [1, null]);
    assert.match(garbage.stderr(), /other\.sock is not a termplex PTY host/);
    foreign.close();

    const { writeFileSync } = await import('node:fs');
    const notSocket = path.join(dir, 'plain-file');
    writeFileSync(notSocket, '');
    const file = cli(['--port', '0', '--pty-host', notSocket], ENV);
    assert.deepEqual(await file.exited, [1, null]);
    assert.match(file.stderr(), /plain-file/);
  });

  it('puts its socket (0600) only in a private directory and refuses a shared one', async () => {
    const open = path.join(dir, 'shared');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    const refused = cli(['ptyhost', '--socket', path.join(open, 'host.sock')], ENV);
    assert.deepEqual(await refused.exited, [1, null]);
    assert.match(refused.stderr(), /is open to other users \(mode 0755\).*private directory/);
    // Nor does a web server relay pages to a socket there: it could be another user's.
    const web = cli(['--port', '0', '--pty-host', path.join(open, 'host.sock')], ENV);
    assert.deepEqual(await web.exited, [1, null]);
    assert.match(web.stderr(), /refusing to relay pages to .*shared\/host\.sock: .*is open to other users/);

    const socket = path.join(dir, 'fresh', 'sub', 'host.sock');
    const host = await startHost(socket);
    assert.equal(statSync(path.dirname(socket)).mode & 0o777, 0o700, 'a missing directory is created 0700');
    assert.equal(statSync(socket).mode & 0o777, 0o600);
    const second = cli(['ptyhost', '--socket', socket], ENV);
    assert.deepEqual(await second.exited, [1, null]);
    assert.match(second.stderr(), /already listening/);
    host.child.kill('SIGTERM');
    await host.exited;
  });

  it('answers a link without the right key or subprotocol with a plain HTTP refusal and nothing else', async () => {
    const socket = path.join(dir, 'keys', 'host.sock');
    const host = await runPtyHost({ socket, key: HOST_KEY, profiles: TEST_PROFILES, logLevel: 'silent' });
    try {
      const attempt = (headers: Record<string, string>, protocol = 'termplex-host.v1') =>
        new Promise<number>((resolve, reject) => {
          const ws = new WebSocket(`ws+unix://${socket}:/channels`, protocol, { headers });
          ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.once('open', () => reject(new Error('a link opened')));
          ws.once('error', () => {});
        });
      assert.equal(await attempt({}), 401);
      assert.equal(await attempt({ 'x-termplex-host-key': 'f'.repeat(64) }), 401);
      assert.equal(await attempt({ 'x-termplex-host-key': HOST_KEY.slice(0, -1) }), 401);
      assert.equal(await attempt({ 'x-termplex-host-key': HOST_KEY }, 'termplex-host.v0'), 400);
    } finally {
      await host.close();
    }
  });

  it('keeps session options on the host: a web server given them with ptyHost refuses to start', async () => {
    await assert.rejects(createTerminalServer({ ptyHost: path.join(dir, 'x.sock'), ptyHostKey: HOST_KEY, profiles: TEST_PROFILES }), {
      name: 'TypeError',
      message: 'The "profiles" option belongs to the PTY host when "ptyHost" is set: give it to termplex-server ptyhost (or runPtyHost) instead',
    });
    const flag = cli(['--pty-host', path.join(dir, 'x.sock'), '--grace', '5'], ENV);
    assert.deepEqual(await flag.exited, [2, null]);
    assert.match(flag.stderr(), /--grace belongs to the PTY host/);
    const noSocket = cli(['ptyhost'], ENV);
    assert.deepEqual(await noSocket.exited, [2, null]);
    assert.match(noSocket.stderr(), /needs --socket PATH/);
    for (const args of [['ptyhost', '--socket', path.join(dir, 'k', 'h.sock')], ['--pty-host', path.join(dir, 'k', 'h.sock')]]) {
      const noKey = cli(args, { TERMPLEX_HOST_KEY: '' });
      assert.deepEqual(await noKey.exited, [2, null]);
      assert.match(noKey.stderr(), /set TERMPLEX_HOST_KEY/);
    }
    await assert.rejects(runPtyHost({ socket: path.join(dir, 'k', 'h.sock'), key: 'short' }), { name: 'TypeError', message: /"key" option must be a secret of 16\.\.1024 characters/ });
  });
});
