import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACK_STEP, ErrorCode, MAX_FRAME_DATA, SUBPROTOCOL, type ProtocolError } from '@termplex/protocol';
import { IDLE_ACK_DELAY } from './ack-tracker.js';
import type { ConnectionState } from './connection-state.js';
import type { TerminalConnectionOptions } from './terminal-connection.js';
import { ID_A, ID_B, opened, recorder, setup, welcome } from './testing/connection-fixture.js';

describe('TerminalConnection', () => {
  it('connects lazily, offers termplex.v1 and says hello first', () => {
    const { connection, sockets, socket, states } = setup();
    assert.equal(connection.state, 'idle');
    assert.equal(sockets.length, 0);
    connection.open({ cols: 80, rows: 24 }, {});
    assert.equal(sockets.length, 1);
    assert.equal(socket().protocol, SUBPROTOCOL);
    assert.equal(socket().binaryType, 'arraybuffer');
    socket().open();
    assert.deepEqual(socket().messages, [{ type: 'hello', token: 'secret', client: 'termplex-elements' }]);
    socket().receive({ type: 'welcome', protocol: SUBPROTOCOL, server: 'test', heartbeat: 15_000 });
    assert.deepEqual(states, ['connecting', 'open']);
    assert.deepEqual(socket().messages[1], { type: 'open', ref: 1, cols: 80, rows: 24 });
  });

  it('routes output, size, exit and errors to their own session only', () => {
    const { connection, socket } = setup();
    const a = recorder();
    const b = recorder();
    connection.open({ cols: 80, rows: 24, profile: 'bash' }, a.handler);
    connection.open({ cols: 100, rows: 30 }, b.handler);
    welcome(socket());
    assert.deepEqual(socket().messages.slice(1), [
      { type: 'open', ref: 1, cols: 80, rows: 24, profile: 'bash' },
      { type: 'open', ref: 2, cols: 100, rows: 30 },
    ]);
    opened(socket(), 2, 8, ID_B);
    opened(socket(), 1, 7, ID_A);
    socket().receiveOutput(7, 'hello A');
    socket().receiveOutput(8, 'hi B');
    socket().receiveOutput(99, 'nobody');
    socket().receive({ type: 'size', channel: 8, cols: 90, rows: 20 });
    socket().receive({ type: 'error', code: ErrorCode.ReadOnly, message: 'no', channel: 7 });
    socket().receive({ type: 'exit', channel: 8, sessionId: ID_B, code: 0, signal: null });
    assert.deepEqual(a.text, ['hello A']);
    assert.deepEqual(a.events, [['opened', ID_A, 0], ['output', 7], ['error', ErrorCode.ReadOnly, 'no']]);
    assert.deepEqual(b.events, [['opened', ID_B, 0], ['output', 4], ['size', 90, 20], ['exit', 0, null]]);
    assert.equal(connection.sessionCount, 1);
  });

  it('routes an error with a ref to the session whose open failed, and ends it', () => {
    const { connection, socket } = setup();
    const a = recorder();
    const b = recorder();
    const unrouted: ProtocolError[] = [];
    connection.onError((error) => unrouted.push(error));
    const sessionA = connection.open({ cols: 80, rows: 24, sessionId: ID_A }, a.handler);
    connection.open({ cols: 80, rows: 24 }, b.handler);
    welcome(socket());
    socket().receive({ type: 'error', code: ErrorCode.UnknownSession, message: `no session ${ID_A}`, ref: 1, sessionId: ID_A });
    socket().receive({ type: 'error', code: ErrorCode.RateLimit, message: 'slow down' });
    assert.deepEqual(a.events, [['error', ErrorCode.UnknownSession, `no session ${ID_A}`]]);
    assert.deepEqual(b.events, []);
    assert.equal(sessionA.status, 'ended');
    assert.deepEqual(unrouted, [{ code: ErrorCode.RateLimit, message: 'slow down' }]);
  });

  it('splits input at MAX_FRAME_DATA and never sends input or resizes for a viewer', () => {
    const { connection, socket } = setup();
    const writer = connection.open({ cols: 80, rows: 24 }, {});
    const viewer = connection.open({ cols: 80, rows: 24, sessionId: ID_B, readonly: true }, {});
    assert.equal(writer.input('early'), false, 'input before attach is refused');
    welcome(socket());
    assert.deepEqual(socket().messages[2], { type: 'open', ref: 2, cols: 80, rows: 24, sessionId: ID_B, offset: 0, readonly: true });
    opened(socket(), 1, 3, ID_A);
    opened(socket(), 2, 4, ID_B, { readonly: true });
    assert.equal(writer.input(new Uint8Array(MAX_FRAME_DATA + 10).fill(65)), true);
    assert.equal(viewer.input('x'), false);
    viewer.resize(100, 40);
    writer.resize(100, 40);
    assert.deepEqual(socket().frames.map((f) => [f.channel, f.data.byteLength]), [[3, MAX_FRAME_DATA], [3, 10]]);
    assert.deepEqual(socket().last('resize'), { type: 'resize', channel: 3, cols: 100, rows: 40 });
    assert.equal(socket().messages.filter((m) => m.type === 'resize').length, 1);
  });

  it('re-attaches every session by id with its offset after the socket drops', () => {
    const { connection, socket, sockets, timers, states } = setup();
    const a = recorder();
    connection.open({ cols: 80, rows: 24 }, a.handler);
    const ended = connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    opened(socket(), 1, 5, ID_A, { offset: 0, head: 0 });
    opened(socket(), 2, 6, ID_B);
    socket().receiveOutput(5, '0123456789');
    socket().receive({ type: 'exit', channel: 6, sessionId: ID_B, code: 1, signal: null });
    assert.equal(ended.status, 'ended');
    socket().drop(1006);
    assert.equal(connection.state, 'reconnecting');
    timers.advance(500);
    assert.equal(sockets.length, 2);
    welcome(socket());
    assert.deepEqual(socket().messages.slice(1), [{ type: 'open', ref: 3, cols: 80, rows: 24, sessionId: ID_A, offset: 10 }]);
    assert.deepEqual(states, ['connecting', 'open', 'reconnecting', 'open']);
  });

  it('backs off with full jitter: 0.5 s doubling to a 5 s cap', () => {
    for (const r of [0, 0.5, 0.999]) {
      const { connection, socket, timers } = setup({ retry: { maxAttempts: 12 } }, () => r);
      connection.open({ cols: 80, rows: 24 }, {});
      welcome(socket());
      const delays: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        socket().drop(1006);
        delays.push(timers.delays[0]);
        timers.advance(delays.at(-1)!);
      }
      const ceilings = [500, 1000, 2000, 4000, 5000, 5000, 5000, 5000];
      assert.deepEqual(delays, ceilings.map((c) => Math.floor(r * c)));
      connection.dispose();
    }
  });

  it('gives up after the attempt limit, then connect() starts again', () => {
    const { connection, socket, sockets, timers, states } = setup({ retry: { maxAttempts: 2 } });
    connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    for (let i = 0; i < 3; i++) {
      socket().drop(1006);
      timers.advance(20_000);
    }
    assert.equal(connection.state, 'failed');
    assert.equal(connection.error?.code, ErrorCode.ConnectionFailed);
    assert.equal(connection.error?.message, 'lost the connection to ws://127.0.0.1:9/termplex; 2 reconnect attempts failed (last close code 1006)');
    assert.equal(sockets.length, 3);
    assert.deepEqual(timers.delays, []);
    connection.connect();
    assert.equal(sockets.length, 4);
    // Still the same outage: it goes on reconnecting under the same attempt limit.
    assert.deepEqual(states.slice(-2), ['failed', 'reconnecting']);
  });

  it('gives up early when no socket was ever welcomed (a refused Origin looks like this)', () => {
    const { connection, socket, sockets, timers } = setup();
    connection.open({ cols: 80, rows: 24 }, {});
    for (let i = 0; i < 5; i++) {
      socket().drop(1006);
      timers.advance(20_000);
    }
    assert.equal(sockets.length, 3);
    assert.equal(connection.state, 'failed');
    assert.match(connection.error!.message, /^could not connect to ws:\/\/127\.0\.0\.1:9\/termplex after 3 attempts \(server unreachable, or it refused this page's Origin; last close code 1006\)$/);
  });

  for (const [closeCode, code, reason, message] of [
    [4001, ErrorCode.Auth, 'TERMPLEX_ERR_AUTH: wrong token', 'the server refused the token (wrong token)'],
    [4002, ErrorCode.ProtocolVersion, 'TERMPLEX_ERR_PROTOCOL_VERSION: expected termplex.v1', 'the server speaks another protocol version (expected termplex.v1)'],
  ] as const) {
    it(`does not retry after close ${closeCode} and says why`, () => {
      const { connection, socket, sockets, timers } = setup();
      const states: Array<[ConnectionState, string | undefined]> = [];
      connection.open({ cols: 80, rows: 24 }, { state: (state, error) => states.push([state, error?.code]) });
      socket().open();
      socket().drop(closeCode, reason);
      timers.advance(60_000);
      assert.equal(sockets.length, 1);
      assert.deepEqual(connection.error, { code, message });
      assert.deepEqual(states.at(-1), ['failed', code]);
    });
  }

  it('times out a connect attempt that never gets a welcome', () => {
    const { connection, socket, sockets, timers } = setup({ connectTimeout: 10_000 });
    connection.open({ cols: 80, rows: 24 }, {});
    socket().open();
    timers.advance(9_999);
    assert.equal(socket().closed, undefined);
    timers.advance(1);
    assert.deepEqual(sockets[0].closed, { code: 4000, reason: 'unresponsive' });
    assert.equal(connection.state, 'reconnecting');
  });

  it('treats a missing pong as a dead socket', () => {
    const { connection, socket, sockets, timers } = setup({ heartbeatTimeout: 10_000 });
    connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket(), 15_000);
    timers.advance(15_000);
    assert.deepEqual(socket().last('ping'), { type: 'ping', id: 1 });
    socket().receive({ type: 'pong', id: 1 });
    timers.advance(15_000);
    assert.deepEqual(socket().last('ping'), { type: 'ping', id: 2 });
    timers.advance(9_999);
    assert.equal(connection.state, 'open');
    timers.advance(1);
    assert.equal(connection.state, 'reconnecting');
    assert.deepEqual(sockets[0].closed, { code: 4000, reason: 'unresponsive' });
  });

  it('retries at once when woken (online, tab visible)', () => {
    const { connection, socket, sockets } = setup();
    connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    socket().drop(1006);
    assert.equal(sockets.length, 1);
    connection.wake();
    assert.equal(sockets.length, 2);
    connection.wake(); // a socket is already in flight: no second one
    assert.equal(sockets.length, 2);
  });

  it('acks parsed output every ACK_STEP bytes and once output goes idle', () => {
    const { connection, socket, timers } = setup();
    const session = connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    opened(socket(), 1, 2, ID_A, { offset: 1000, head: 1000 });
    socket().receiveOutput(2, 'x'.repeat(ACK_STEP));
    socket().receiveOutput(2, 'tail');
    session.parsed(1000 + ACK_STEP);
    assert.deepEqual(socket().last('ack'), { type: 'ack', channel: 2, offset: 1000 + ACK_STEP });
    session.parsed(1000 + ACK_STEP + 4);
    timers.advance(IDLE_ACK_DELAY - 1);
    assert.equal(socket().last('ack')?.offset, 1000 + ACK_STEP);
    timers.advance(1);
    assert.deepEqual(socket().last('ack'), { type: 'ack', channel: 2, offset: 1000 + ACK_STEP + 4 });
  });

  it('moves the offset past a loss so the next re-attach asks for what follows', () => {
    const { connection, socket, timers } = setup();
    const a = recorder();
    connection.open({ cols: 80, rows: 24 }, a.handler);
    welcome(socket());
    opened(socket(), 1, 2, ID_A, { offset: 500, lost: 500 });
    socket().receive({ type: 'lost', channel: 2, sessionId: ID_A, bytes: 300, offset: 800 });
    socket().receiveOutput(2, 'abc');
    assert.deepEqual(a.events.slice(1), [['lost', 300, 800], ['output', 803]]);
    socket().drop();
    timers.advance(1000);
    welcome(socket());
    assert.equal(socket().last('open')?.offset, 803);
  });

  it('closes or detaches a session, even one whose open is still pending', () => {
    const { connection, socket } = setup();
    const attached = connection.open({ cols: 80, rows: 24 }, {});
    const pending = connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    opened(socket(), 1, 4, ID_A);
    attached.close({ detach: true });
    pending.close();
    assert.equal(pending.status, 'opening');
    opened(socket(), 2, 5, ID_B);
    assert.deepEqual(socket().messages.filter((m) => m.type === 'close'), [
      { type: 'close', channel: 4, detach: true },
      { type: 'close', channel: 5, detach: false },
    ]);
    assert.equal(connection.sessionCount, 0);
  });

  it('stays closed after disconnect() until connect() or a new session', () => {
    const { connection, socket, sockets } = setup();
    connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    connection.disconnect();
    assert.deepEqual(sockets[0].closed, { code: 1000, reason: 'disconnect' });
    assert.equal(connection.state, 'closed');
    assert.equal(sockets.length, 1);
    connection.open({ cols: 80, rows: 24 }, {});
    assert.equal(sockets.length, 2);
    welcome(socket());
    assert.deepEqual(socket().messages.filter((m) => m.type === 'open').map((m) => m.ref), [2, 3]);
  });

  it('fails with a clear error when there is no token', () => {
    const { connection, sockets } = setup({ token: undefined });
    const errors: Array<string | undefined> = [];
    connection.open({ cols: 80, rows: 24 }, { state: (_state, error) => errors.push(error?.message) });
    assert.equal(sockets.length, 0);
    assert.equal(connection.state, 'failed');
    assert.deepEqual(errors, ['a token or a ticket is required: set the token, ticket or ticket-url attribute of <term-connection>']);
    connection.token = 'later';
    connection.connect();
    assert.equal(sockets.length, 1);
  });

  it('rejects bad options naming the option and its bound', () => {
    const make = (options: Partial<TerminalConnectionOptions>) => () => setup(options);
    assert.throws(make({ connectTimeout: -1 }), new TypeError('connectTimeout must be an integer 1..600000, got -1'));
    assert.throws(make({ heartbeatTimeout: 1.5 }), new TypeError('heartbeatTimeout must be an integer 1..600000, got 1.5'));
    assert.throws(make({ retry: { maxAttempts: -2 } }), new TypeError('retry.maxAttempts must be an integer 0..1000, got -2'));
    assert.throws(make({ retry: { baseDelay: 1000, maxDelay: 10 } }), new TypeError('retry.maxDelay must be at least retry.baseDelay (1000), got 10'));
    assert.throws(make({ url: '' }), new TypeError('url must be a ws:// or wss:// URL, got '));
  });
});
