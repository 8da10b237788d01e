import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { CastWorker } from './cast-worker.js';
import { CastWriter, QUEUE_LIMIT } from './cast-writer.js';

const log = pino({ level: 'silent' });
const header = { cols: 80, rows: 24, env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } };

/** The file as asciicast v2: the header object, then the events. */
function readCast(file: string): { header: Record<string, unknown>; events: Array<[number, string, string]> } {
  const [first, ...rest] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: JSON.parse(first) as Record<string, unknown>, events: rest.map((line) => JSON.parse(line) as [number, string, string]) };
}

describe('CastWriter', () => {
  let dir: string;
  let n = 0;
  const file = () => path.join(dir, `${++n}.cast`);
  let worker: CastWorker;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'termplex-cast-'));
    worker = new CastWorker(log);
  });
  after(async () => {
    await worker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the v2 header, then output, input and resizes in order with rising times', async () => {
    const f = file();
    const writer = new CastWriter(header, { file: f, maxBytes: 1 << 20, log, worker });
    writer.writeOutput(Buffer.from('$ '));
    writer.writeInput(Buffer.from('ls\r'));
    writer.resize(100, 30);
    writer.writeOutput(Buffer.from('\x1b[1mbold\x1b[0m\r\n'));
    await writer.close();
    const cast = readCast(f);
    assert.equal(cast.header.version, 2);
    assert.equal(cast.header.width, 80);
    assert.equal(cast.header.height, 24);
    assert.deepEqual(cast.header.env, header.env);
    assert.ok(Number.isInteger(cast.header.timestamp) && Math.abs((cast.header.timestamp as number) - Date.now() / 1000) < 60);
    assert.deepEqual(cast.events.map(([, kind, text]) => [kind, text]), [['o', '$ '], ['i', 'ls\r'], ['r', '100x30'], ['o', '\x1b[1mbold\x1b[0m\r\n']]);
    const times = cast.events.map(([t]) => t);
    assert.deepEqual([...times].sort((a, b) => a - b), times);
  });

  it('joins a UTF-8 character split across reads instead of writing replacement characters', async () => {
    const f = file();
    const writer = new CastWriter(header, { file: f, maxBytes: 1 << 20, log, worker });
    const bytes = Buffer.from('né 日本 🎉');
    for (let i = 0; i < bytes.length; i++) writer.writeOutput(bytes.subarray(i, i + 1));
    await writer.close();
    const output = readCast(f).events.map(([, , text]) => text).join('');
    assert.equal(output, 'né 日本 🎉');
  });

  it('stops at the size cap with a marker, and writes nothing after it', async () => {
    const f = file();
    const writer = new CastWriter(header, { file: f, maxBytes: 4096, log, worker });
    for (let i = 0; i < 100; i++) writer.writeOutput(Buffer.from(`line ${i} `.padEnd(100, '.')));
    await writer.close();
    const { events } = readCast(f);
    const last = events.at(-1)!;
    assert.equal(last[1], 'm');
    assert.match(last[2], /size cap of 4096 bytes/);
    assert.ok(events.length < 50, `stopped early (${events.length} events)`);
    assert.ok(readFileSync(f).length < 4096 + 200);
  });

  it('drops events rather than queue more than its limit when the worker falls behind, and says how many', async () => {
    const f = file();
    const writer = new CastWriter(header, { file: f, maxBytes: 2 ** 40, log, worker });
    // All in one tick: nothing reaches the worker meanwhile, so the queue fills.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const sent = Math.ceil((2 * QUEUE_LIMIT) / chunk.length);
    for (let i = 0; i < sent; i++) writer.writeOutput(chunk);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    writer.writeOutput(Buffer.from('after'));
    await writer.close();
    const { events } = readCast(f);
    const marker = events.find(([, kind]) => kind === 'm');
    assert.ok(marker, 'a marker for the dropped events');
    const [, dropped] = /^termplex: (\d+) events/.exec(marker[2]) ?? [];
    const kept = events.filter(([, kind, text]) => kind === 'o' && text === chunk.toString()).length;
    assert.equal(kept + Number(dropped), sent, 'every event is either written or counted');
    assert.ok(Number(dropped) > 0);
    assert.equal(events.at(-1)![2], 'after', 'recording goes on once the disk caught up');
  });

  it('never overwrites an existing file, and a failure ends only the recording', async () => {
    const f = file();
    writeFileSync(f, 'kept');
    const writer = new CastWriter(header, { file: f, maxBytes: 1 << 20, log, worker });
    writer.writeOutput(Buffer.from('lost'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    writer.writeOutput(Buffer.from('still fine'));
    await writer.close();
    assert.equal(readFileSync(f, 'utf8'), 'kept');
  });
});
