/**
 * The protocol package runs unchanged in the browser: same codec, same errors.
 */
import { expect } from '@open-wc/testing';
import { ErrorCode, FrameKind, decodeFrame, decodeServerMessage, encodeFrame } from '@termplex/protocol';

describe('@termplex/protocol in Chromium', () => {
  it('round-trips a binary output frame', () => {
    const bytes = new TextEncoder().encode('\x1b[31mred\x1b[0m\r\n');
    const decoded = decodeFrame(encodeFrame(FrameKind.Output, 42, bytes), FrameKind.Output);
    expect(decoded.ok).to.equal(true);
    if (!decoded.ok) return;
    expect(decoded.value.channel).to.equal(42);
    expect(new TextDecoder().decode(decoded.value.data)).to.equal('\x1b[31mred\x1b[0m\r\n');
  });

  it('rejects a malformed server message with a stable code', () => {
    const result = decodeServerMessage('{"type":"opened","ref":1}');
    expect(result.ok ? null : result.error.code).to.equal(ErrorCode.MissingField);
  });
});
