/**
 * A page that holds only a ticket (no token anywhere): the terminal opens
 * what the ticket grants, a dropped socket comes back through the resume
 * credential after the ticket is used up, and a new `ticket` value adds a
 * session without disturbing the first. Real server, real PTYs, Chromium.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import { cleanup, createTicket, cutProxy, listSessions, mount, nextEvent, startProxy, startServer, waitForOpen, waitForText } from './harness.js';

describe('tickets in a page', () => {
  afterEach(cleanup);

  it('opens with a ticket, resumes the same shell after a cut with the ticket used up, and adds a session with a new ticket', async () => {
    const server = await startServer();
    const proxy = await startProxy(server);
    const ticket = await createTicket(server, { maxSessions: 2 });
    const connection = mount(`<term-connection url="${proxy.wsUrl}" ticket="${ticket}"><term-session></term-session></term-connection>`);
    const first = connection.querySelector('term-session')!;
    const id = await waitForOpen(first);
    first.write('echo one-$((2+3))\r');
    await waitForText(first, 'one-5');
    expect(document.documentElement.outerHTML).not.to.include(server.token);

    await cutProxy(proxy.proxyId);
    await waitUntil(() => connection.state === 'reconnecting', 'never noticed the cut', { timeout: 10_000 });
    await waitUntil(() => connection.state === 'open' && first.attached, 'never came back with the resume credential', { timeout: 20_000 });
    expect(first.sessionId).to.equal(id);
    first.write('echo two-$((3+4))\r');
    await waitForText(first, 'two-7');

    // A second terminal needs a new ticket: setting it reconnects, and the first shell goes on.
    const second = document.createElement('term-session') as TermSession;
    const refused = nextEvent(second, 'term-session-error');
    connection.append(second);
    expect((await refused).detail.code).to.equal('TERMPLEX_ERR_NOT_GRANTED');
    connection.ticket = await createTicket(server);
    await connection.updateComplete;
    second.restart();
    const secondId = await waitForOpen(second);
    expect(secondId).not.to.equal(id);
    first.write('echo three-$((4+5))\r');
    await waitForText(first, 'three-9');
    expect((await listSessions(server)).map((s) => s.id).sort()).to.deep.equal([id, secondId].sort());
  });

  it('a used ticket and no ticket-url: the connection fails and says so', async () => {
    const server = await startServer();
    const ticket = await createTicket(server);
    const one = mount<TermConnection>(`<term-connection url="${server.wsUrl}" ticket="${ticket}"><term-session></term-session></term-connection>`);
    await waitForOpen(one.querySelector('term-session')!);
    const two = mount<TermConnection>(`<term-connection url="${server.wsUrl}" ticket="${ticket}"><term-session></term-session></term-connection>`);
    await waitUntil(() => two.state === 'failed', 'the replayed ticket was not refused', { timeout: 10_000 });
    expect(two.connection.error?.code).to.equal('TERMPLEX_ERR_TICKET_USED');
  });

  it('refuses a ticket-url on another origin or not a URL, naming it, and does not fetch it', async () => {
    for (const [value, message] of [
      ['https://tickets.example.com/ticket', `ticket-url must be on this page's origin (${location.origin}), got https://tickets.example.com`],
      ['http://[::1', 'ticket-url must be a URL, got "http://[::1"'],
    ]) {
      const fetched: string[] = [];
      const original = window.fetch;
      window.fetch = (async (input: RequestInfo | URL) => (fetched.push(String(input)), new Response('{}'))) as typeof fetch;
      try {
        const connection = document.createElement('term-connection') as TermConnection;
        const errors: Array<{ code: string; message: string }> = [];
        connection.addEventListener('term-connection-error', (event) => errors.push(event.detail));
        connection.setAttribute('url', 'ws://127.0.0.1:9/termplex');
        connection.setAttribute('ticket-url', value);
        document.body.append(connection);
        connection.append(document.createElement('term-session'));
        await waitUntil(() => connection.state === 'failed', 'with no usable credential the connection should fail');
        expect(errors).to.deep.include({ code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message });
        expect(fetched).to.deep.equal([]);
      } finally {
        window.fetch = original;
      }
    }
  });
});
