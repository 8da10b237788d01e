/**
 * Recording through the real server and real PTYs: the cast holds exactly
 * the output the client received (UTF-8 included), the resizes, and input
 * only where the profile asks; the HTTP API lists and serves the files, and
 * refuses what it should. The CLI's --record flags reach the same options.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@termplex/protocol';
import { createTerminalServer, runPtyHost, type TerminalServer } from '@termplex/server';
import { TEST_PROFILES, TestClient, eventually } from '../support/server-test-client.js';

const TOKEN = 'recording-token';

type Event = [number, string, string];

function readCast(file: string): { header: Record<string, unknown>; events: Event[] } {
  const [first, ...rest] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: JSON.parse(first) as Record<string, unknown>, events: rest.map((line) => JSON.parse(line) as Event) };
}

describe('recording sessions (real PTYs)', () => {
  let server: TerminalServer;
  let dir: string;
  const castOf = (id: string) => path.join(dir, `${id}.cast`);
  const api = (p: string, token = TOKEN) => fetch(`${server.url}${p}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  before(async () => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'termplex-rec-')), 'casts');
    server = await createTerminalServer({
      port: 0, token: TOKEN, logLevel: 'silent', record: { dir },
      profiles: {
        ...TEST_PROFILES,
        typed: { ...TEST_PROFILES.sh, record: { input: true } },
        unrecorded: { ...TEST_PROFILES.sh, record: false },
      },
    });
  });
  after(async () => {
    await server.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  const recordedOutput = (id: string) => existsSync(castOf(id)) ? readCast(castOf(id)).events.filter(([, kind]) => kind === 'o').map(([, , text]) => text).join('') : undefined;

  /** Runs `script` in a new session of `profile`, resizing once, until the shell exits; returns what the client received. */
  async function recordSession(profile: string, script: string): Promise<{ sessionId: string; received: Buffer }> {
    const client = await TestClient.open(server.wsUrl, TOKEN);
    try {
      const opened = await client.openSession({ profile, cols: 80, rows: 24 });
      await client.waitForText(opened.channel, '$ ');
      client.send({ type: 'resize', channel: opened.channel, cols: 100, rows: 30 });
      // The shell exits only after the output is in: a program's last output can be lost to the
      // hangup of its terminal when the shell exits at once (a known race of PTYs), and this
      // test is about the recording, not that race.
      client.input(opened.channel, `${script}; echo END-$((6*7))\r`);
      await client.waitForText(opened.channel, 'END-42');
      client.input(opened.channel, 'exit\r');
      await client.next('exit', (m) => m.channel === opened.channel);
      await eventually(async () => !(await server.listSessions()).some((s) => s.id === opened.sessionId), 'the session gone');
      const received = client.bytes(opened.channel);
      // The file is closed just after the exit: wait until all the output is on disk (or time out, failing).
      if (profile !== 'unrecorded') await eventually(async () => recordedOutput(opened.sessionId) === received.toString('utf8'), 'the whole output recorded');
      return { sessionId: opened.sessionId, received };
    } finally {
      await client.close();
    }
  }

  it('records exactly the output the terminal received, with its resizes, and no input', async () => {
    const { sessionId, received } = await recordSession('sh', "printf 'caf\\303\\251 \\346\\227\\245\\346\\234\\254 \\033[1mbold\\033[0m\\n'; seq 1 2000");
    const { header, events } = readCast(castOf(sessionId));
    assert.equal(header.version, 2);
    assert.equal(header.width, 80);
    assert.equal(header.height, 24);
    assert.deepEqual(header.env, { TERM: 'xterm-256color', SHELL: process.env.SHELL ?? '/bin/sh' });
    const output = recordedOutput(sessionId)!;
    assert.equal(output, received.toString('utf8'));
    assert.ok(output.includes('\n2000\r\n'), JSON.stringify(output.slice(-300)));
    assert.ok(output.includes('café 日本 \x1b[1mbold'));
    assert.deepEqual(events.filter(([, kind]) => kind === 'r').map(([, , text]) => text), ['100x30']);
    assert.deepEqual(events.filter(([, kind]) => kind === 'i'), [], 'input is not recorded by default');
  });

  it('records input where the profile asks, and nothing for a profile that opts out', async () => {
    const typed = await recordSession('typed', 'echo secret-$((6*7))');
    const input = readCast(castOf(typed.sessionId)).events.filter(([, kind]) => kind === 'i').map(([, , text]) => text).join('');
    assert.equal(input, 'echo secret-$((6*7)); echo END-$((6*7))\rexit\r');
    const before = readdirSync(dir).length;
    const skipped = await recordSession('unrecorded', 'echo nothing');
    assert.equal(readdirSync(dir).length, before);
    assert.ok(!readdirSync(dir).includes(`${skipped.sessionId}.cast`));
  });

  it('lists and serves recordings over the API, with bearer auth', async () => {
    const { sessionId } = await recordSession('sh', 'echo listed');
    const list = await api('/api/recordings');
    assert.equal(list.status, 200);
    const recordings = (await list.json()) as Array<{ id: string; size: number; modified: string }>;
    const entry = recordings.find((r) => r.id === sessionId);
    assert.ok(entry, 'the new recording is listed');
    assert.equal(entry.size, readFileSync(castOf(sessionId)).length);

    const file = await api(`/api/recordings/${sessionId}`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/x-asciicast');
    assert.equal(await file.text(), readFileSync(castOf(sessionId), 'utf8'));

    assert.equal((await api('/api/recordings', '')).status, 401);
    assert.equal((await api('/api/recordings', 'wrong')).status, 401);
    for (const bad of ['0'.repeat(32), '..%2f..%2fetc%2fpasswd', 'ABCDEF0123456789ABCDEF0123456789', `${sessionId}.cast`]) {
      const answer = await api(`/api/recordings/${bad}`);
      assert.equal(answer.status, 404, bad);
      assert.equal(((await answer.json()) as { code: string }).code, ErrorCode.UnknownRecording);
    }
    const post = await fetch(`${server.url}/api/recordings`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(post.status, 405);
  });
});

