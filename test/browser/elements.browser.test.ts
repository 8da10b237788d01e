import { expect } from '@open-wc/testing';
import type { TermConnection, TermSession } from '@termplex/elements';
import { cleanup, mount, screenText, startServer, waitForOpen, waitForText } from './harness.js';

describe('<term-connection> with <term-session>s against a real server', () => {
  afterEach(cleanup);

  it('runs three sessions on one socket; typing in each shows only there', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}"><term-session></term-session><term-session></term-session><term-session></term-session></term-connection>`);
    connection.token = server.token;
    const sessions = [...connection.querySelectorAll('term-session')] as TermSession[];
    await Promise.all(sessions.map((s) => waitForOpen(s)));
    for (const [i, session] of sessions.entries()) await waitForText(session, '$');
    for (const [i, session] of sessions.entries()) session.write(`echo marker-$((${i} * 111))\r`);
    for (const [i, session] of sessions.entries()) await waitForText(session, `\nmarker-${i * 111}`);
    for (const [i, session] of sessions.entries()) {
      for (let j = 0; j < 3; j++) if (j !== i) expect(screenText(session)).not.to.include(`marker-${j * 111}\n`);
    }
  });
});
