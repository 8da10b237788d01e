/**
 * <term-player live session-id> inside a <term-connection>: a docs page shows
 * what a running session does, as it happens, and cannot type into it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermPlayer } from '@termplex/elements';
import { cleanup, listSessions, mount, screenText, startServer, waitForOpen, waitForText } from './harness.js';

afterEach(cleanup);

describe('<term-player live>', () => {
  it('follows a running session read-only, on the page\'s one connection', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session id="writer"></term-session></term-connection>`);
    const writer = connection.querySelector('term-session')!;
    const id = await waitForOpen(writer);
    await waitForText(writer, '$ ');
    writer.write('echo before-$((6*7))\r');
    await waitForText(writer, '\nbefore-42');

    const player = document.createElement('term-player') as TermPlayer;
    player.live = true;
    player.sessionId = id;
    connection.append(player);
    await waitUntil(() => player.terminal !== undefined, 'the live terminal');
    const viewer = player.shadowRoot!.querySelector('term-session')!;
    await waitForOpen(viewer);
    // What happened before it joined, then what happens now.
    await waitForText(viewer, '\nbefore-42');
    writer.write('echo now-$((6*7))\r');
    await waitForText(viewer, '\nnow-42');
    expect(viewer.readonly).to.equal(true);
    player.terminal!.input('echo typed-in-player\r');
    writer.write('echo sync\r');
    await waitForText(writer, '\nsync');
    expect(screenText(writer)).not.to.include('typed-in-player');
    const [session] = await listSessions(server);
    expect(session.clients).to.equal(2);
  });

  it('says what is missing when live has no session-id', async () => {
    const player = mount<TermPlayer>('<term-player live></term-player>');
    await player.updateComplete;
    expect(player.shadowRoot!.querySelector('[part="error"]')?.textContent).to.match(/live needs session-id/);
  });
});
