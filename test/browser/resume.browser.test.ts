/**
 * Dropped sockets: reconnect and re-attach by id, no byte lost or repeated
 * while the ring covers the gap, a clear marker when it does not.
 * The socket goes through a TCP proxy that can cut every connection.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import {
  cleanup,
  cutProxy,
  listSessions,
  mount,
  refuseProxy,
  screenLines,
  screenText,
  shellPid,
  startProxy,
  startServer,
  waitForOpen,
  waitForText,
  watchSockets,
} from './harness.js';

function mountSessions(wsUrl: string, token: string, count: number, extra = ''): { connection: TermConnection; sessions: TermSession[] } {
  const connection = mount(`<term-connection url="${wsUrl}" token="${token}">${'<term-session scrollback="5000"></term-session>'.repeat(count)}</term-connection>`);
  if (extra) connection.querySelectorAll('term-session').forEach((s) => s.setAttribute(extra, ''));
  return { connection, sessions: [...connection.querySelectorAll('term-session')] };
}

function states(connection: TermConnection): string[] {
  const seen: string[] = [];
  connection.addEventListener('term-connection-state', (event) => seen.push(event.detail.state));
  return seen;
}

/** The numbers of every `n-<number>` line, in screen order. */
function numberedLines(session: TermSession): number[] {
  return screenLines(session)
    .filter((line) => /^n-\d+$/.test(line))
    .map((line) => Number(line.slice(2)));
}

const PRINT_3000 = `for i in $(seq 1 3000); do echo "n-$i"; if [ $((i % 50)) = 0 ]; then sleep 0.05; fi; done; echo all-done\r`;
const ONE_TO_3000 = Array.from({ length: 3000 }, (_, i) => i + 1);

async function printThroughTwoCuts(count: number): Promise<void> {
  const server = await startServer();
  const proxy = await startProxy(server);
  const { connection, sessions } = mountSessions(proxy.wsUrl, server.token, count);
  const seen = states(connection);
  await Promise.all(sessions.map((s) => waitForOpen(s)));
  for (const session of sessions) await waitForText(session, '$ ');
  for (const session of sessions) session.write(PRINT_3000);
  for (const threshold of [1000, 2000]) {
    await waitUntil(() => numberedLines(sessions[0]).length >= threshold, `never reached line ${threshold}`, { timeout: 20_000, interval: 20 });
    // The cut must land mid-stream, or this test proves nothing.
    expect(sessions.some((s) => !screenText(s).includes('\nall-done')), 'output ended before the cut').to.equal(true);
    await cutProxy(proxy.proxyId);
    await waitUntil(() => connection.state === 'open' && sessions.every((s) => s.attached), 'never re-attached', { timeout: 20_000 });
  }
  for (const session of sessions) await waitForText(session, '\nall-done', 30_000);
  for (const session of sessions) {
    expect(numberedLines(session)).to.deep.equal(ONE_TO_3000);
    expect(screenText(session)).not.to.include('bytes of output were lost');
  }
  expect(seen.filter((s) => s === 'reconnecting').length).to.equal(2);
}

