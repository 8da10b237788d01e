/**
 * The server goes away and comes back: one banner per connection that says
 * so, reconnecting by itself for as long as it takes, input typed meanwhile
 * held and delivered (or refused, visibly), and a session that did not
 * survive the outage explained in words, with Enter starting a new one.
 * "Away" is the TCP proxy refusing connections; "a new server" is one started
 * on the old port with the old token, which knows none of the old sessions.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import {
  cleanup,
  createSession,
  cutProxy,
  listSessions,
  mount,
  refuseProxy,
  screenText,
  startProxy,
  startServer,
  stopServer,
  waitForOpen,
  waitForText,
} from './harness.js';

/** Short backoff, so many attempts fit in a test. */
const FAST_RETRY = 'retry-delay="50" retry-max-delay="200"';

function banner(connection: TermConnection): HTMLElement | null {
  return connection.shadowRoot!.querySelector<HTMLElement>('[part="banner"]');
}

function overlay(session: TermSession): HTMLElement | null {
  return session.shadowRoot!.querySelector<HTMLElement>('[part~="overlay"]');
}

/** A notice as the terminal shows it: broken into lines at spaces to fit its width. */
const notice = (line: string) => new RegExp(line.split(' ').map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));

/** Whitespace collapsed, as a reader sees it. */
const text = (element: Element | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function rendered(...elements: Array<TermConnection | TermSession>): Promise<void> {
  await Promise.all(elements.map((element) => element.updateComplete));
}

async function mountThroughProxy(count: number, attributes = FAST_RETRY) {
  const server = await startServer();
  const proxy = await startProxy(server);
  const connection = mount(`<term-connection url="${proxy.wsUrl}" token="${server.token}" ${attributes}>${'<term-session></term-session>'.repeat(count)}</term-connection>`);
  const sessions = [...connection.querySelectorAll('term-session')];
  const ids = await Promise.all(sessions.map((session) => waitForOpen(session)));
  return { server, proxy, connection, sessions, ids };
}

async function serverAway(proxyId: string, connection: TermConnection): Promise<void> {
  await refuseProxy(proxyId, true);
  await cutProxy(proxyId);
  await waitUntil(() => connection.state === 'reconnecting', 'the cut went unnoticed');
}

describe('when the server goes away', () => {
  afterEach(cleanup);

  it('shows one banner for the connection, keeps trying past ten attempts, and reconnects by itself', async () => {
    const { proxy, connection, sessions, ids } = await mountThroughProxy(2);
    await rendered(connection);
    expect(banner(connection)?.hidden, 'a banner exists, hidden while open').to.equal(true);

    await serverAway(proxy.proxyId, connection);
    const attempt = () => Number(/\(attempt (\d+)\)/.exec(text(banner(connection)))?.[1] ?? 0);
    await waitUntil(() => attempt() > 12, `the banner never counted past 12 attempts: "${text(banner(connection))}"`, { timeout: 15_000 });
    expect(connection.state).to.equal('reconnecting');
    await rendered(connection, ...sessions);
    const shown = banner(connection)!;
    expect(shown.hidden).to.equal(false);
    expect(shown.getAttribute('role')).to.equal('status');
    expect(shown.getAttribute('aria-live')).to.equal('polite');
    expect(text(shown)).to.match(/^Connection to the terminal server lost\. Reconnecting… \(attempt \d+\) (Next try in \d+ s\.|Trying now…) What you type is sent once it is back\. Retry now$/);
    expect(connection.shadowRoot!.querySelectorAll('[part="banner"]').length).to.equal(1);
    for (const session of sessions) {
      // A small hint per terminal, not a panel of its own.
      expect(overlay(session)!.classList.contains('badge')).to.equal(true);
      expect(text(overlay(session))).to.equal('Reconnecting…');
      expect(session.shadowRoot!.querySelector('button, [role="alert"]')).to.equal(null);
    }

    await refuseProxy(proxy.proxyId, false);
    await waitUntil(() => connection.state === 'open' && sessions.every((s) => s.attached), 'never came back by itself', { timeout: 10_000 });
    await rendered(connection, ...sessions);
    expect(banner(connection)!.hidden).to.equal(true);
    expect(text(banner(connection))).to.equal('');
    expect(sessions.map((s) => s.sessionId)).to.deep.equal(ids);
    expect(sessions.map(overlay)).to.deep.equal([null, null]);
  });

  it('says when the next attempt is, and "Retry now" tries at once', async () => {
    // Backoff ceilings of a minute: only the button can bring it back within the test.
    const { proxy, connection, sessions } = await mountThroughProxy(1, 'retry-delay="60000" retry-max-delay="60000"');
    await serverAway(proxy.proxyId, connection);
    await rendered(connection);
    expect(text(connection.shadowRoot!.querySelector('[part="banner-countdown"]'))).to.match(/^(Next try in \d+ s\.|Trying now…)$/);
    await refuseProxy(proxy.proxyId, false);
    connection.shadowRoot!.querySelector<HTMLButtonElement>('[part="banner"] [part="retry-button"]')!.click();
    await waitUntil(() => connection.state === 'open' && sessions[0].attached, 'Retry now did not reconnect', { timeout: 5_000 });
    await rendered(connection);
    expect(banner(connection)!.hidden).to.equal(true);
  });

  it('holds input typed meanwhile, shows it as pending, sends it on resume, and refuses what does not fit', async () => {
    const { proxy, connection, sessions } = await mountThroughProxy(1);
    const [session] = sessions;
    await waitForText(session, '$ ');
    await serverAway(proxy.proxyId, connection);
    session.terminal!.input('echo held-'); // typed
    session.write('$((40+2))\r'); // and written, the same path
    await rendered(session);
    expect(text(overlay(session))).to.equal('Reconnecting… · 20 bytes waiting to be sent');

    session.write('x'.repeat(70_000));
    await waitForText(session, notice('[termplex: refused 70000 bytes of input: at most 65536 bytes can wait to be sent, and 20 already are]'));

    await refuseProxy(proxy.proxyId, false);
    await waitForText(session, '\nheld-42');
    await rendered(session);
    expect(overlay(session)).to.equal(null);
    expect(screenText(session)).not.to.include('xxxxxxxxxx');
  });

  it('explains a session that ended while the server was away; Enter starts a new one of the same profile', async () => {
    const first = await startServer();
    const { id } = await createSession(first, { profile: 'cat' });
    const connection = mount(`<term-connection url="${first.wsUrl}" token="${first.token}" ${FAST_RETRY}><term-session id="outlived" persist session-id="${id}" style="width: 400px"></term-session></term-connection>`);
    const session = connection.querySelector('term-session')!;
    await waitForOpen(session);
    const errors: string[] = [];
    session.addEventListener('term-session-error', (event) => errors.push(event.detail.code));

    await stopServer(first);
    await waitUntil(() => connection.state === 'reconnecting', 'the stop went unnoticed');
    session.terminal!.input('typed while away');
    const second = await startServer({ port: first.port, token: first.token });
    await waitForText(session, notice('[termplex: The session in this terminal ended while the server was away. Press Enter to start a new one.]'));
    expect(screenText(session)).to.match(notice('[termplex: the 16 bytes typed while disconnected were not sent]'));
    expect(screenText(session)).not.to.include('TERMPLEX_ERR_UNKNOWN_SESSION');
    const buffer = session.terminal!.buffer.active;
    const cut = Array.from({ length: buffer.length }, (_, y) => buffer.getLine(y)!).filter((line) => line.isWrapped);
    expect(cut.length, 'a notice in this narrow terminal was cut mid-word instead of broken at a space').to.equal(0);
    expect(errors).to.deep.equal(['TERMPLEX_ERR_UNKNOWN_SESSION']);
    await rendered(connection, session);
    expect(connection.state).to.equal('open');
    expect(banner(connection)!.hidden).to.equal(true);
    expect(overlay(session)!.dataset.state).to.equal('ended');
    expect(text(overlay(session))).to.equal('Session ended');
    expect(sessionStorage.getItem(`termplex:session:${location.pathname}#outlived`)).to.equal(null);

    session.terminal!.input('\r');
    await waitUntil(() => session.attached && session.sessionId !== id, 'Enter did not start a new session');
    expect(sessionStorage.getItem(`termplex:session:${location.pathname}#outlived`)).to.equal(session.sessionId);
    expect((await listSessions(second)).map((s) => [s.id, s.profile])).to.deep.equal([[session.sessionId, 'cat']]);
    await rendered(session);
    expect(overlay(session)).to.equal(null);
    session.terminal!.input('still-here\r');
    await waitForText(session, 'still-here\nstill-here');
  });
});
