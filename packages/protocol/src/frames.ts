/**
 * Binary data frames: [kind: u8][channel: u32 big-endian][raw bytes].
 * Output is never JSON-escaped or base64-encoded.
 */
import { FRAME_HEADER_BYTES, FrameKind, LIMITS, MAX_FRAME_DATA } from './constants.js';
import { ErrorCode, fail, type Result } from './errors.js';

export interface DataFrame {
  kind: FrameKind;
  channel: number;
  data: Uint8Array;
}

export function encodeFrame(kind: FrameKind, channel: number, data: Uint8Array): Uint8Array {
  const frame = allocateFrame(kind, channel, data.byteLength);
  frame.set(data, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * A frame with its header written and room for `dataBytes` after it, for a
 * sender that copies its data straight in (one copy instead of two).
 */
export function allocateFrame(kind: FrameKind, channel: number, dataBytes: number): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + dataBytes);
  frame[0] = kind;
  new DataView(frame.buffer).setUint32(1, channel, false);
  return frame;
}

/**
 * Decodes one binary frame. `expected` is the only kind allowed in this
 * direction; `data` is a view into `bytes`, not a copy.
 */
export function decodeFrame(bytes: Uint8Array, expected: FrameKind): Result<DataFrame> {
  if (bytes.byteLength < FRAME_HEADER_BYTES) {
    return fail(ErrorCode.TruncatedFrame, `binary frame is ${bytes.byteLength} bytes; the header alone is ${FRAME_HEADER_BYTES}`);
  }
  if (bytes.byteLength - FRAME_HEADER_BYTES > MAX_FRAME_DATA) {
    return fail(ErrorCode.TooLarge, `binary frame carries ${bytes.byteLength - FRAME_HEADER_BYTES} bytes; at most ${MAX_FRAME_DATA} are allowed`);
  }
  const kind = bytes[0];
  const channel = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, false);
  if (kind !== expected) {
    return fail(ErrorCode.UnknownFrameKind, `binary frame kind 0x${kind.toString(16).padStart(2, '0')} is not allowed here; expected 0x${expected.toString(16).padStart(2, '0')}`);
  }
  if (channel < 1 || channel > LIMITS.channel) {
    return fail(ErrorCode.OutOfBounds, `binary frame channel must be 1..${LIMITS.channel}, got ${channel}`);
  }
  return { ok: true, value: { kind: kind as FrameKind, channel, data: bytes.subarray(FRAME_HEADER_BYTES) } };
}
