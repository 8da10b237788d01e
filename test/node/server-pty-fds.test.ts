/**
 * No shell holds a file descriptor of another session's PTY (security
 * finding 5): with an inherited master, `printf 'cmd\r' >&20` from one
 * session ran a command in another, a read-only viewer's or another tenant's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'pty-fds-token';

describe('PTY file descriptors (real PTYs)', () => {
  let server: TerminalServer;
  let client: TestClient;
  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES });
    client = await TestClient.open(server.wsUrl, TOKEN);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('lets a shell see only its own terminal among its open files', async () => {
    for (let i = 0; i < 3; i++) await client.openSession({ profile: 'sh' });
    const last = await client.openSession({ profile: 'sh' });
    // Listed from inside the shell, as a user trying to reach another session would.
    client.input(last.channel, 'tty; for f in /proc/$$/fd/*; do echo "fd ${f##*/} $(readlink $f)"; done; echo listed-$((4*4))\n');
    const text = await client.waitForText(last.channel, /listed-16/);
    // The prompt may come before or after the echo of what was typed.
    const own = /^(?:\$ )?(\/dev\/pts\/\d+)\r?$/m.exec(text)?.[1];
    assert.ok(own, `no tty line in: ${text}`);
    const terminals = [...text.matchAll(/^fd (\d+) (\/dev\/(?:pts\/\d+|ptmx))\r?$/gm)].map((m) => [m[1], m[2]]);
    assert.ok(terminals.length >= 3, `the shell's own terminal fds were not listed: ${text}`);
    for (const [fd, target] of terminals) assert.equal(target, own, `fd ${fd} is ${target}, another session's terminal`);
  });
});
