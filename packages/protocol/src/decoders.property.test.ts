/**
 * Property tests: whatever arrives, the decoders answer with a typed message or
 * a typed error. They never throw, and what they accept is itself valid.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ErrorCode,
  FrameKind,
  LIMITS,
  SESSION_ID_PATTERN,
  decodeClientMessage,
  decodeFrame,
  decodeServerMessage,
  encodeFrame,
  encodeMessage,
  type ClientMessage,
} from './index.js';

const codes = new Set<string>(Object.values(ErrorCode));
const runs = { numRuns: 2000 };

/** Objects that look like client messages but with any value in any field. */
const almostMessage = fc.record(
  {
    type: fc.constantFrom('hello', 'open', 'resize', 'ack', 'close', 'ping', 'input', ''),
    token: fc.anything(),
    ref: fc.oneof(fc.integer(), fc.double(), fc.string()),
    channel: fc.oneof(fc.integer({ min: -5, max: 2 ** 33 }), fc.constant(null)),
    cols: fc.oneof(fc.integer({ min: -1, max: 1200 }), fc.string()),
    rows: fc.integer({ min: -1, max: 600 }),
    offset: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String)),
    sessionId: fc.oneof(fc.stringMatching(SESSION_ID_PATTERN), fc.string()),
    profile: fc.string({ maxLength: 80 }),
    readonly: fc.anything(),
    detach: fc.boolean(),
    id: fc.integer(),
  },
  { requiredKeys: [] },
);

function assertValidClientMessage(message: ClientMessage): void {
  // Whatever was accepted survives a second trip unchanged: it is a fixed point.
  assert.deepEqual(decodeClientMessage(encodeMessage(message)), { ok: true, value: message });
  if ('cols' in message) assert.ok(message.cols >= 1 && message.cols <= LIMITS.cols);
  if ('rows' in message) assert.ok(message.rows >= 1 && message.rows <= LIMITS.rows);
  if ('channel' in message) assert.ok(Number.isInteger(message.channel) && message.channel >= 1);
  if (message.type === 'open' && message.sessionId !== undefined) assert.match(message.sessionId, SESSION_ID_PATTERN);
}

describe('decoder properties', () => {
  it('decodeFrame never throws on random bytes and returns a known code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(FrameKind.Input, FrameKind.Output), (bytes, kind) => {
        const result = decodeFrame(bytes, kind);
        if (result.ok) {
          assert.equal(result.value.kind, kind);
          assert.ok(result.value.channel >= 1);
          assert.deepEqual([...encodeFrame(kind, result.value.channel, result.value.data)], [...bytes]);
        } else {
          assert.ok(codes.has(result.error.code), result.error.code);
        }
      }),
      runs,
    );
  });

  it('decodeClientMessage never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = decodeClientMessage(text);
        if (result.ok) assertValidClientMessage(result.value);
        else assert.ok(codes.has(result.error.code));
      }),
      runs,
    );
  });

  it('decodeClientMessage never throws on random JSON and accepts only valid messages', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), almostMessage.map((m) => JSON.stringify(m))), (text) => {
        const result = decodeClientMessage(text);
        if (result.ok) assertValidClientMessage(result.value);
        else {
          assert.ok(codes.has(result.error.code), result.error.code);
          assert.ok(result.error.message.length > 0);
        }
      }),
      runs,
    );
  });

  it('decodeServerMessage never throws on random JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        const result = decodeServerMessage(text);
        if (result.ok) assert.deepEqual(decodeServerMessage(encodeMessage(result.value)), result);
        else assert.ok(codes.has(result.error.code));
      }),
      runs,
    );
  });
});
