/**
 * Elements on the page before either tag is defined, then <term-connection> defined
 * first and <term-session> a moment later: the session still finds its
 * connection. (A fresh page per test file: definitions cannot be undone.)
 */
import { expect } from '@open-wc/testing';
import { TermConnection } from '@termplex/elements/term-connection.component.js';
import { TermSession } from '@termplex/elements/term-session.component.js';
import { cleanup, mount, startServer, waitForOpen, waitForText } from './harness.js';

describe('definition order: <term-connection> first', () => {
  afterEach(cleanup);

  it('connects once both are defined, and the define modules are safe to load afterwards', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session></term-session></term-connection>`);
    const session = connection.querySelector('term-session') as TermSession;
    customElements.define('term-connection', TermConnection);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.attached ?? false).to.equal(false);
    customElements.define('term-session', TermSession);
    await waitForOpen(session);
    session.write('echo defined-late\r');
    await waitForText(session, '\ndefined-late');
    await import('@termplex/elements'); // guarded: no "already defined" error
    expect(customElements.get('term-session')).to.equal(TermSession);
  });
});
