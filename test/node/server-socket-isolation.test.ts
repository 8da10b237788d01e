/**
 * Refused and unauthenticated sockets get nothing, read-only viewers cannot
 * end or take over a session, and detached sessions still count: attacks
 * against a real server with real PTYs (security findings 2, 3, 7 and 8).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CloseCode, ErrorCode, SUBPROTOCOL, encodeMessage } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import pino from 'pino';
import { TEST_PROFILES, TestClient, WAIT_MS, eventually } from '../support/server-test-client.js';

const TOKEN = 'socket-isolation-token';
/** milliseconds: a functional bound (the old code held such sockets 10 to 40 s), not a timing figure. */
const PROMPT_MS = 3000;

/** A WebSocket handshake by hand, so a test can then send frames no client library would. */
async function rawUpgrade(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `GET /termplex HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${SUBPROTOCOL}\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      resolve(text);
    };
    socket.on('data', onData).once('error', reject);
  });
  assert.match(head, /^HTTP\/1\.1 101 /);
  return socket;
}

/** The header of a masked client frame announcing `length` payload bytes (opcode 2: binary). */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(header, 10);
  return header;
}

const closedWithin = (socket: net.Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => (clearTimeout(timer), resolve(true)));
  });

describe('socket isolation (real PTYs)', () => {
  let server: TerminalServer;
  let logs = '';
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);
  before(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logs += chunk.toString(); done(); } });
    server = await createTerminalServer({
      port: 0, token: TOKEN, logLevel: pino({ level: 'info' }, sink), profiles: TEST_PROFILES, maxSessionsPerSocket: 3,
      // This server's refusals must not lock the tests' own address out.
      maxAuthFailures: 0,
    });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await server.close();
  });

  it('ignores everything a socket sends after a wrong token, the right token included', async () => {
    const client = track(await TestClient.connect(server.wsUrl));
    // All in one burst: the later frames are on the wire before the refusal is.
    client.send({ type: 'hello', token: 'wrong' });
    client.send({ type: 'hello', token: TOKEN });
    client.send({ type: 'open', ref: 1, cols: 80, rows: 24 });
    assert.deepEqual(await client.closed, { code: CloseCode.AuthFailed, reason: 'TERMPLEX_ERR_AUTH: wrong token' });
    assert.deepEqual(client.messages, []);
    assert.deepEqual(await server.listSessions(), []);
  });

  it('never authenticates a socket that did not offer the subprotocol', async () => {
    const client = track(await TestClient.connect(server.wsUrl, { protocols: ['termplex.v2'] }));
    client.send({ type: 'hello', token: TOKEN });
    client.send({ type: 'open', ref: 1, cols: 80, rows: 24 });
    assert.equal((await client.closed).code, CloseCode.ProtocolVersion);
    assert.deepEqual(client.messages, []);
    assert.deepEqual(await server.listSessions(), []);
  });

  it('logs one line for a refused socket however much it keeps sending', async () => {
    const before = logs.split('\n').length;
    const client = track(await TestClient.connect(server.wsUrl));
    const hello = encodeMessage({ type: 'hello', token: 'guess' });
    for (let i = 0; i < 2000; i++) client.sendRaw(hello);
    await client.closed;
    const lines = logs.split('\n').slice(before - 1).filter((line) => line.includes('authentication failed'));
    assert.equal(lines.length, 1, lines.join('\n'));
  });

  it('cuts off an unauthenticated socket that sends more than a hello could be, without waiting for the rest', async () => {
    const socket = await rawUpgrade(server.port);
    socket.on('error', () => {});
    socket.write(frameHeader(1024 * 1024));
    socket.write(Buffer.alloc(64 * 1024));
    assert.ok(await closedWithin(socket, PROMPT_MS), 'the server still holds a socket that announced a 1 MiB frame before hello');
    socket.destroy();
  });

  it('caps unauthenticated sockets per address, refusing the next with HTTP 429 before the handshake', async () => {
    const idle = await Promise.all(Array.from({ length: 32 }, () => TestClient.connect(server.wsUrl).then(track)));
    await assert.rejects(TestClient.connect(server.wsUrl), { status: 429 });
    for (const c of idle) await c.close();
    const later = track(await TestClient.open(server.wsUrl, TOKEN));
    assert.equal(later.ws.readyState, later.ws.OPEN);
  });

  it("lets a read-only viewer's close only detach it, and never re-open the session writable", async () => {
    const writer = track(await TestClient.open(server.wsUrl, TOKEN));
    const opened = await writer.openSession({ profile: 'sh' });
    const viewer = track(await TestClient.open(server.wsUrl, TOKEN));
    const view = await viewer.openSession({ sessionId: opened.sessionId, readonly: true });
    viewer.send({ type: 'close', channel: view.channel });
    await viewer.next('closed');
    writer.input(opened.channel, 'echo still-$((20+1))\n');
    await writer.waitForText(opened.channel, 'still-21');
    assert.ok((await server.listSessions()).some((s) => s.id === opened.sessionId));

    viewer.send({ type: 'open', ref: 900, sessionId: opened.sessionId, cols: 80, rows: 24 });
    const refused = await viewer.next('error', (m) => m.ref === 900);
    assert.equal(refused.code, ErrorCode.ReadOnly);
    assert.equal(refused.message, `this socket attached session ${opened.sessionId} read-only; it cannot re-open it writable`);
    writer.send({ type: 'close', channel: opened.channel });
    await writer.next('closed');
  });

  it('counts detached sessions against the socket that created them until they end', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const opened = await client.openSession({ profile: 'sh' });
      ids.push(opened.sessionId);
      client.send({ type: 'close', channel: opened.channel, detach: true });
      await client.next('closed');
    }
    client.send({ type: 'open', ref: 901, cols: 80, rows: 24, profile: 'sh' });
    const refused = await client.next('error', (m) => m.ref === 901);
    assert.equal(refused.code, ErrorCode.SessionLimit);
    assert.match(refused.message, /already created 3 sessions that are still running \(detached ones count until they end\)/);
    // Once one ends, the socket may create another.
    const res = await fetch(`${server.url}/api/sessions/${ids[0]}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 204);
    await eventually(async () => !(await server.listSessions()).some((s) => s.id === ids[0]), 'the deleted session to end', WAIT_MS);
    const again = await client.openSession({ profile: 'sh' });
    for (const id of [...ids.slice(1), again.sessionId]) {
      await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });
    }
  });
});

describe('failed authentications per address', () => {
  let server: TerminalServer;
  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES, maxAuthFailures: 3 });
  });
  after(() => server.close());

  it('refuses an address with HTTP 429 once it used up its failures, even with the right token', async () => {
    for (let i = 0; i < 3; i++) {
      const client = await TestClient.connect(server.wsUrl);
      client.send({ type: 'hello', token: `guess-${i}` });
      assert.equal((await client.closed).code, CloseCode.AuthFailed);
    }
    await assert.rejects(TestClient.open(server.wsUrl, TOKEN), { status: 429 });
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200, 'HTTP is not affected');
  });
});
