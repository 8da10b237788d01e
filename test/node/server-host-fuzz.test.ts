/**
 * The PTY host's links fuzzed like the public WebSocket: random frames on
 * channel links and random requests on the control link never crash the
 * host, never disturb a session that streams meanwhile, and leave it serving.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runPtyHost, type PtyHost } from '@termplex/server';
import fc from 'fast-check';
import { field, frame, harmless } from '../support/fuzz-frames.js';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const WebSocket = createRequire(new URL('../../packages/server/package.json', import.meta.url))('ws') as typeof import('ws').default;
const FRAMES = 4000;
const LINES = 2000;

const request = fc.record(
  {
    id: field, op: fc.constantFrom('info', 'list', 'end', 'create', 'ENd', ''),
    sessionId: fc.oneof(field, fc.stringMatching(/^[0-9a-f]{32}$/)), profile: field, cols: field, rows: field, extra: field,
  },
  { requiredKeys: ['op'] },
);
/** A create that would pass starts a real shell: it becomes a harmless list. */
const controlFrame = fc.oneof(
  fc.string({ maxLength: 200 }).map((text) => ({ text })),
  fc.uint8Array({ maxLength: 200 }).map((binary) => ({ binary })),
  request.map((r) => ({ text: JSON.stringify(r.op === 'create' ? { ...r, op: 'list' } : r) })),
);

describe('random frames on the PTY host links', () => {
  let dir: string;
  let host: PtyHost;
  const key = 'host-fuzz-key-0123456789abcdef';
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'termplex-hostfuzz-'));
    host = await runPtyHost({ socket: path.join(dir, 'host.sock'), key, profiles: TEST_PROFILES, logLevel: 'silent' });
  });
  after(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const link = async (linkPath: string) => {
    const ws = new WebSocket(`ws+unix://${host.socketPath}:${linkPath}`, 'termplex-host.v1', { headers: { 'x-termplex-host-key': key } });
    ws.on('error', () => {});
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return ws;
  };

  it(`survives ${FRAMES} random channel frames and ${FRAMES} random control frames while a session streams`, async () => {
    const stream = new TestClient(await link('/channels'));
    const opened = await stream.openSession({ profile: 'bash' });
    stream.input(opened.channel, `for i in $(seq 1 ${LINES}); do echo "s-$i"; done; echo "end-$((6*7))"\n`);

    for (const [linkPath, samples] of [['/channels', fc.sample(frame, FRAMES).map(harmless)], ['/control', fc.sample(controlFrame, FRAMES)]] as const) {
      let sent = 0;
      const frames: Array<{ text?: string; binary?: Uint8Array }> = samples;
      while (sent < samples.length) {
        const garbage = await link(linkPath);
        while (sent < samples.length && garbage.readyState === garbage.OPEN) {
          const f = frames[sent++];
          garbage.send(f.text ?? Buffer.from(f.binary!));
          if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
        }
        garbage.close();
      }
    }

    await stream.waitForText(opened.channel, 'end-42\n', 60_000);
    const lines = stream.text(opened.channel).split('\n').filter((l) => l.startsWith('s-'));
    assert.deepEqual(lines, Array.from({ length: LINES }, (_, i) => `s-${i + 1}`));
    // Still serving on both kinds of link.
    stream.input(opened.channel, 'echo after-fuzz\n');
    await stream.waitForText(opened.channel, 'after-fuzz\n');
    const control = await link('/control');
    control.send(JSON.stringify({ id: 7, op: 'list' }));
    const [reply] = (await new Promise((resolve) => control.once('message', (d) => resolve([JSON.parse(String(d))])))) as [{ id: number; ok: boolean; value: unknown[] }];
    assert.equal(reply.id, 7);
    assert.ok(reply.ok && reply.value.length === 1);
    control.close();
    await stream.close();
  });
});
