/**
 * Durable sessions in a real page. A PTY host (`termplex-server ptyhost`)
 * runs the shells; a web server (`termplex-server --pty-host`) serves them;
 * both are real CLI processes. The web server is stopped (SIGTERM) or killed
 * (SIGKILL) and a new one started on its port with its token. With no click
 * and no connect(), the page reconnects by itself and every terminal carries
 * on: the same session ids, the same shells (PIDs), and every line the
 * shells printed, before, during and after the outage, once and in order.
 * A server whose sessions die with it fails here: the new one knows no ids,
 * so no terminal ever shows another line.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import {
  cleanup,
  listWebSessions,
  mount,
  screenLines,
  signalWebServer,
  startPtyHost,
  startWebServer,
  stopCliServers,
  waitForOpen,
  waitForText,
  watchSockets,
  type CliWebServer,
} from './harness.js';

/** About 40 lines a second per shell, for far longer than a test runs. */
const LOOP = 'for i in $(seq 1 100000); do echo n$i; sleep 0.02; done\r';
/** lines above the screen: every line a test prints (a few thousand at most) stays readable. */
const SCROLLBACK = 50_000;
/**
 * milliseconds for the page to be back: the CLI starting from source, then
 * the page's next retry (up to 5 s, jittered). A bound on working, not a timing.
 */
const BACK_WITHIN = 40_000;

function mountSessions(server: CliWebServer, count: number): { connection: TermConnection; sessions: TermSession[] } {
  const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}">${`<term-session scrollback="${SCROLLBACK}"></term-session>`.repeat(count)}</term-connection>`);
  return { connection, sessions: [...connection.querySelectorAll('term-session')] };
}

/** The numbers of every `n<number>` line the terminal holds, scrollback included, in order. */
function numbers(session: TermSession): number[] {
  return screenLines(session)
    .filter((line) => /^n\d+$/.test(line))
    .map((line) => Number(line.slice(1)));
}

const last = (session: TermSession) => numbers(session).at(-1) ?? 0;

async function pidsById(server: CliWebServer): Promise<Record<string, number>> {
  return Object.fromEntries((await listWebSessions(server)).map((s) => [s.id, s.pid]));
}

async function restartKeepsEverything(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const watch = watchSockets();
  try {
    const host = await startPtyHost();
    const web = await startWebServer(host);
    const { connection, sessions } = mountSessions(web, 3);
    const states: string[] = [];
    connection.addEventListener('term-connection-state', (event) => states.push(event.detail.state));
    const ids = await Promise.all(sessions.map((s) => waitForOpen(s)));
    for (const session of sessions) await waitForText(session, '$ ');
    for (const session of sessions) session.write(LOOP);
    for (const session of sessions) await waitUntil(() => numbers(session).length >= 20, 'the loop never printed 20 lines', { timeout: 10_000 });
    const pids = await pidsById(web);
    expect(Object.keys(pids)).to.have.members(ids);

    expect(await signalWebServer(web, signal)).to.deep.equal(signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' });
    await waitUntil(() => connection.state === 'reconnecting', 'the page never noticed the server go', { timeout: 10_000 });
    const shownWhenAway = sessions.map(last);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the shells print on; nobody serves them

    const again = await startWebServer(host, { port: web.port, token: web.token });
    expect(again.pid, 'a new process on the old port').not.to.equal(web.pid);
    await waitUntil(() => connection.state === 'open' && sessions.every((s) => s.attached), 'the page never re-attached by itself', { timeout: BACK_WITHIN });
    for (const [i, session] of sessions.entries()) {
      await waitUntil(() => last(session) > shownWhenAway[i] + 10, `terminal ${i + 1} showed no new lines after n${shownWhenAway[i]}`, { timeout: 10_000 });
      // And it keeps coming: the shell runs on, served by the new server.
      const caughtUp = last(session);
      await waitUntil(() => last(session) > caughtUp + 10, `terminal ${i + 1} stopped at n${caughtUp}`, { timeout: 10_000 });
    }

    for (const [i, session] of sessions.entries()) {
      const seen = numbers(session);
      expect(seen, `terminal ${i + 1}: n1..n${seen.length}, each once, in order`).to.deep.equal(seen.map((_, k) => k + 1));
    }
    expect(sessions.map((s) => s.sessionId)).to.deep.equal(ids);
    expect(sessions.map((s) => s.getAttribute('session-id'))).to.deep.equal(ids);
    expect(await pidsById(again), 'the same shells').to.deep.equal(pids);
    // One event per failed attempt while away: the same state again, with its error.
    expect(states.filter((state, i) => state !== states[i - 1])).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
    // The page found the new server by itself, on a new socket, and asked for each session by id from where it was.
    const reopens = watch.sockets.at(-1)!.sent.filter((m) => m.type === 'open');
    expect(watch.sockets.length).to.be.greaterThan(1);
    expect(reopens.map((m) => m.sessionId)).to.have.members(ids);
    for (const open of reopens) expect(open.offset as number).to.be.greaterThan(0);
  } finally {
    watch.restore();
  }
}

describe('a web server restart with a PTY host (real CLI processes)', () => {
  afterEach(async () => {
    await cleanup();
    await stopCliServers();
  });

  it('keeps every terminal, its session id, its shell and every line across a SIGTERM and a new server on the port', async function () {
    this.timeout(90_000);
    await restartKeepsEverything('SIGTERM');
  });

  it('does the same when the web server is killed with SIGKILL', async function () {
    this.timeout(90_000);
    await restartKeepsEverything('SIGKILL');
  });
});
