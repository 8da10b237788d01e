import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import fc from 'fast-check';
import { frame, harmless } from '../support/fuzz-frames.js';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'fuzz-token';
const FRAMES = 10_000;
const LINES = 4000;

describe('random frames while sessions stream', () => {
  let server: TerminalServer;
  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES });
  });
  after(() => server.close());

  it(`survives ${FRAMES} random frames with every stream intact`, async () => {
    const streams = await TestClient.open(server.wsUrl, TOKEN);
    const opened = [];
    for (let k = 0; k < 3; k++) opened.push(await streams.openSession({ profile: 'bash' }));
    for (const [k, o] of opened.entries()) {
      streams.input(o.channel, `for i in $(seq 1 ${LINES}); do echo "s${k}-$i"; done; echo "end-$((${k} * 1000))"\n`);
    }

    const samples = fc.sample(frame, FRAMES).map(harmless);
    let sent = 0;
    let sockets = 0;
    while (sent < samples.length) {
      const garbage = await TestClient.open(server.wsUrl, TOKEN);
      sockets++;
      while (sent < samples.length && garbage.ws.readyState === garbage.ws.OPEN) {
        const f = samples[sent++];
        garbage.sendRaw(f.text ?? Buffer.from(f.binary!));
        if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      await garbage.close();
    }
    assert.equal(sent, FRAMES);
    assert.ok(sockets > 1, 'abusive sockets were closed and replaced');

    for (const [k, o] of opened.entries()) {
      await streams.waitForText(o.channel, `end-${k * 1000}\n`, 60_000);
      const lines = streams.text(o.channel).split('\n').filter((l) => l.startsWith(`s${k}-`));
      assert.equal(lines.length, LINES, `session ${k} line count`);
      lines.forEach((line, i) => assert.equal(line, `s${k}-${i + 1}`));
      for (const other of [0, 1, 2].filter((j) => j !== k)) assert.ok(!streams.text(o.channel).includes(`s${other}-1\n`));
    }
    // Still serving: a fresh socket works and the streams' socket still echoes.
    streams.input(opened[0].channel, 'echo after-fuzz\n');
    await streams.waitForText(opened[0].channel, 'after-fuzz\n');
    const fresh = await TestClient.open(server.wsUrl, TOKEN);
    await fresh.openSession({ sessionId: opened[1].sessionId, readonly: true });
    await fresh.close();
    await streams.close();
  });
});
