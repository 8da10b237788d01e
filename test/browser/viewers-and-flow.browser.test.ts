/**
 * Read-only viewers, flow control from the browser's side, and the
 * connection-state overlay with its retry button.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { HIGH_WATERMARK } from '@termplex/protocol';
import { cleanup, listSessions, mount, refuseProxy, screenText, startProxy, startServer, waitForOpen, waitForText, watchSockets } from './harness.js';

describe('viewers, flow control and the state overlay', () => {
  afterEach(cleanup);

  it('a readonly viewer sees the output, never sends input, and adopts the PTY size', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session id="writer"></term-session></term-connection>`);
    const writer = connection.querySelector('term-session')!;
    const id = await waitForOpen(writer);
    await waitForText(writer, '$ ');
    const viewer = document.createElement('term-session');
    viewer.readonly = true;
    viewer.sessionId = id;
    viewer.style.width = '300px'; // fitted, it would be far narrower than the writer
    connection.append(viewer);
    await waitForOpen(viewer);

    writer.write('echo from-writer\r');
    await waitForText(viewer, '\nfrom-writer');
    viewer.write('echo from-viewer\r');
    viewer.terminal!.input('echo typed-in-viewer\r');
    writer.write('echo sync-point\r');
    await waitForText(writer, '\nsync-point');
    await waitForText(viewer, '\nsync-point');
    for (const session of [writer, viewer]) expect(screenText(session)).not.to.match(/from-viewer|typed-in-viewer/);

    const [pty] = await listSessions(server);
    expect([viewer.terminal!.cols, viewer.terminal!.rows]).to.deep.equal([pty.cols, pty.rows]);
    expect([writer.terminal!.cols, writer.terminal!.rows]).to.deep.equal([pty.cols, pty.rows]);
    expect(pty.clients).to.equal(2);
  });

  it('acks parsed output, so a flood far past the high watermark arrives in full', async () => {
    const watch = watchSockets();
    try {
      const server = await startServer();
      const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session></term-session></term-connection>`);
      const session = connection.querySelector('term-session') as TermSession;
      await waitForOpen(session);
      await waitForText(session, '$ ');
      session.write('seq 1 150000; echo flood-done\r'); // about 1 MB of output
      await waitForText(session, '\nflood-done', 30_000);
      const acks = watch.sockets[0].sent.filter((m) => m.type === 'ack').map((m) => m.offset as number);
      expect(acks.at(-1)).to.be.greaterThan(4 * HIGH_WATERMARK);
      expect([...acks].sort((a, b) => a - b)).to.deep.equal(acks);
      expect(screenText(session)).to.include('\n149999\n150000\n');
    } finally {
      watch.restore();
    }
  });

  it('shows a failed connection over the terminal, not in it, and retries from the button', async () => {
    const server = await startServer();
    const proxy = await startProxy(server);
    await refuseProxy(proxy.proxyId, true);
    const connection = mount(`<term-connection url="${proxy.wsUrl}" token="${server.token}" retry-delay="50"><term-session></term-session></term-connection>`);
    const session = connection.querySelector('term-session')!;
    await waitUntil(() => connection.state === 'failed', 'the connection should give up', { timeout: 15_000 });
    await session.updateComplete;
    const overlay = session.shadowRoot!.querySelector('[part~="overlay"]')!;
    expect(overlay.getAttribute('data-state')).to.equal('failed');
    expect(overlay.textContent).to.include('TERMPLEX_ERR_CONNECTION_FAILED');
    expect(screenText(session)).to.equal('');
    await refuseProxy(proxy.proxyId, false);
    session.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await waitForOpen(session);
    await session.updateComplete;
    expect(session.shadowRoot!.querySelector('[part~="overlay"]')).to.equal(null);
    session.write('echo after-retry\r');
    await waitForText(session, '\nafter-retry');
  });
});
