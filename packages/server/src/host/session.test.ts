import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateFrame, FRAME_HEADER_BYTES, FrameKind, HIGH_WATERMARK, LOW_WATERMARK, type ServerMessage } from '@termplex/protocol';
import pino from 'pino';
import { Attachment, type AttachmentSink } from './attachment.js';
import { FakePtyBackend, type FakePty } from '../testing/fake-pty-backend.js';
import { ManualClock } from '../testing/manual-clock.js';
import { Session } from './session.js';

/** A sink that records what it was told, as the wire messages a socket would send, and pumps synchronously like an idle socket. */
class RecordingSink implements AttachmentSink {
  readonly control: ServerMessage[] = [];
  readonly frames: Uint8Array[] = [];
  scheduled = 0;
  pump = true;
  schedule(a: Attachment) {
    this.scheduled++;
    if (!this.pump) return;
    for (let r = a.take(64 * 1024); r; r = a.take(64 * 1024)) {
      const frame = allocateFrame(FrameKind.Output, a.channel, r.to - r.from);
      a.session.copyOutput(frame.subarray(FRAME_HEADER_BYTES), r.from, r.to);
      this.frames.push(frame);
    }
    a.idle();
  }
  sizeChanged(a: Attachment, cols: number, rows: number) {
    this.control.push({ type: 'size', channel: a.channel, cols, rows });
  }
  skipped(a: Attachment, bytes: number, offset: number) {
    this.control.push({ type: 'lost', channel: a.channel, sessionId: a.session.id, bytes, offset });
  }
  restored() {
    throw new Error('these sessions keep no screen model');
  }
  finished(a: Attachment, exit: { code: number | null; signal: string | null }) {
    this.control.push({ type: 'exit', channel: a.channel, sessionId: a.session.id, ...exit });
    a.session.detach(a);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(graceMs = 1000) {
  const backend = new FakePtyBackend();
  const clock = new ManualClock();
  const pty = backend.spawn('sh', [], { cols: 80, rows: 24, cwd: '/', env: {} }) as FakePty;
  const session = new Session('0'.repeat(32), 'default', pty, { cols: 80, rows: 24 }, { ringBytes: 1 << 20, graceMs, idleTimeoutMs: 0, clock, log: pino({ level: 'silent' }) });
  const attach = (channel: number, readonly = false, cols = 80, rows = 24) => {
    const sink = new RecordingSink();
    const a = new Attachment(channel, session, sink, readonly, { cols, rows }, session.start);
    session.attach(a);
    return { a, sink };
  };
  return { pty, session, clock, attach };
}

describe('Session', () => {
  it('sends sparse output at once, with no timer in between', () => {
    const { pty, attach } = setup();
    const { sink } = attach(1);
    pty.emit('x');
    assert.equal(sink.frames.length, 1, 'the echo went out synchronously');
    assert.deepEqual(Buffer.from(sink.frames[0].subarray(5)).toString(), 'x');
  });

  it('sends each small read at once, even back to back (no timer floor on an echo)', () => {
    const { pty, attach } = setup();
    const { sink } = attach(1);
    for (let i = 0; i < 5; i++) pty.emit(`${i}`);
    assert.deepEqual(sink.frames.map((f) => Buffer.from(f.subarray(5)).toString()), ['0', '1', '2', '3', '4']);
  });

  it('sends the first large read at once, then coalesces the large reads that follow closely', async () => {
    const { pty, attach } = setup();
    const { sink } = attach(1);
    for (let i = 0; i < 8; i++) pty.emit(Buffer.alloc(4096, 97 + i));
    pty.emit('tail');
    assert.equal(sink.frames.length, 1, 'only the first read went out; the rest wait for the batch window');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sink.frames.length, 2, 'the rest of the burst shares one frame');
    assert.equal(sink.frames[1].byteLength, 5 + 7 * 4096 + 4);
  });

  it('flushes a batch as soon as a full frame is pending', () => {
    const { pty, attach } = setup();
    const { sink } = attach(1);
    pty.emit(Buffer.alloc(4096));
    for (let i = 0; i < 16; i++) pty.emit(Buffer.alloc(4096));
    assert.equal(sink.frames.length, 2, 'the 16 reads after the first filled a frame and went without waiting');
    assert.equal(sink.frames[1].byteLength, 5 + 16 * 4096);
  });

  it('pauses the PTY only when every attachment is at the high watermark, resumes below the low one', async () => {
    const { pty, attach } = setup();
    const one = attach(1);
    const two = attach(2, true);
    pty.emit(Buffer.alloc(HIGH_WATERMARK + 1000));
    await nextTurn();
    assert.equal(one.a.inflight, HIGH_WATERMARK);
    assert.equal(pty.paused, true);
    one.sink.pump = false; // keep `sent` still while acking
    one.a.ack(one.a.sent - LOW_WATERMARK);
    assert.equal(pty.paused, true, 'still at or above the low watermark');
    one.a.ack(one.a.sent - LOW_WATERMARK + 1);
    assert.equal(pty.paused, false);
    assert.equal(two.a.inflight, HIGH_WATERMARK, 'the viewer is still stalled; it does not hold the PTY');
  });

  it('resizes to the smallest writable attachment and tells the others', () => {
    const { pty, attach } = setup();
    const big = attach(1, false, 120, 50);
    attach(2, false, 100, 60);
    attach(3, true, 10, 10);
    assert.deepEqual(pty.resizes.at(-1), [100, 50]);
    assert.deepEqual(big.sink.control.at(-1), { type: 'size', channel: 1, cols: 100, rows: 50 });
  });

  it('ends after the grace period only when nobody came back', () => {
    const { pty, session, clock, attach } = setup(1000);
    const { a } = attach(1);
    session.detach(a);
    clock.advance(999);
    attach(2);
    clock.advance(5000);
    assert.equal(pty.exited, undefined);
    session.detach([...session.attachments][0]);
    clock.advance(1000);
    assert.deepEqual(pty.exited, { code: null, signal: 'SIGHUP' });
  });

  it('flushes what is left to a stalled client after exit, then sends exit once', async () => {
    const { pty, attach } = setup();
    const { a, sink } = attach(1);
    pty.emit(Buffer.alloc(HIGH_WATERMARK * 2));
    await nextTurn();
    assert.equal(a.sent, HIGH_WATERMARK);
    pty.exit({ code: 2, signal: null });
    assert.equal(a.sent, HIGH_WATERMARK * 2);
    assert.deepEqual(sink.control.filter((m) => m.type === 'exit'), [{ type: 'exit', channel: 1, sessionId: '0'.repeat(32), code: 2, signal: null }]);
  });
});
