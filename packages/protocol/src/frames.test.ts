import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, FRAME_HEADER_BYTES, FrameKind, MAX_FRAME_DATA, decodeFrame, encodeFrame } from './index.js';

describe('binary frames', () => {
  for (const kind of [FrameKind.Output, FrameKind.Input]) {
    it(`round-trips kind ${kind} with raw bytes, never escaped`, () => {
      const data = new Uint8Array([0, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x22, 0x5c]);
      const frame = encodeFrame(kind, 0xdeadbeef, data);
      assert.equal(frame.byteLength, FRAME_HEADER_BYTES + data.byteLength);
      assert.deepEqual([...frame.subarray(0, 5)], [kind, 0xde, 0xad, 0xbe, 0xef]);
      const decoded = decodeFrame(frame, kind);
      assert.ok(decoded.ok);
      assert.equal(decoded.value.channel, 0xdeadbeef);
      assert.deepEqual([...decoded.value.data], [...data]);
    });
  }

  it('decodes a frame that is a view into a larger buffer', () => {
    const backing = new Uint8Array(64);
    backing.set(encodeFrame(FrameKind.Input, 7, new Uint8Array([0x61])), 10);
    const decoded = decodeFrame(backing.subarray(10, 16), FrameKind.Input);
    assert.deepEqual(decoded.ok && { channel: decoded.value.channel, data: [...decoded.value.data] }, { channel: 7, data: [0x61] });
  });

  it('accepts an empty payload', () => {
    const decoded = decodeFrame(encodeFrame(FrameKind.Output, 1, new Uint8Array()), FrameKind.Output);
    assert.equal(decoded.ok && decoded.value.data.byteLength, 0);
  });

  const cases: Array<[string, Uint8Array, ErrorCode, string]> = [
    ['an empty frame', new Uint8Array(), ErrorCode.TruncatedFrame, 'binary frame is 0 bytes; the header alone is 5'],
    ['a truncated header', new Uint8Array([2, 0, 0, 1]), ErrorCode.TruncatedFrame, 'binary frame is 4 bytes; the header alone is 5'],
    ['an unknown kind', new Uint8Array([9, 0, 0, 0, 1, 0x61]), ErrorCode.UnknownFrameKind, 'binary frame kind 0x09 is not allowed here; expected 0x02'],
    ['output sent by a client', encodeFrame(FrameKind.Output, 1, new Uint8Array([1])), ErrorCode.UnknownFrameKind, 'binary frame kind 0x01 is not allowed here; expected 0x02'],
    ['channel 0', new Uint8Array([2, 0, 0, 0, 0, 0x61]), ErrorCode.OutOfBounds, 'binary frame channel must be 1..4294967295, got 0'],
    ['an oversized payload', new Uint8Array(FRAME_HEADER_BYTES + MAX_FRAME_DATA + 1).fill(2, 0, 1), ErrorCode.TooLarge, `binary frame carries ${MAX_FRAME_DATA + 1} bytes; at most ${MAX_FRAME_DATA} are allowed`],
  ];
  for (const [name, bytes, code, message] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      assert.deepEqual(decodeFrame(bytes, FrameKind.Input), { ok: false, error: { code, message } });
    });
  }
});
