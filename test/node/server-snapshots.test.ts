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

  it('gives a client far behind the ring the screen of vi, drawn as a client that saw every byte sees it', async () => {
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

      const truth = await screenOf(watcher.output.get(live.channel) ?? [], 80, 24);
      const restored = await screenOf([...late.snapshots.get(back.channel)!, ...(late.output.get(back.channel) ?? [])], 80, 24);
      assert.ok(truth.rows.some((row) => row.includes('of the notes')), `vi shows the file: ${truth.rows.join('|')}`);
      assert.deepEqual(restored, truth);
    } finally {
      await watcher.close();
      await late.close();
    }
  });

  it('restores a shell after a flood: the last screenful, the prompt and the cursor', async () => {
    const watcher = await TestClient.open(server.wsUrl, TOKEN);
    const late = await TestClient.open(server.wsUrl, TOKEN);
    try {
      const live = await watcher.openSession({ profile: 'bash', cols: 100, rows: 30 });
      watcher.input(live.channel, 'seq 1 20000; echo flood-$((6*7))\n');
      await watcher.waitForText(live.channel, /flood-42\r?\n\$ /);
      await quiet(200);
      const back = await late.openSession({ sessionId: live.sessionId, offset: 0, cols: 100, rows: 30 });
      await late.next('snapshot', (m) => m.channel === back.channel);
      await late.until(() => late.snapshots.get(back.channel)?.length, 'the snapshot frame');
      await quiet(200);
      const truth = await screenOf(watcher.output.get(live.channel) ?? [], 100, 30);
      const restored = await screenOf([...late.snapshots.get(back.channel)!, ...(late.output.get(back.channel) ?? [])], 100, 30);
      assert.ok(truth.rows.includes('20000'), 'the flood ends on screen');
      assert.deepEqual(restored, truth);
      // Typing goes on where the cursor stands.
      late.input(back.channel, 'echo after-$((2+3))\n');
      await late.waitForText(back.channel, 'after-5');
    } finally {
      await watcher.close();
      await late.close();
    }
  });
});
