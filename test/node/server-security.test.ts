import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CloseCode, ErrorCode, FrameKind, LIMITS, encodeFrame } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import pino from 'pino';
import { FakePtyBackend } from '../../packages/server/src/testing/fake-pty-backend.js';
import { ManualClock } from '../../packages/server/src/testing/manual-clock.js';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'secret-token-0123456789';

describe('security', () => {
  let server: TerminalServer;
  let backend: FakePtyBackend;
  let clock: ManualClock;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);

  before(async () => {
    backend = new FakePtyBackend();
    clock = new ManualClock();
    server = await createTerminalServer({
      port: 0, token: TOKEN, logLevel: 'silent', backend, clock, maxSessionsPerSocket: 2, maxSessions: 3,
      allowedOrigins: ['https://docs.example.com'], allowedHosts: ['termplex.example.com'],
    });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await server.close();
  });

  it('closes 4001 on a wrong token', async () => {
    const client = track(await TestClient.connect(server.wsUrl));
    client.send({ type: 'hello', token: 'wrong' });
    assert.deepEqual(await client.closed, { code: CloseCode.AuthFailed, reason: 'TERMPLEX_ERR_AUTH: wrong token' });
  });

  it('closes 4001 when the first frame is not hello', async () => {
    const client = track(await TestClient.connect(server.wsUrl));
    client.send({ type: 'open', ref: 1, cols: 80, rows: 24 });
    assert.deepEqual(await client.closed, { code: CloseCode.AuthFailed, reason: 'TERMPLEX_ERR_AUTH: the first message must be hello' });
    const binary = track(await TestClient.connect(server.wsUrl));
    binary.input(1, 'ls\n');
    assert.equal((await binary.closed).code, CloseCode.AuthFailed);
    assert.equal(backend.spawned.length, 0);
  });

  it('closes 4003 when no hello arrives in time', async () => {
    const client = track(await TestClient.connect(server.wsUrl));
    clock.advance(9_999);
    assert.equal(client.ws.readyState, client.ws.OPEN);
    clock.advance(1);
    assert.deepEqual(await client.closed, { code: CloseCode.AuthTimeout, reason: 'TERMPLEX_ERR_AUTH_TIMEOUT: no hello within 10000 ms' });
  });

  it('completes the handshake for another protocol version only to close 4002 naming both', async () => {
    const other = track(await TestClient.connect(server.wsUrl, { protocols: ['termplex.v2'] }));
    assert.equal(other.ws.protocol, 'termplex.v2');
    assert.deepEqual(await other.closed, { code: CloseCode.ProtocolVersion, reason: 'TERMPLEX_ERR_PROTOCOL_VERSION: server speaks termplex.v1; client offered termplex.v2' });
    const none = track(await TestClient.connect(server.wsUrl, { protocols: [] }));
    assert.deepEqual(await none.closed, { code: CloseCode.ProtocolVersion, reason: 'TERMPLEX_ERR_PROTOCOL_VERSION: server speaks termplex.v1; client offered no subprotocol' });
  });

  it('refuses a foreign Origin or Host with HTTP 403 before any session exists', async () => {
    const attempts: Array<[Record<string, string>, string | undefined]> = [
      [{}, 'https://evil.example'],
      [{}, 'null'],
      [{}, `http://127.0.0.1:${server.port + 1}`],
      [{ Host: 'evil.example' }, undefined],
      [{ Host: `rebind.evil.example:${server.port}` }, `http://rebind.evil.example:${server.port}`],
    ];
    for (const [headers, origin] of attempts) {
      await assert.rejects(TestClient.connect(server.wsUrl, { headers, origin }), { status: 403 }, JSON.stringify({ headers, origin }));
    }
    assert.equal(backend.spawned.length, 0);
    assert.deepEqual(await server.listSessions(), []);
  });

  it('accepts the serving origin, an allowed origin, loopback Host on any port and an allowed Host', async () => {
    const ok: Array<[Record<string, string>, string | undefined]> = [
      [{}, `http://127.0.0.1:${server.port}`],
      [{}, 'https://docs.example.com'],
      [{ Host: 'localhost:1' }, undefined],
      [{ Host: 'termplex.example.com' }, 'http://termplex.example.com'],
    ];
    for (const [headers, origin] of ok) {
      const client = track(await TestClient.open(server.wsUrl, TOKEN, { headers, origin }));
      await client.close();
    }
  });

  it('closes 1009 on a frame over 1 MiB and answers an oversized control frame with TOO_LARGE', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    const big = JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(LIMITS.controlFrame) });
    client.sendRaw(big);
    const error = await client.next('error');
    assert.equal(error.code, ErrorCode.TooLarge);
    assert.equal(error.message, `control frame is ${big.length} characters; at most ${LIMITS.controlFrame} are allowed`);
    client.sendRaw(Buffer.alloc(LIMITS.payload + 1));
    assert.equal((await client.closed).code, CloseCode.TooLarge);
  });

  it('answers each malformed frame with its code, then closes 4008 after 20', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    client.sendRaw('not json');
    assert.deepEqual(await client.next('error'), { type: 'error', code: ErrorCode.BadJson, message: 'control frame is not valid JSON' });
    client.send({ type: 'resize', channel: 7, cols: 0, rows: 24 });
    assert.deepEqual(await client.next('error'), { type: 'error', code: ErrorCode.OutOfBounds, message: 'resize.cols must be 1..1000, got 0', channel: 7 });
    client.sendRaw(Buffer.from([0x02, 0, 0]));
    assert.deepEqual(await client.next('error'), { type: 'error', code: ErrorCode.TruncatedFrame, message: 'binary frame is 3 bytes; the header alone is 5' });
    client.sendRaw(Buffer.from(encodeFrame(FrameKind.Output, 1, Buffer.from('x'))));
    assert.equal((await client.next('error')).code, ErrorCode.UnknownFrameKind);
    client.send({ type: 'dance' });
    assert.equal((await client.next('error')).message, 'message.type "dance" is not one of hello, open, resize, ack, close, ping');
    for (let i = 0; i < 15; i++) client.sendRaw('{');
    assert.equal((await client.next('error', (m) => m.code === ErrorCode.Abuse)).message, 'too many malformed frames; closing');
    assert.deepEqual(await client.closed, { code: CloseCode.Abuse, reason: 'TERMPLEX_ERR_ABUSE: too many malformed frames' });
  });

  it('limits sessions per socket and per server, answering the ref that hit the limit', async () => {
    const a = track(await TestClient.open(server.wsUrl, TOKEN));
    await a.openSession();
    await a.openSession();
    a.send({ type: 'open', ref: 77, cols: 80, rows: 24 });
    assert.deepEqual(await a.next('error'), { type: 'error', code: ErrorCode.SessionLimit, message: 'this socket already has 2 channels open, its limit', ref: 77 });
    const b = track(await TestClient.open(server.wsUrl, TOKEN));
    await b.openSession();
    b.send({ type: 'open', ref: 78, cols: 80, rows: 24 });
    assert.deepEqual(await b.next('error'), { type: 'error', code: ErrorCode.SessionLimit, message: 'the server already runs 3 sessions, its limit', ref: 78 });
    for (const pty of backend.spawned) pty.exit({ code: 0, signal: null });
  });

  it('refuses input on a read-only attachment, for that channel only', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    const writer = await client.openSession();
    const viewer = await client.openSession({ sessionId: writer.sessionId, readonly: true });
    assert.equal(viewer.readonly, true);
    client.input(viewer.channel, 'rm -rf /\n');
    assert.deepEqual(await client.next('error'), {
      type: 'error', code: ErrorCode.ReadOnly, message: 'input refused: this channel is attached read-only', channel: viewer.channel, sessionId: writer.sessionId,
    });
    client.input(writer.channel, 'ok\n');
    const pty = backend.spawned.at(-1)!;
    await client.until(() => pty.input === 'ok\n', 'the writer\'s input');
    pty.exit({ code: 0, signal: null });
  });

  it('refuses offsets past the stream for that session only, and starts no session for them', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    const spawned = backend.spawned.length;
    client.send({ type: 'open', ref: 31, cols: 80, rows: 24, offset: 5 });
    assert.deepEqual(await client.next('error'), { type: 'error', code: ErrorCode.OutOfBounds, message: 'open.offset must be 0 for a new session, got 5', ref: 31 });
    assert.equal(backend.spawned.length, spawned);
    const opened = await client.openSession();
    backend.spawned.at(-1)!.emit('hello');
    await client.until(() => client.receivedBytes(opened.channel) === 5, 'the output');
    client.send({ type: 'open', ref: 32, sessionId: opened.sessionId, cols: 80, rows: 24, offset: 6 });
    assert.deepEqual(await client.next('error'), {
      type: 'error', code: ErrorCode.OutOfBounds, message: `open.offset must be 0..5 (the session's output so far), got 6`, ref: 32, sessionId: opened.sessionId,
    });
    client.send({ type: 'ack', channel: opened.channel, offset: 9 });
    assert.deepEqual(await client.next('error'), {
      type: 'error', code: ErrorCode.OutOfBounds, message: 'ack.offset must be at most 5 (the output sent on this channel so far), got 9', channel: opened.channel, sessionId: opened.sessionId,
    });
    backend.spawned.at(-1)!.exit({ code: 0, signal: null });
  });

  it('drops messages over the rate limit with one RATE_LIMIT error, and serves again after', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    const burst = 20_000;
    for (let i = 0; i < burst; i++) client.send({ type: 'ping', id: i });
    const error = await client.next('error');
    assert.deepEqual(error, { type: 'error', code: ErrorCode.RateLimit, message: 'too many messages; this one and the next are dropped until the rate falls' });
    await new Promise((r) => setTimeout(r, 100));
    client.send({ type: 'ping', id: burst });
    await client.next('pong', (m) => m.id === burst);
    const pongs = client.messages.filter((m) => m.type === 'pong').length;
    assert.ok(pongs < burst, `${pongs} of ${burst} pings answered`);
    assert.equal(client.messages.filter((m) => m.type === 'error').length, 0, 'one error per episode, not one per dropped message');
    assert.equal(client.ws.readyState, client.ws.OPEN);
  });

  it('refuses an unknown profile and an unknown channel with their own codes', async () => {
    const client = track(await TestClient.open(server.wsUrl, TOKEN));
    client.send({ type: 'open', ref: 5, profile: 'root-shell', cols: 80, rows: 24 });
    assert.deepEqual(await client.next('error'), { type: 'error', code: ErrorCode.UnknownProfile, message: 'profile "root-shell" does not exist; this server has: default', ref: 5 });
    client.send({ type: 'resize', channel: 4242, cols: 80, rows: 24 });
    assert.deepEqual(await client.next('error'), { type: 'error', code: ErrorCode.UnknownChannel, message: 'resize: channel 4242 is not open on this socket', channel: 4242 });
  });
});

