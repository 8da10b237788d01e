/**
 * A session's output history: the last `capacity` bytes of one byte stream,
 * addressed by absolute offsets (byte 0 is the first byte the PTY ever wrote).
 *
 * Storage is a list of blocks that grow with what was written: an idle
 * session holds one small block, a busy one at most `capacity` plus one
 * block. Appends copy into the tail block, so a 1-byte echo never pins a
 * 64 KiB read buffer from the PTY.
 */

/** bytes: smallest block; a shell prompt fits, and an idle session costs about this. */
const MIN_BLOCK = 1024;
/** bytes: largest block; about one PTY read, and the size of one output frame. */
const MAX_BLOCK = 64 * 1024;

interface Block {
  bytes: Buffer;
  /** bytes of `bytes` that hold data. */
  used: number;
}

export class RingBuffer {
  private readonly blocks: Block[] = [];
  /** Absolute offset of the first byte still held. */
  private startOffset = 0;
  /** Bytes at the front of blocks[0] that were already evicted. */
  private skip = 0;
  private total = 0;

  constructor(readonly capacity: number) {}

  /** Absolute offset of the oldest byte still held. */
  get start(): number {
    return this.startOffset;
  }

  /** Absolute offset one past the newest byte (the number of bytes ever written). */
  get head(): number {
    return this.startOffset + this.total;
  }

  /** Bytes currently allocated, for memory accounting. */
  get allocated(): number {
    let sum = 0;
    for (const block of this.blocks) sum += block.bytes.byteLength;
    return sum;
  }

  append(data: Uint8Array): void {
    let at = 0;
    while (at < data.byteLength) {
      let tail = this.blocks[this.blocks.length - 1];
      if (!tail || tail.used === tail.bytes.byteLength) {
        // Grow geometrically with the stream: small while idle, MAX_BLOCK under load.
        const size = Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, this.total, data.byteLength - at));
        tail = { bytes: Buffer.allocUnsafe(Math.min(size, MAX_BLOCK)), used: 0 };
        this.blocks.push(tail);
      }
      const n = Math.min(tail.bytes.byteLength - tail.used, data.byteLength - at);
      tail.bytes.set(data.subarray(at, at + n), tail.used);
      tail.used += n;
      at += n;
    }
    this.total += data.byteLength;
    this.evict();
  }

  /**
   * Bytes in [from, to), clamped to what is held. A view when the range lies in
   * one block (the common case), a copy otherwise. Views stay valid: held bytes
   * are never overwritten, only dropped.
   */
  slice(from: number, to: number): Buffer {
    const lo = Math.max(from, this.startOffset);
    const hi = Math.min(to, this.head);
    if (hi <= lo) return Buffer.alloc(0);
    const parts = this.parts(lo, hi);
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, hi - lo);
  }

  /**
   * Copies the bytes in [from, to), clamped to what is held, into `target`
   * (which must have room); returns how many were copied. An output frame is
   * built this way with one copy, even when its range spans two blocks.
   */
  copyTo(target: Uint8Array, from: number, to: number): number {
    let at = 0;
    for (const part of this.parts(Math.max(from, this.startOffset), Math.min(to, this.head))) {
      target.set(part, at);
      at += part.byteLength;
    }
    return at;
  }

  /** Views of the blocks' bytes in [lo, hi), which must lie within what is held. */
  private parts(lo: number, hi: number): Buffer[] {
    const parts: Buffer[] = [];
    let blockStart = this.startOffset - this.skip;
    for (const block of this.blocks) {
      if (blockStart >= hi) break;
      const blockEnd = blockStart + block.used;
      if (blockEnd > lo) {
        parts.push(block.bytes.subarray(Math.max(lo, blockStart) - blockStart, Math.min(hi, blockEnd) - blockStart));
      }
      blockStart = blockEnd;
    }
    return parts;
  }

  private evict(): void {
    let excess = this.total - this.capacity;
    while (excess > 0) {
      const first = this.blocks[0];
      const held = first.used - this.skip;
      if (held <= excess && this.blocks.length > 1) {
        this.blocks.shift();
        this.skip = 0;
        this.startOffset += held;
        this.total -= held;
        excess -= held;
      } else {
        const n = Math.min(excess, held);
        this.skip += n;
        this.startOffset += n;
        this.total -= n;
        excess -= n;
        if (this.skip === first.used && first.used === first.bytes.byteLength && this.blocks.length > 1) {
          this.blocks.shift();
          this.skip = 0;
        }
      }
    }
  }
}
