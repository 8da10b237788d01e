/**
 * A terminal that attaches to a running session redraws it from the ring:
 * after a page reload (`persist`), or by id. Replayed output must not answer
 * the terminal queries it contains.
 */
import { expect } from '@open-wc/testing';
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { cleanup, listSessions, mount, screenText, shellPid, startServer, waitForOpen, waitForText } from './harness.js';

/** Prints a cursor-position query after a second, then waits for an answer on stdin. */
const ASK_CURSOR = `sleep 1; printf 'asking\\033[6n\\n'; read -t 5 -s -d R reply; echo "reply-length:\${#reply}"\r`;
const REPLY = /\nreply-length:(\d+)/;

function mountPage(wsUrl: string, token: string, sessionAttributes: string): TermSession {
  const connection = mount(`<term-connection url="${wsUrl}" token="${token}"><term-session ${sessionAttributes}></term-session></term-connection>`);
  return connection.querySelector('term-session')!;
}

/** What a reload does to the elements: all of them go, new ones come. */
function unloadPage(): void {
  document.querySelectorAll('term-connection').forEach((connection) => connection.remove());
}

describe('replay', () => {
  afterEach(cleanup);
  afterEach(() => sessionStorage.clear());

  it('with persist, re-attaches after a reload: same shell, earlier output redrawn', async () => {
    const server = await startServer();
    const before = mountPage(server.wsUrl, server.token, 'id="main-terminal" persist');
    const id = await waitForOpen(before);
    before.write('echo written-before-reload\r');
    await waitForText(before, '\nwritten-before-reload');
    const pid = await shellPid(before, 'first');
    unloadPage();

    const after = mountPage(server.wsUrl, server.token, 'id="main-terminal" persist');
    expect(await waitForOpen(after)).to.equal(id);
    await waitForText(after, '\nwritten-before-reload');
    expect(await shellPid(after, 'second')).to.equal(pid);
    expect((await listSessions(server)).length).to.equal(1);
  });

  it('without persist, a reload starts a new shell', async () => {
    const server = await startServer();
    const before = mountPage(server.wsUrl, server.token, 'id="main-terminal"');
    const id = await waitForOpen(before);
    unloadPage();
    const after = mountPage(server.wsUrl, server.token, 'id="main-terminal"');
    expect(await waitForOpen(after)).not.to.equal(id);
  });

  it('answers a live cursor-position query (the control for the next test)', async () => {
    const server = await startServer();
    const session = mountPage(server.wsUrl, server.token, '');
    await waitForOpen(session);
    await waitForText(session, '$ ');
    session.write(ASK_CURSOR);
    await waitForText(session, REPLY);
    expect(Number(REPLY.exec(screenText(session))![1])).to.be.greaterThan(3);
  });

  it('does not answer a replayed cursor-position query: ESC[6n in replay never reaches the PTY', async () => {
    const server = await startServer();
    const first = mountPage(server.wsUrl, server.token, 'persist');
    const id = await waitForOpen(first);
    await waitForText(first, '$ ');
    first.write(ASK_CURSOR);
    await waitForText(first, 'reply-length');
    unloadPage(); // detached before the query is printed
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the query is now in the ring, unanswered
    const second = mountPage(server.wsUrl, server.token, `session-id="${id}"`);
    await waitForText(second, 'asking');
    await waitForText(second, REPLY, 15_000);
    expect(REPLY.exec(screenText(second))![1]).to.equal('0');
  });
});
