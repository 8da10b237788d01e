import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloseCode } from '@termplex/protocol';
import type { Outage } from './outage.js';
import { ID_A, opened, setup, welcome } from './testing/connection-fixture.js';

function outages(connection: ReturnType<typeof setup>['connection']): Array<Outage | undefined> {
  const seen: Array<Outage | undefined> = [];
  connection.onOutageChange((outage) => seen.push(outage));
  return seen;
}

describe('TerminalConnection during an outage', () => {
  for (const retry of [{}, { maxAttempts: 0 }]) {
    it(`keeps retrying for as long as the page is open (retry ${JSON.stringify(retry)})`, () => {
      const { connection, socket, sockets, timers } = setup({ retry });
      connection.open({ cols: 80, rows: 24 }, {});
      welcome(socket());
      for (let i = 0; i < 200; i++) {
        socket().drop(1006);
        assert.equal(connection.state, 'reconnecting');
        // The ceiling never grows past the 5 s cap, so no wait is longer than that.
        assert.ok(timers.delays[0] < 5000, `delay ${timers.delays[0]}`);
        timers.advance(5000);
      }
      assert.equal(sockets.length, 201);
      welcome(socket());
      assert.equal(connection.state, 'open');
    });
  }

  it('reports each attempt, when the next starts, giving up, and the end', () => {
    const { connection, socket, timers, states } = setup({ retry: { maxAttempts: 2 } });
    const seen = outages(connection);
    connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    assert.equal(connection.outage, undefined);
    socket().drop(1006);
    assert.deepEqual(connection.outage, { attempt: 1, retryIn: 250, gaveUp: false });
    timers.advance(250);
    socket().drop(1006);
    timers.advance(500);
    socket().drop(1006);
    assert.equal(connection.state, 'failed');
    assert.deepEqual(seen, [
      { attempt: 1, retryIn: 250, gaveUp: false },
      { attempt: 1, retryIn: undefined, gaveUp: false },
      { attempt: 2, retryIn: 500, gaveUp: false },
      { attempt: 2, retryIn: undefined, gaveUp: false },
      { attempt: 2, retryIn: undefined, gaveUp: true },
    ]);
    // "Retry now" after giving up goes on with the same outage (and its attempt limit).
    connection.connect();
    assert.deepEqual(connection.outage, { attempt: 3, retryIn: undefined, gaveUp: false });
    assert.equal(connection.state, 'reconnecting');
    welcome(socket());
    assert.equal(seen.at(-1), undefined);
    assert.equal(connection.outage, undefined);
    assert.deepEqual(states.slice(-3), ['failed', 'reconnecting', 'open']);
  });

  it('counts "retry now" while waiting as the next attempt', () => {
    const { connection, socket } = setup();
    connection.open({ cols: 80, rows: 24 }, {});
    welcome(socket());
    socket().drop(1006);
    connection.connect();
    assert.deepEqual(connection.outage, { attempt: 1, retryIn: undefined, gaveUp: false });
    socket().drop(1006);
    assert.deepEqual(connection.outage, { attempt: 2, retryIn: 250, gaveUp: false });
  });

  it('is no outage before the first welcome, after disconnect(), or after a refusal', () => {
    const { connection, socket, timers } = setup();
    const seen = outages(connection);
    connection.open({ cols: 80, rows: 24 }, {});
    socket().drop(1006);
    timers.advance(5000);
    assert.deepEqual(seen, [], 'a page that never got in has no outage, only a failure');
    welcome(socket());
    socket().drop(1006);
    connection.disconnect();
    assert.equal(connection.outage, undefined);
    connection.connect();
    welcome(socket());
    socket().drop(1006);
    timers.advance(5000);
    socket().open();
    socket().drop(CloseCode.AuthFailed, 'TERMPLEX_ERR_AUTH: wrong token');
    assert.equal(connection.state, 'failed');
    assert.equal(connection.outage, undefined);
    assert.equal(seen.at(-1), undefined);
  });

  it('tells a session it is detached, and only while it can still come back', () => {
    const { connection, socket } = setup();
    const calls: string[] = [];
    const session = connection.open({ cols: 80, rows: 24 }, { detached: () => calls.push('detached') });
    const ended = connection.open({ cols: 80, rows: 24 }, { detached: () => calls.push('ended one detached') });
    welcome(socket());
    opened(socket(), 1, 3, ID_A);
    opened(socket(), 2, 4, 'b'.repeat(32));
    ended.close();
    socket().drop(1006);
    assert.deepEqual(calls, ['detached']);
    assert.equal(session.status, 'waiting');
    assert.equal(session.input('typed while away'), false);
  });
});
