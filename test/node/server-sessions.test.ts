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
});
