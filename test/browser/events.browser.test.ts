/**
 * Every documented event, observed from the document (they bubble and are
 * composed), and bad attribute values that must leave a working element.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { cleanup, mount, mountReporting, nextEvent, screenText, startServer, waitForOpen, waitForText } from './harness.js';

const EVENTS = ['term-connection-state', 'term-connection-error', 'term-session-open', 'term-session-exit', 'term-session-error', 'term-title-change'] as const;

function recordEvents() {
  const seen: Array<{ type: string; detail: unknown; target: EventTarget | null }> = [];
  const listener = (event: Event) => seen.push({ type: event.type, detail: (event as CustomEvent).detail, target: event.target });
  for (const type of EVENTS) document.addEventListener(type, listener);
  return { seen, stop: () => EVENTS.forEach((type) => document.removeEventListener(type, listener)) };
}

describe('element events', () => {
  afterEach(cleanup);

  it('fires every documented event, bubbling to the document', async () => {
    const events = recordEvents();
    try {
      const server = await startServer();
      const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}" retry-attempts="-1"><term-session></term-session><term-session profile="nope"></term-session></term-connection>`);
      const [session, unknownProfile] = [...connection.querySelectorAll('term-session')];
      const firstId = await waitForOpen(session);
      await waitForText(session, '$ ');
      session.write(`printf '\\033]0;hello-title\\007'; exit 3\r`);
      await waitUntil(() => events.seen.some((e) => e.type === 'term-session-exit'), 'no exit event');
      await waitForText(session, '[termplex: the process exited with code 3; press Enter to start a new session]');
      session.terminal!.input('\r'); // Enter after exit starts a new session
      await waitUntil(() => session.attached && session.sessionId !== firstId, 'Enter did not start a new session');

      const of = (type: string) => events.seen.filter((e) => e.type === type);
      expect(of('term-connection-state').map((e) => (e.detail as { state: string }).state)).to.deep.equal(['connecting', 'open']);
      expect(of('term-connection-error').map((e) => e.detail)).to.deep.equal([{ code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message: 'retry-attempts must be an integer 0..1000, got "-1"' }]);
      expect(of('term-session-open').filter((e) => e.target === session).map((e) => e.detail)).to.deep.equal([{ sessionId: firstId }, { sessionId: session.sessionId }]);
      expect(of('term-title-change').map((e) => e.detail)).to.deep.equal([{ title: 'hello-title' }]);
      expect(of('term-session-exit').map((e) => e.detail)).to.deep.equal([{ code: 3, signal: null }]);
      const errors = of('term-session-error');
      expect(errors.map((e) => e.target)).to.deep.equal([unknownProfile]);
      expect((errors[0].detail as { code: string }).code).to.equal('TERMPLEX_ERR_UNKNOWN_PROFILE');
      for (const e of events.seen) expect(e.target, e.type).to.be.oneOf([connection, session, unknownProfile]);
    } finally {
      events.stop();
    }
  });

  it('reports the signal that ended a process', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session></term-session></term-connection>`);
    const session = connection.querySelector('term-session')!;
    await waitForOpen(session);
    await waitForText(session, '$ ');
    const exit = nextEvent(session, 'term-session-exit');
    session.write('kill -KILL $$\r');
    expect((await exit).detail.signal).to.equal('SIGKILL');
    await waitForText(session, '[termplex: the process was ended by SIGKILL; press Enter to start a new session]');
  });
});

describe('bad attribute values', () => {
  afterEach(cleanup);

  it('reports a negative font size and an unreadable scrollback, and still works with the defaults', async () => {
    const server = await startServer();
    const { session, errors } = mountReporting('font-size="-3" scrollback="lots"', `url="${server.wsUrl}" token="${server.token}"`);
    await waitForOpen(session);
    expect(errors).to.deep.equal([
      { code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message: 'font-size must be an integer 4..128, got "-3"' },
      { code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message: 'scrollback must be an integer 0..100000, got "lots"' },
    ]);
    expect(session.terminal!.options.fontSize).to.equal(14);
    expect(session.terminal!.options.scrollback).to.equal(1000);
    await waitForText(session, 'font-size must be an integer 4..128, got "-3" (TERMPLEX_ERR_BAD_ATTRIBUTE)');
    session.write('echo works-anyway\r');
    await waitForText(session, '\nworks-anyway');
    session.fontSize = 20;
    await session.updateComplete;
    expect(session.terminal!.options.fontSize).to.equal(20);
    expect(errors.length).to.equal(2);
  });

  it('shows an unknown profile in that terminal, which can then start a valid one', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session profile="nope"></term-session></term-connection>`);
    const session = connection.querySelector('term-session') as TermSession;
    const error = await nextEvent(session, 'term-session-error');
    expect(error.detail.code).to.equal('TERMPLEX_ERR_UNKNOWN_PROFILE');
    await waitForText(session, 'TERMPLEX_ERR_UNKNOWN_PROFILE');
    expect(session.attached).to.equal(false);
    session.profile = 'cat';
    session.restart();
    await waitForOpen(session);
    session.write('meow\r');
    await waitUntil(() => screenText(session).split('\n').filter((line) => line === 'meow').length === 2, 'cat should echo the line back');
  });
});
