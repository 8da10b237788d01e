/**
 * Screens restored after any gap: a client that comes back after the output
 * ring moved past it gets the screen as the server's model of it stands
 * (then the live stream), not a "bytes were lost" marker. Real PTYs, real
 * full-screen programs; each restored screen is compared with the screen of
 * a client that stayed attached and saw every byte.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { screenOf } from '../support/screen.js';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'snapshot-token';
/** The smallest ring: a few cursor moves push the program's first draw out of it. */
const RING = 1024;

const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('screen snapshots (real PTYs)', () => {
  let server: TerminalServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'termplex-snap-'));
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, Array.from({ length: 60 }, (_, i) => `line ${String(i + 1).padStart(2, '0')} of the notes`).join('\n') + '\n');
    server = await createTerminalServer({
      port: 0, token: TOKEN, logLevel: 'silent', ringBytes: RING,
      profiles: { ...TEST_PROFILES, vi: { command: 'vi', args: ['-u', 'NONE', '-i', 'NONE', '-n', file], env: {} } },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a client far behind the ring the screen of vi, which then goes on from it', async () => {
    const watcher = await TestClient.open(server.wsUrl, TOKEN);
    const late = await TestClient.open(server.wsUrl, TOKEN);
    try {
      const live = await watcher.openSession({ profile: 'vi', cols: 80, rows: 24 });
      await watcher.waitForText(live.channel, 'line 23 of the notes');
      // Scrolling by a line (Ctrl-E, Ctrl-Y) and moving down: small updates that push vi's first draw out of the ring.
      for (let i = 0; i < 40; i++) {
        watcher.input(live.channel, '\x05\x05\x05\x05\x05\x19\x19\x19\x19\x19');
        await quiet(5);
      }
      watcher.input(live.channel, '30j');
      await watcher.until(() => (watcher.position.get(live.channel) ?? 0) > 3 * RING, 'output well past the ring');
      await quiet(300);

      const back = await late.openSession({ sessionId: live.sessionId, offset: 0, cols: 80, rows: 24 });
      assert.equal(back.lost, 0, 'nothing is reported lost: a snapshot follows');
      const announced = await late.next('snapshot', (m) => m.channel === back.channel);
      assert.ok(announced.offset >= RING, `the snapshot stands past the ring's first bytes (offset ${announced.offset})`);
      await late.until(() => late.snapshots.get(back.channel)?.length, 'the snapshot frame');
      await quiet(300);
      assert.equal(late.messages.filter((m) => m.type === 'lost').length, 0);

      // vi's screen as it must be: 23 consecutive lines of the file, the cursor on one of them. (The watcher's
      // own screen is no oracle here: a 1 KiB ring is smaller than one of vi's bursts, so it may fall behind too.)
      const restored = await screenOf(late.drawn.get(back.channel) ?? [], 80, 24);
      const first = Number(/^line (\d+) of the notes$/.exec(restored.rows[0])?.[1]);
      assert.ok(first > 1, `vi shows the file, scrolled: ${restored.rows.join('|')}`);
      assert.deepEqual(restored.rows.slice(0, 23), Array.from({ length: 23 }, (_, i) => `line ${String(first + i).padStart(2, '0')} of the notes`));
      assert.equal(restored.alternate, true, 'vi runs on the alternate screen');
      assert.ok(restored.cursor[1] < 23 && restored.cursor[0] === 0, `the cursor stands at the start of a file line: ${restored.cursor}`);
      // And it goes on from there: one more line down redraws nothing wrong.
      watcher.input(live.channel, '\x05');
      await quiet(300);
      const after = await screenOf(late.drawn.get(back.channel) ?? [], 80, 24);
      assert.equal(after.rows[0], `line ${String(first + 1).padStart(2, '0')} of the notes`);
      assert.deepEqual(after.rows.slice(0, 22), restored.rows.slice(1, 23));
    } finally {
      await watcher.close();
      await late.close();
    }
  });

  it('restores a shell after a flood: the last screenful, the prompt and the cursor', async () => {
    // A ring larger than the flow-control window, so the watcher itself never falls behind it.
    const roomy = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', ringBytes: 320 * 1024, profiles: TEST_PROFILES });
    const watcher = await TestClient.open(roomy.wsUrl, TOKEN);
    const late = await TestClient.open(roomy.wsUrl, TOKEN);
    try {
      const live = await watcher.openSession({ profile: 'bash', cols: 100, rows: 30 });
      watcher.input(live.channel, 'seq 1 80000; echo flood-$((6*7))\n');
      await watcher.waitForText(live.channel, /flood-42\r?\n\$ /, 30_000);
      await quiet(200);
      const back = await late.openSession({ sessionId: live.sessionId, offset: 0, cols: 100, rows: 30 });
      await late.next('snapshot', (m) => m.channel === back.channel);
      await late.until(() => late.snapshots.get(back.channel)?.length, 'the snapshot frame');
      await quiet(200);
      const truth = await screenOf(watcher.drawn.get(live.channel) ?? [], 100, 30);
      const restored = await screenOf(late.drawn.get(back.channel) ?? [], 100, 30);
      assert.ok(truth.rows.includes('80000'), 'the flood ends on screen');
      assert.deepEqual(restored, truth);
      // Typing goes on where the cursor stands.
      late.input(back.channel, 'echo after-$((2+3))\n');
      await late.waitForText(back.channel, 'after-5');
    } finally {
      await watcher.close();
      await late.close();
      await roomy.close();
    }
  });
});
