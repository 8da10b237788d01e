import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { ErrorCode } from '@termplex/protocol';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

describe('sessions over one socket (real PTYs)', () => {
  let server: TerminalServer;
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.open(server.wsUrl, server.token);
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await createTerminalServer({ host: '127.0.0.1', port: 0, token: 'test-token', logLevel: 'silent', profiles: TEST_PROFILES });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await server.close();
  });

  it('routes each session\'s output to its own channel only', async () => {
    const client = await connect();
    const opened = [await client.openSession(), await client.openSession(), await client.openSession()];
    assert.deepEqual(new Set(opened.map((o) => o.channel)).size, 3);
    for (const [i, o] of opened.entries()) client.input(o.channel, `echo marker-$((${i} + 100))\n`);
    for (const [i, o] of opened.entries()) await client.waitForText(o.channel, `marker-${i + 100}\n`);
    for (const [i, o] of opened.entries()) {
      const text = client.text(o.channel);
      for (let j = 0; j < 3; j++) if (j !== i) assert.ok(!text.includes(`marker-${j + 100}`), `channel ${o.channel} saw session ${j}'s output`);
    }
  });

  it('answers an unknown session id for that session only', async () => {
    const client = await connect();
    const live = await client.openSession();
    const missing = 'ab'.repeat(16);
    client.send({ type: 'open', ref: 999, sessionId: missing, cols: 80, rows: 24 });
    const error = await client.next('error', (m) => m.ref === 999);
    assert.equal(error.code, ErrorCode.UnknownSession);
    assert.equal(error.sessionId, missing);
    assert.equal(error.message, `session ${missing} does not exist (it never did, expired or exited)`);
    client.input(live.channel, 'echo still-alive\n');
    await client.waitForText(live.channel, 'still-alive\n');
  });

  it('lets a second client attach: both see output, and the PTY is as small as the smallest writer', async () => {
    const a = await connect();
    const b = await connect();
    const first = await a.openSession({ cols: 120, rows: 40 });
    assert.deepEqual([first.cols, first.rows], [120, 40]);
    const second = await b.openSession({ sessionId: first.sessionId, cols: 100, rows: 50 });
    assert.deepEqual([second.cols, second.rows], [100, 40], 'min cols and min rows, each on its own');
    assert.deepEqual(await a.next('size'), { type: 'size', channel: first.channel, cols: 100, rows: 40 });
    b.input(second.channel, 'stty size\n');
    await a.waitForText(first.channel, '40 100\n');
    await b.waitForText(second.channel, '40 100\n');
    // A read-only viewer never constrains the size.
    const viewer = await b.openSession({ sessionId: first.sessionId, cols: 20, rows: 5, readonly: true });
    assert.deepEqual([viewer.cols, viewer.rows], [100, 40]);
    // The smaller writer leaves: the PTY grows back to the remaining writer.
    b.send({ type: 'close', channel: second.channel, detach: true });
    assert.deepEqual(await a.next('size'), { type: 'size', channel: first.channel, cols: 120, rows: 40 });
    assert.deepEqual(await b.next('size', (m) => m.channel === viewer.channel), { type: 'size', channel: viewer.channel, cols: 120, rows: 40 });
    a.send({ type: 'resize', channel: first.channel, cols: 90, rows: 30 });
    assert.deepEqual(await a.next('size'), { type: 'size', channel: first.channel, cols: 90, rows: 30 });
    a.input(first.channel, 'stty size\n');
    await b.waitForText(viewer.channel, '30 90\n');
  });

  it('attaches the same session twice on one socket (writer plus viewer), each on its own channel', async () => {
    const client = await connect();
    const writer = await client.openSession();
    const viewer = await client.openSession({ sessionId: writer.sessionId, readonly: true });
    assert.notEqual(viewer.channel, writer.channel);
    client.input(writer.channel, 'echo both-$((6 * 7))\n');
    await client.waitForText(writer.channel, 'both-42\n');
    await client.waitForText(viewer.channel, 'both-42\n');
  });

  it('attaches to a session created ahead of time, with its profile and size', async () => {
    const created = await server.createSession({ profile: 'bash', cols: 81, rows: 25 });
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.equal(created.profile, 'bash');
    const client = await connect();
    const opened = await client.openSession({ sessionId: created.id, cols: 81, rows: 25 });
    assert.equal(opened.profile, 'bash');
    client.input(opened.channel, 'echo $BASH_VERSION\n');
    await client.waitForText(opened.channel, /\n\d+\.\d+/);
    const listed = (await server.listSessions()).find((s) => s.id === created.id);
    assert.equal(listed?.clients, 1);
    assert.equal(listed?.pid, created.pid);
  });
});