describe('recording with a PTY host', () => {
  it('the host records across a web server restart, and a web server given the folder serves the file', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'termplex-rec-host-'));
    const dir = path.join(work, 'casts');
    const socket = path.join(work, 'run', 'host.sock');
    const key = 'recording-host-key-0123456789';
    const host = await runPtyHost({ socket, key, profiles: TEST_PROFILES, logLevel: 'silent', record: dir });
    const web = () => createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', ptyHost: socket, ptyHostKey: key, record: dir });
    try {
      let server = await web();
      const first = await TestClient.open(server.wsUrl, TOKEN);
      const opened = await first.openSession({ cols: 80, rows: 24 });
      first.input(opened.channel, 'echo before-$((6*7))\r');
      await first.waitForText(opened.channel, 'before-42');
      await first.close();
      await server.close();

      server = await web();
      const second = await TestClient.open(server.wsUrl, TOKEN);
      const back = await second.openSession({ sessionId: opened.sessionId, cols: 80, rows: 24 });
      second.input(back.channel, 'echo after-$((6*7)); exit\r');
      await second.next('exit', (m) => m.channel === back.channel);
      await second.close();
      const download = () => fetch(`${server.url}/api/recordings/${opened.sessionId}`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.text());
      await eventually(async () => (await download()).includes('after-42'), 'the output after the restart recorded');
      const text = await download();
      assert.ok(text.indexOf('before-42') < text.indexOf('after-42'));
      await server.close();
    } finally {
      await host.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('recording options', () => {
  it('a server that records nothing says so at /api/recordings', async () => {
    const server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES });
    try {
      const answer = await fetch(`${server.url}/api/recordings`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(answer.status, 404);
      assert.match(((await answer.json()) as { message: string }).message, /--record DIR/);
    } finally {
      await server.close();
    }
  });

  it('refuses bad record options, naming them', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ dir: '' }, /"record\.dir" option must be a folder path/],
      [{ dir: '/tmp/x', maxFileBytes: 10 }, /"record\.maxFileBytes" option must be an integer 4096/],
      [{ dir: '/tmp/x', retentionDays: -1 }, /"record\.retentionDays"/],
      [{ dir: '/tmp/x', input: 'yes' }, /"record\.input" option must be true or false/],
      [{ dir: '/tmp/x', folder: 'y' }, /Unknown field "record\.folder"/],
      [42, /"record" option must be a folder path, or/],
    ];
    for (const [record, message] of cases) {
      await assert.rejects(createTerminalServer({ port: 0, logLevel: 'silent', record: record as string }), message);
    }
    await assert.rejects(
      createTerminalServer({ port: 0, logLevel: 'silent', profiles: { sh: { ...TEST_PROFILES.sh, record: true } } }),
      /"profiles\.sh\.record" option needs the "record" option/,
    );
    await assert.rejects(
      createTerminalServer({ port: 0, logLevel: 'silent', record: '/tmp/x', profiles: { sh: { ...TEST_PROFILES.sh, record: { input: 1 } as never } } }),
      /"profiles\.sh\.record\.input" option must be true or false/,
    );
  });
});