describe('logs', () => {
  it('never contain the token, on success or failure, over WebSocket or HTTP', async () => {
    let captured = '';
    const sink = new Writable({ write(chunk, _enc, done) { captured += chunk.toString(); done(); } });
    const logger = pino({ level: 'trace' }, sink);
    const server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: logger, profiles: TEST_PROFILES });
    try {
      const good = await TestClient.open(server.wsUrl, TOKEN);
      const opened = await good.openSession();
      good.input(opened.channel, `echo ${'x'}\n`);
      const bad = await TestClient.connect(server.wsUrl);
      bad.send({ type: 'hello', token: TOKEN + 'x' });
      await bad.closed;
      for (const auth of [`Bearer ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
        await fetch(`${server.url}/api/sessions`, { headers: { Authorization: auth } });
      }
      await good.close();
    } finally {
      await server.close();
    }
    assert.ok(captured.includes('session started'), 'the logger captured lifecycle lines');
    assert.ok(captured.includes('authentication failed'));
    assert.ok(!captured.includes(TOKEN), 'the token appeared in the logs');
    for (const line of captured.trim().split('\n')) {
      const entry = JSON.parse(line);
      if (/session (started|exited)|ending session/.test(entry.msg)) assert.match(entry.sessionId, /^[0-9a-f]{32}$/, line);
    }
  });
});
