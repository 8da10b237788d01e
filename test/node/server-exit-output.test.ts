/**
 * A program's last output survives its exit. When the last process closed
 * a terminal's slave side, Linux hung the terminal up and reads of what was
 * still queued failed: `bash -c 'seq 1 20000'` lost its tail in about half
 * the runs, and every time when the session was paused for flow control.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { nodePtyBackend } from '../../packages/server/src/host/node-pty-backend.js';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'exit-output-token';
/** About 108 KB, more than a terminal buffer holds, then a marker. */
const PRINT_AND_EXIT = 'seq 1 20000; echo end-$((6*7))';
const RUNS = 10;

describe('output printed just before exit (real PTYs)', () => {
  let server: TerminalServer;
  before(async () => {
    const profiles = { ...TEST_PROFILES, burst: { command: '/bin/bash', args: ['--norc', '--noprofile', '-c', PRINT_AND_EXIT] } };
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles });
  });
  after(() => server.close());

  it('delivers every byte of a program that prints and exits, run after run', async () => {
    const client = await TestClient.open(server.wsUrl, TOKEN);
    const complete: boolean[] = [];
    for (let i = 0; i < RUNS; i++) {
      const opened = await client.openSession({ profile: 'burst' });
      const exit = await client.next('exit', (m) => m.channel === opened.channel);
      assert.equal(exit.code, 0);
      complete.push(/^20000\r?\nend-42\r?\n$/m.test(client.text(opened.channel)));
    }
    await client.close();
    assert.deepEqual(complete, Array(RUNS).fill(true), 'runs that lost the end of their output');
  });

  it('delivers the tail of a session that was paused when its program exited', async () => {
    // The backend directly: paused from the start, as a session is when its viewers stop acking.
    for (let i = 0; i < 3; i++) {
      const pty = nodePtyBackend.spawn('/bin/bash', ['--norc', '--noprofile', '-c', 'seq 1 2000; echo end-$((6*7))'], {
        cols: 80, rows: 24, cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
      });
      const chunks: Buffer[] = [];
      pty.onData((data) => chunks.push(Buffer.from(data)));
      pty.pause();
      await new Promise<void>((resolve) => pty.onExit(() => resolve()));
      assert.match(Buffer.concat(chunks).toString(), /^2000\r?\nend-42\r?\n$/m);
    }
  });
});
