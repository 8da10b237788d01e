import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { FakePtyBackend } from '../../packages/server/src/testing/fake-pty-backend.js';
import { ManualClock } from '../../packages/server/src/testing/manual-clock.js';
import { TEST_PROFILES, TestClient, eventually } from '../support/server-test-client.js';

const TOKEN = 'lifecycle-token';

describe('lifecycle with a controllable clock', () => {
  let server: TerminalServer;
  let backend: FakePtyBackend;
  let clock: ManualClock;
  let clients: TestClient[] = [];
  const open = async (options = {}) => {
    const c = await TestClient.open(server.wsUrl, TOKEN, options);
    clients.push(c);
    return c;
  };

  before(async () => {
    backend = new FakePtyBackend();
    clock = new ManualClock();
    // Heartbeat far away: advancing the clock by minutes must not drop these sockets (see the heartbeat test).
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', backend, clock, graceMs: 60_000, pingIntervalMs: 3_600_000 });
  });
  afterEach(async () => {
    for (const c of clients) await c.close();
    clients = [];
    for (const pty of backend.spawned) pty.exit({ code: 0, signal: null });
  });
  after(() => server.close());

  it('keeps a session through the grace period after its last client leaves, then ends it', async () => {
    const first = await open();
    const opened = await first.openSession();
    await first.close();
    await eventually(async () => (await server.listSessions())[0]?.clients === 0, 'the detach');
    clock.advance(59_999);
    const again = await open();
    const reattached = await again.openSession({ sessionId: opened.sessionId });
    assert.equal(reattached.sessionId, opened.sessionId);
    again.send({ type: 'close', channel: reattached.channel, detach: true });
    await again.next('closed');
    assert.equal((await server.listSessions()).length, 1);
    clock.advance(60_000);
    await eventually(async () => (await server.listSessions()).length === 0, 'the session to end');
    assert.deepEqual(backend.spawned.at(-1)!.exited, { code: null, signal: 'SIGHUP' });
    again.send({ type: 'open', ref: 9, sessionId: opened.sessionId, cols: 80, rows: 24 });
    assert.equal((await again.next('error')).code, 'TERMPLEX_ERR_UNKNOWN_SESSION');
  });

  it('starts the grace period for a session created ahead of time', async () => {
    const created = await server.createSession({ cols: 100, rows: 30 });
    assert.equal((await server.listSessions())[0].id, created.id);
    clock.advance(60_000);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(await server.listSessions(), []);
  });

  it('ends an idle session after idleTimeoutMs without input or output, not before', async () => {
    const idle = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', backend, clock, idleTimeoutMs: 10_000 });
    try {
      const c = await TestClient.open(idle.wsUrl, TOKEN);
      clients.push(c);
      const opened = await c.openSession();
      const pty = backend.spawned.at(-1)!;
      clock.advance(6_000);
      pty.emit('still busy\r\n');
      clock.advance(6_000);
      assert.equal(pty.exited, undefined, 'activity restarted the idle timer');
      clock.advance(4_000);
      const exit = await c.next('exit');
      assert.deepEqual(exit, { type: 'exit', channel: opened.channel, sessionId: opened.sessionId, code: null, signal: 'SIGHUP' });
    } finally {
      await idle.close();
    }
  });

  it('drops a peer that misses two pongs and keeps its sessions, detached', async () => {
    const beat = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', backend, clock, pingIntervalMs: 15_000 });
    try {
      const dead = await TestClient.open(beat.wsUrl, TOKEN, { autoPong: false });
      const live = await TestClient.open(beat.wsUrl, TOKEN);
      clients.push(dead, live);
      const opened = await dead.openSession();
      let pings = 0;
      live.ws.on('ping', () => pings++);
      for (let beatNo = 1; beatNo <= 3; beatNo++) {
        clock.advance(15_000);
        if (beatNo < 3) {
          await live.until(() => pings === beatNo, `ping ${beatNo}`);
          // The automatic pong precedes this on the wire, so once pong {id} is back the server has seen it.
          live.send({ type: 'ping', id: beatNo });
          await live.next('pong', (m) => m.id === beatNo);
          assert.notEqual(dead.ws.readyState, dead.ws.CLOSED);
        }
      }
      assert.equal((await dead.closed).code, 1006, 'terminated without a close frame');
      assert.equal(live.ws.readyState, live.ws.OPEN, 'a peer answering pings stays');
      const summary = (await beat.listSessions()).find((s) => s.id === opened.sessionId);
      assert.equal(summary?.clients, 0);
    } finally {
      await beat.close();
    }
  });

  it('sends all remaining output, past the ack window, before exit', async () => {
    const c = await open();
    c.autoAck = false;
    const opened = await c.openSession();
    const pty = backend.spawned.at(-1)!;
    const payload = Buffer.alloc(1024 * 1024, 'y');
    for (let i = 0; i < payload.length; i += 4096) pty.emit(payload.subarray(i, i + 4096));
    pty.exit({ code: 3, signal: null });
    const exit = await c.next('exit');
    assert.deepEqual(exit, { type: 'exit', channel: opened.channel, sessionId: opened.sessionId, code: 3, signal: null });
    assert.equal(c.receivedBytes(opened.channel), payload.length, 'every byte arrived before exit');
  });

  it('sends exit to every attachment, and closing without detach ends the session for the others', async () => {
    const a = await open();
    const b = await open();
    const opened = await a.openSession();
    const viewer = await b.openSession({ sessionId: opened.sessionId });
    a.send({ type: 'close', channel: opened.channel });
    assert.deepEqual(await a.next('closed'), { type: 'closed', channel: opened.channel, sessionId: opened.sessionId });
    assert.deepEqual(await b.next('exit'), { type: 'exit', channel: viewer.channel, sessionId: opened.sessionId, code: null, signal: 'SIGHUP' });
    assert.equal(a.messages.filter((m) => m.type === 'exit').length, 0, 'the closing client gets closed, not exit');
  });
});

describe('exit codes and signals (real PTYs)', () => {
  let server: TerminalServer;
  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES });
  });
  after(() => server.close());

  it('reports the exit status and the signal by name', async () => {
    const client = await TestClient.open(server.wsUrl, TOKEN);
    try {
      const a = await client.openSession();
      const b = await client.openSession();
      client.input(a.channel, 'exit 7\n');
      // An interactive shell ignores SIGTERM; a program it execs does not.
      client.input(b.channel, `exec /bin/sh -c 'kill -TERM $$'\n`);
      assert.deepEqual(await client.next('exit', (m) => m.channel === a.channel), { type: 'exit', channel: a.channel, sessionId: a.sessionId, code: 7, signal: null });
      assert.deepEqual(await client.next('exit', (m) => m.channel === b.channel), { type: 'exit', channel: b.channel, sessionId: b.sessionId, code: null, signal: 'SIGTERM' });
      await eventually(async () => (await server.listSessions()).length === 0, 'the sessions to be freed');
    } finally {
      await client.close();
    }
  });
});
