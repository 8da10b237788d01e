import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, LIMITS, decodeClientMessage, encodeMessage, type ClientMessage } from './index.js';

const ID = '0123456789abcdef0123456789abcdef';

describe('decodeClientMessage', () => {
  const valid: ClientMessage[] = [
    { type: 'hello', token: 't0k3n' },
    { type: 'hello', token: 't', client: 'termplex-elements/0.1' },
    { type: 'hello', ticket: 'tpt1.abc.def' },
    { type: 'hello', resume: 'tpr1.abc.def' },
    { type: 'hello', ticket: 'tpt1.abc.def', resume: 'tpr1.abc.def', client: 'x' },
    { type: 'open', ref: 1, cols: 80, rows: 24 },
    { type: 'open', ref: 2, cols: 1000, rows: 500, sessionId: ID, profile: 'bash', offset: 12345, readonly: true },
    { type: 'resize', channel: 1, cols: 1, rows: 1 },
    { type: 'ack', channel: 4_294_967_295, offset: 0 },
    { type: 'close', channel: 3 },
    { type: 'close', channel: 3, detach: true },
    { type: 'ping', id: 7 },
  ];
  for (const message of valid) {
    it(`round-trips ${JSON.stringify(message)}`, () => {
      assert.deepEqual(decodeClientMessage(encodeMessage(message)), { ok: true, value: message });
    });
  }

  it('drops unknown fields instead of passing them on', () => {
    const result = decodeClientMessage('{"type":"ping","id":1,"__proto__":{"x":1},"extra":true}');
    assert.deepEqual(result, { ok: true, value: { type: 'ping', id: 1 } });
  });

  const bad: Array<[string, string, ErrorCode, string]> = [
    ['not JSON', '{"type":', ErrorCode.BadJson, 'control frame is not valid JSON'],
    ['a JSON array', '[1,2]', ErrorCode.BadJson, 'control frame must be a JSON object'],
    ['a JSON string', '"hello"', ErrorCode.BadJson, 'control frame must be a JSON object'],
    ['no type', '{"token":"x"}', ErrorCode.MissingField, 'message.type is required'],
    ['unknown type', '{"type":"exec","cmd":"rm -rf /"}', ErrorCode.UnknownType, 'message.type "exec" is not one of hello, open, resize, ack, close, ping'],
    ['non-string type', '{"type":5}', ErrorCode.UnknownType, 'message.type number is not one of hello, open, resize, ack, close, ping'],
    ['missing token', '{"type":"hello"}', ErrorCode.MissingField, 'hello.token is required (or hello.ticket, or hello.resume)'],
    ['token and ticket', '{"type":"hello","token":"t","ticket":"x"}', ErrorCode.BadField, 'hello carries a token or a ticket/resume, not both'],
    ['token and resume', '{"type":"hello","token":"t","resume":"x"}', ErrorCode.BadField, 'hello carries a token or a ticket/resume, not both'],
    ['numeric ticket', '{"type":"hello","ticket":5}', ErrorCode.BadField, 'hello.ticket must be a string'],
    ['huge ticket', JSON.stringify({ type: 'hello', ticket: 'x'.repeat(LIMITS.ticketLength + 1) }), ErrorCode.OutOfBounds, 'hello.ticket must be 1..2048 characters, got 2049'],
    ['numeric token', '{"type":"hello","token":5}', ErrorCode.BadField, 'hello.token must be a string'],
    ['empty token', '{"type":"hello","token":""}', ErrorCode.OutOfBounds, 'hello.token must be 1..1024 characters, got 0'],
    ['huge token', JSON.stringify({ type: 'hello', token: 'x'.repeat(LIMITS.tokenLength + 1) }), ErrorCode.OutOfBounds, 'hello.token must be 1..1024 characters, got 1025'],
    ['missing cols', '{"type":"open","ref":1,"rows":24}', ErrorCode.MissingField, 'open.cols is required'],
    ['fractional cols', '{"type":"open","ref":1,"cols":80.5,"rows":24}', ErrorCode.BadField, 'open.cols must be an integer'],
    ['string rows', '{"type":"open","ref":1,"cols":80,"rows":"24"}', ErrorCode.BadField, 'open.rows must be an integer'],
    ['zero cols', '{"type":"open","ref":1,"cols":0,"rows":24}', ErrorCode.OutOfBounds, 'open.cols must be 1..1000, got 0'],
    ['too many rows', '{"type":"open","ref":1,"cols":80,"rows":501}', ErrorCode.OutOfBounds, 'open.rows must be 1..500, got 501'],
    ['negative offset', '{"type":"open","ref":1,"cols":80,"rows":24,"offset":-1}', ErrorCode.OutOfBounds, `open.offset must be 0..${Number.MAX_SAFE_INTEGER}, got -1`],
    ['path as session id', '{"type":"open","ref":1,"cols":80,"rows":24,"sessionId":"../../etc"}', ErrorCode.BadField, 'open.sessionId must match ^[0-9a-f]{32}$'],
    ['overlong session id', `{"type":"open","ref":1,"cols":80,"rows":24,"sessionId":"${ID}0"}`, ErrorCode.OutOfBounds, 'open.sessionId must be 1..32 characters, got 33'],
    ['upper-case session id', `{"type":"open","ref":1,"cols":80,"rows":24,"sessionId":"${ID.toUpperCase()}"}`, ErrorCode.BadField, 'open.sessionId must match ^[0-9a-f]{32}$'],
    ['command line as profile', '{"type":"open","ref":1,"cols":80,"rows":24,"profile":"bash -c id"}', ErrorCode.BadField, 'open.profile must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'],
    ['string readonly', '{"type":"open","ref":1,"cols":80,"rows":24,"readonly":"yes"}', ErrorCode.BadField, 'open.readonly must be a boolean'],
    ['channel 0', '{"type":"resize","channel":0,"cols":80,"rows":24}', ErrorCode.OutOfBounds, 'resize.channel must be 1..4294967295, got 0'],
    ['channel above u32', '{"type":"ack","channel":4294967296,"offset":1}', ErrorCode.OutOfBounds, 'ack.channel must be 1..4294967295, got 4294967296'],
    ['missing ack offset', '{"type":"ack","channel":1}', ErrorCode.MissingField, 'ack.offset is required'],
    ['null ping id', '{"type":"ping","id":null}', ErrorCode.MissingField, 'ping.id is required'],
    ['oversized frame', `{"type":"ping","id":1,"pad":"${'x'.repeat(LIMITS.controlFrame)}"}`, ErrorCode.TooLarge, `control frame is ${LIMITS.controlFrame + 31} characters; at most ${LIMITS.controlFrame} are allowed`],
  ];
  for (const [name, text, code, message] of bad) {
    it(`rejects ${name} with ${code}`, () => {
      const result = decodeClientMessage(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, code);
      assert.equal(result.error.message, message);
    });
  }

  it('keeps the routing fields of a rejected frame so the error reaches one session', () => {
    const result = decodeClientMessage(`{"type":"resize","channel":9,"cols":5000,"rows":24,"sessionId":"${ID}"}`);
    assert.deepEqual(result, {
      ok: false,
      error: { code: ErrorCode.OutOfBounds, message: 'resize.cols must be 1..1000, got 5000', channel: 9, sessionId: ID },
    });
    const open = decodeClientMessage('{"type":"open","ref":4,"cols":80,"rows":0}');
    assert.equal(!open.ok && open.error.ref, 4);
  });
});
