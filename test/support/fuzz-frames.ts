/**
 * Random frames for fuzzing a socket that speaks the client protocol: text
 * and binary, well-formed and not, field values at and past every bound.
 */
import { decodeClientMessage, encodeFrame, FrameKind } from '@termplex/protocol';
import fc from 'fast-check';

export const field = fc.oneof(fc.anything(), fc.integer({ min: -2, max: 2 ** 32 + 1 }), fc.string({ maxLength: 40 }), fc.constant(null));
const typed = fc.record(
  {
    type: fc.constantFrom('hello', 'open', 'resize', 'ack', 'close', 'ping', 'input', '', 'OPEN'),
    ref: field, channel: field, cols: field, rows: field, offset: field, sessionId: fc.oneof(field, fc.stringMatching(/^[0-9a-f]{32}$/)),
    profile: field, token: field, id: field, detach: field, readonly: field,
  },
  { requiredKeys: ['type'] },
);
export const frame = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => ({ text: s })),
  fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
  typed.map((v) => ({ text: JSON.stringify(v) })),
  fc.uint8Array({ maxLength: 600 }).map((b) => ({ binary: b })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.uint8Array({ maxLength: 64 }))
    .map(([kind, channel, data]) => ({ binary: encodeFrame(kind as FrameKind, channel, data) })),
);

/** Valid opens of new sessions would start real shells; everything else goes through as generated. */
export function harmless(f: { text?: string; binary?: Uint8Array }) {
  if (f.text === undefined) return f;
  const decoded = decodeClientMessage(f.text);
  if (decoded.ok && decoded.value.type === 'open' && decoded.value.sessionId === undefined) return { text: '{"type":"ping","id":1}' };
  return f;
}