describe('resume after a dropped socket', () => {
  afterEach(cleanup);

  it('reconnects, re-attaches every session by id with its offset, and typing works again', async () => {
    const watch = watchSockets();
    try {
      const server = await startServer();
      const proxy = await startProxy(server);
      const { connection, sessions } = mountSessions(proxy.wsUrl, server.token, 2);
      const seen = states(connection);
      const ids = await Promise.all(sessions.map((s) => waitForOpen(s)));
      const pids = [await shellPid(sessions[0], 'before0'), await shellPid(sessions[1], 'before1')];
      await cutProxy(proxy.proxyId);
      await waitUntil(() => connection.state === 'open' && sessions.every((s) => s.attached), 'never re-attached', { timeout: 20_000 });
      expect(seen).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
      expect(sessions.map((s) => s.sessionId)).to.deep.equal(ids);
      expect([await shellPid(sessions[0], 'after0'), await shellPid(sessions[1], 'after1')]).to.deep.equal(pids);
      const reopens = watch.sockets[1].sent.filter((m) => m.type === 'open');
      expect(reopens.map((m) => m.sessionId)).to.have.members(ids);
      for (const open of reopens) expect(open.offset as number).to.be.greaterThan(0);
    } finally {
      watch.restore();
    }
  });

  it('retries at once when the browser comes back online, without waiting out the backoff', async () => {
    const server = await startServer();
    const proxy = await startProxy(server);
    // Backoff ceilings of a minute: only the online event can bring it back within the test.
    const connection = mount(`<term-connection url="${proxy.wsUrl}" token="${server.token}" retry-delay="60000" retry-max-delay="60000"><term-session></term-session></term-connection>`);
    const session = connection.querySelector('term-session')!;
    const id = await waitForOpen(session);
    await refuseProxy(proxy.proxyId, true);
    await cutProxy(proxy.proxyId);
    await waitUntil(() => connection.state === 'reconnecting', 'the cut went unnoticed');
    await refuseProxy(proxy.proxyId, false);
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => connection.state === 'open' && session.attached, 'online did not trigger a retry', { timeout: 10_000 });
    expect(session.sessionId).to.equal(id);
  });

  it('disconnect() closes the socket and stays closed; connect() re-attaches the same sessions', async () => {
    const server = await startServer();
    const { connection, sessions } = mountSessions(server.wsUrl, server.token, 2);
    const ids = await Promise.all(sessions.map((s) => waitForOpen(s)));
    connection.disconnect();
    expect(connection.state).to.equal('closed');
    await waitUntil(async () => (await listSessions(server)).every((s) => s.clients === 0), 'the server should see both sessions detached');
    expect(sessions.map((s) => s.attached)).to.deep.equal([false, false]);
    connection.connect();
    await waitUntil(() => sessions.every((s) => s.attached), 'connect() should re-attach');
    expect(sessions.map((s) => s.sessionId)).to.deep.equal(ids);
  });

  it('keeps every line exactly once, in order, across two cuts while printing 3,000 lines', async () => {
    await printThroughTwoCuts(1);
  });

  it('does the same for three sessions on the one socket', async () => {
    await printThroughTwoCuts(3);
  });

  it('marks output the ring no longer holds with the exact byte count, then continues (snapshots off)', async () => {
    const watch = watchSockets();
    try {
      const ringBytes = 16 * 1024;
      const server = await startServer({ ringBytes, snapshots: false });
      const proxy = await startProxy(server);
      const { connection, sessions } = mountSessions(proxy.wsUrl, server.token, 1);
      const [session] = sessions;
      await waitForOpen(session);
      await waitForText(session, '$ ');
      session.write(`sleep 1; head -c 40000 /dev/zero | tr '\\0' x; echo; echo after-gap\r`);
      await waitForText(session, 'echo after-gap');
      await refuseProxy(proxy.proxyId, true);
      await cutProxy(proxy.proxyId);
      await waitUntil(() => connection.state === 'reconnecting', 'the cut went unnoticed');
      await new Promise((resolve) => setTimeout(resolve, 2500)); // the program writes 40 kB while nobody is attached
      await refuseProxy(proxy.proxyId, false);
      connection.connect(); // retry now instead of waiting out the backoff
      await waitForText(session, '\nafter-gap', 20_000);

      const resumed = watch.sockets.at(-1)!;
      const asked = resumed.sent.find((m) => m.type === 'open')!;
      const opened = resumed.received.find((m) => m.type === 'opened') as { offset: number; lost: number };
      expect(opened.lost).to.be.at.least(40_000 - ringBytes);
      expect(opened.lost).to.equal(opened.offset - (asked.offset as number));
      expect(screenText(session)).to.include(`[termplex: ${opened.lost} bytes of output were lost]`);
      session.write('echo still-going\r');
      await waitForText(session, '\nstill-going');
    } finally {
      watch.restore();
    }
  });

  it('draws the screen from the server\'s snapshot when the ring no longer holds the gap, then continues', async () => {
    const watch = watchSockets();
    try {
      const ringBytes = 16 * 1024;
      const server = await startServer({ ringBytes });
      const proxy = await startProxy(server);
      const { connection, sessions } = mountSessions(proxy.wsUrl, server.token, 1);
      const [session] = sessions;
      await waitForOpen(session);
      await waitForText(session, '$ ');
      session.write(`sleep 1; seq 1 9000; echo after-$((6*7))\r`);
      await waitForText(session, 'echo after-');
      await refuseProxy(proxy.proxyId, true);
      await cutProxy(proxy.proxyId);
      await waitUntil(() => connection.state === 'reconnecting', 'the cut went unnoticed');
      await new Promise((resolve) => setTimeout(resolve, 2500)); // about 43 kB while nobody is attached
      await refuseProxy(proxy.proxyId, false);
      connection.connect();
      await waitForText(session, '\nafter-42', 20_000);

      const resumed = watch.sockets.at(-1)!;
      const snapshot = resumed.received.find((m) => m.type === 'snapshot') as { offset: number } | undefined;
      expect(snapshot, 'a snapshot replaced the gap').to.exist;
      expect(resumed.received.some((m) => m.type === 'lost')).to.equal(false);
      const text = screenText(session);
      expect(text).not.to.include('bytes of output were lost');
      expect(text).to.match(/\n8999\n9000\nafter-42\n/);
      session.write('echo still-$((1+1))\r');
      await waitForText(session, '\nstill-2');
    } finally {
      watch.restore();
    }
  });
});
