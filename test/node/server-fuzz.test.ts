import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeClientMessage, encodeFrame, FrameKind } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import fc from 'fast-check';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'fuzz-token';
const FRAMES = 10_000;
const LINES = 4000;

const field = fc.oneof(fc.anything(), fc.integer({ min: -2, max: 2 ** 32 + 1 }), fc.string({ maxLength: 40 }), fc.constant(null));
const typed = fc.record(
  {
    type: fc.constantFrom('hello', 'open', 'resize', 'ack', 'close', 'ping', 'input', '', 'OPEN'),
    ref: field, channel: field, cols: field, rows: field, offset: field, sessionId: fc.oneof(field, fc.stringMatching(/^[0-9a-f]{32}$/)),
    profile: field, token: field, id: field, detach: field, readonly: field,
  },
  { requiredKeys: ['type'] },
);
const frame = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => ({ text: s })),
  fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
  typed.map((v) => ({ text: JSON.stringify(v) })),
  fc.uint8Array({ maxLength: 600 }).map((b) => ({ binary: b })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.uint8Array({ maxLength: 64 }))
    .map(([kind, channel, data]) => ({ binary: encodeFrame(kind as FrameKind, channel, data) })),
);

/** Valid opens of new sessions would start real shells; everything else goes through as generated. */
function harmless(f: { text?: string; binary?: Uint8Array }) {
  if (f.text === undefined) return f;
  const decoded = decodeClientMessage(f.text);
  if (decoded.ok && decoded.value.type === 'open' && decoded.value.sessionId === undefined) return { text: '{"type":"ping","id":1}' };
  return f;
}

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
