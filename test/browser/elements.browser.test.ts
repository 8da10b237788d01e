/**
 * <term-connection> and <term-session> against a real server, real PTYs:
 * multiplexing, attach, per-session errors, removal, first frame.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import {
  cleanup,
  createSession,
  listSessions,
  mount,
  nextEvent,
  screenText,
  shellPid,
  startServer,
  waitForOpen,
  waitForText,
  watchSockets,
} from './harness.js';

const sessionsOf = (connection: TermConnection) => [...connection.querySelectorAll('term-session')];

describe('<term-connection> with <term-session>s against a real server', () => {
  afterEach(cleanup);

  it('runs three sessions on one socket; typing in each shows only there', async () => {
    const watch = watchSockets();
    try {
      const server = await startServer();
      const connection = mount(`<term-connection url="${server.wsUrl}"><term-session></term-session><term-session></term-session><term-session></term-session></term-connection>`);
      connection.token = server.token;
      const sessions = sessionsOf(connection);
      await Promise.all(sessions.map((s) => waitForOpen(s)));
      for (const session of sessions) await waitForText(session, '$ ');
      for (const [i, session] of sessions.entries()) session.write(`echo marker-$((${i} * 111))\r`);
      for (const [i, session] of sessions.entries()) await waitForText(session, `\nmarker-${i * 111}`);
      for (const [i, session] of sessions.entries()) {
        for (let j = 0; j < 3; j++) if (j !== i) expect(screenText(session)).not.to.include(`marker-${j * 111}`);
      }
      expect(watch.sockets.length, 'WebSockets opened for three terminals').to.equal(1);
      const opens = watch.sockets[0].sent.filter((m) => m.type === 'open');
      expect(opens.length).to.equal(3);
      const listed = await listSessions(server);
      expect(listed.map((s) => s.clients)).to.deep.equal([1, 1, 1]);
    } finally {
      watch.restore();
    }
  });

  it('reflects the session id the server assigned and announces it', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session></term-session></term-connection>`);
    const [session] = sessionsOf(connection);
    const opened = await nextEvent(session, 'term-session-open');
    expect(opened.detail.sessionId).to.match(/^[0-9a-f]{32}$/);
    expect(session.getAttribute('session-id')).to.equal(opened.detail.sessionId);
    expect((await listSessions(server)).map((s) => s.id)).to.deep.equal([opened.detail.sessionId]);
  });

  it('attaches to a session created through the server API and sees its output', async () => {
    const server = await startServer();
    const created = await createSession(server, { cols: 80, rows: 24 });
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session session-id="${created.id}"></term-session></term-connection>`);
    const [session] = sessionsOf(connection);
    expect(await waitForOpen(session)).to.equal(created.id);
    expect(await shellPid(session, 'attached')).to.equal(created.pid);
  });

  it('shows an unknown session-id error in that terminal only; the others keep working', async () => {
    const server = await startServer();
    const unknown = '0123456789abcdef0123456789abcdef';
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session session-id="${unknown}"></term-session><term-session></term-session></term-connection>`);
    const [broken, healthy] = sessionsOf(connection);
    const error = await nextEvent(broken, 'term-session-error');
    expect(error.detail.code).to.equal('TERMPLEX_ERR_UNKNOWN_SESSION');
    await waitForText(broken, 'TERMPLEX_ERR_UNKNOWN_SESSION');
    await waitForOpen(healthy);
    healthy.write('echo still-fine\r');
    await waitForText(healthy, '\nstill-fine');
    expect(screenText(healthy)).not.to.include('TERMPLEX_ERR');
    expect(connection.state).to.equal('open');
  });

  it('closes its session when removed, and keeps it when it has persist', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session id="plain"></term-session><term-session id="kept" persist></term-session></term-connection>`);
    const [plain, kept] = sessionsOf(connection);
    const plainId = await waitForOpen(plain);
    const keptId = await waitForOpen(kept);
    plain.remove();
    kept.remove();
    await waitUntil(async () => {
      const listed = await listSessions(server);
      return !listed.some((s) => s.id === plainId) && listed.find((s) => s.id === keptId)?.clients === 0;
    }, 'the plain session should end and the persisted one stay, detached');
    expect((await listSessions(server)).map((s) => s.id)).to.deep.equal([keptId]);
  });

  it('serves its sessions again after the whole connection is removed and inserted again', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session></term-session></term-connection>`);
    const [session] = sessionsOf(connection);
    const first = await waitForOpen(session);
    connection.remove();
    await waitUntil(() => connection.state === 'closed' && !session.attached, 'removal should close the socket');
    // Removed with its connection (a page swapping its content), the session ends rather than wait out its grace period.
    await waitUntil(async () => !(await listSessions(server)).some((s) => s.id === first), 'the removed session should end on the server');
    document.body.append(connection);
    await waitForOpen(session);
    expect(session.sessionId).not.to.equal(first); // without persist the first session ended with its element
    session.write('echo back-again\r');
    await waitForText(session, '\nback-again');
  });

  it('paints the theme background before xterm exists (no white first frame)', async () => {
    const connection = mount(`<term-connection url="ws://127.0.0.1:9/termplex"></term-connection>`);
    connection.style.setProperty('--term-background', 'rgb(1, 2, 3)');
    await connection.updateComplete; // its <slot> exists: children are in the rendered tree
    const session = document.createElement('term-session');
    connection.append(session);
    // Synchronously after insertion: styles are adopted, the terminal is not built yet.
    expect(session.terminal).to.equal(undefined);
    expect(getComputedStyle(session).backgroundColor).to.equal('rgb(1, 2, 3)');
    await session.updateComplete;
    expect(session.terminal).not.to.equal(undefined);
    const viewport = session.shadowRoot!.querySelector('.xterm-viewport')!;
    expect(getComputedStyle(viewport).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });

  it('follows its box: a resize refits the terminal and resizes the PTY', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session style="width: 700px"></term-session></term-connection>`);
    const [session] = sessionsOf(connection);
    await waitForOpen(session);
    const ptyCols = async () => (await listSessions(server))[0].cols;
    await waitUntil(async () => (await ptyCols()) === session.terminal!.cols, 'PTY never took the fitted size');
    const wide = session.terminal!.cols;
    session.style.width = '350px';
    await waitUntil(async () => session.terminal!.cols < wide && (await ptyCols()) === session.terminal!.cols, 'a narrower box should give fewer columns, here and on the server');
    session.write('stty size\r');
    await waitForText(session, new RegExp(`\\n${session.terminal!.rows} ${session.terminal!.cols}\\n`));
  });

  it('is labelled, focusable, and offers screen-reader mode', async () => {
    const connection = mount(`<term-connection url="ws://127.0.0.1:9/termplex"><term-session label="Build log" screen-reader></term-session></term-connection>`);
    const [session] = sessionsOf(connection);
    await session.updateComplete;
    const textarea = session.terminal!.textarea!;
    expect(textarea.getAttribute('aria-label')).to.equal('Build log');
    expect(session.shadowRoot!.querySelector('[part="terminal"]')!.getAttribute('aria-label')).to.equal('Build log');
    expect(session.terminal!.options.screenReaderMode).to.equal(true);
    session.focus();
    expect(session.shadowRoot!.activeElement).to.equal(textarea);
    expect(session.matches(':focus-within')).to.equal(true);
  });

  it('finds its connection by id, outside any <term-connection>', async () => {
    const server = await startServer();
    mount(`<term-connection id="a" url="${server.wsUrl}" token="${server.token}"></term-connection>`);
    mount(`<term-connection id="b" url="ws://127.0.0.1:9/termplex"></term-connection>`);
    const session = mount<TermSession>(`<term-session connection="a"></term-session>`);
    await waitForOpen(session);
    const orphan = mount<TermSession>(`<term-session></term-session>`);
    const error = await nextEvent(orphan, 'term-session-error');
    expect(error.detail).to.deep.equal({ code: 'TERMPLEX_ERR_NO_CONNECTION', message: '2 <term-connection> elements on this page: set connection="id" to pick one' });
  });
});
