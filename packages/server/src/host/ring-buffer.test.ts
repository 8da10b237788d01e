import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('starts empty and allocates nothing until written', () => {
    const ring = new RingBuffer(4096);
    assert.equal(ring.start, 0);
    assert.equal(ring.head, 0);
    assert.equal(ring.allocated, 0);
    assert.equal(ring.slice(0, 10).length, 0);
  });

  it('grows with what was written, not with its capacity', () => {
    const ring = new RingBuffer(2 * 1024 * 1024);
    ring.append(Buffer.from('$ '));
    assert.equal(ring.allocated, 1024);
    ring.append(Buffer.alloc(100_000, 1));
    assert.ok(ring.allocated < 200_000, `allocated ${ring.allocated}`);
  });

  it('keeps exactly the last `capacity` bytes at absolute offsets', () => {
    const ring = new RingBuffer(1024);
    const all = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    for (let i = 0; i < all.length; i += 333) ring.append(all.subarray(i, i + 333));
    assert.equal(ring.head, 5000);
    assert.equal(ring.start, 5000 - 1024);
    assert.deepEqual(ring.slice(0, 5000), all.subarray(5000 - 1024));
    assert.deepEqual(ring.slice(4500, 4600), all.subarray(4500, 4600));
  });

  it('matches a reference model for any sequence of appends and slices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1024, max: 8192 }),
        fc.array(fc.uint8Array({ maxLength: 9000 }), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 10 }),
        (capacity, chunks, ranges) => {
          const ring = new RingBuffer(capacity);
          let model = Buffer.alloc(0);
          for (const chunk of chunks) {
            ring.append(chunk);
            model = Buffer.concat([model, chunk]);
          }
          const start = Math.max(0, model.length - capacity);
          assert.equal(ring.head, model.length);
          assert.equal(ring.start, start);
          for (const [a, b] of ranges) {
            const from = a % (model.length + 1);
            const to = from + (b % (model.length - from + 1));
            assert.deepEqual(Buffer.from(ring.slice(from, to)), model.subarray(Math.max(from, start), Math.max(to, start)));
          }
          assert.ok(ring.allocated <= capacity + 2 * 64 * 1024);
        },
      ),
      { numRuns: 200 },
    );
  });
});
