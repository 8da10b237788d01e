import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, decodeServerMessage, encodeMessage, type ServerMessage } from './index.js';

const ID = 'ffffffffffffffffffffffffffffffff';

describe('decodeServerMessage', () => {
  const valid: ServerMessage[] = [
    { type: 'welcome', protocol: 'termplex.v1', server: '0.1.0', heartbeat: 15000 },
    { type: 'welcome', protocol: 'termplex.v1', server: '0.1.0', heartbeat: 15000, resume: 'tpr1.a.b', resumeExpiresAt: '2026-12-02T10:00:00.000Z' },
    { type: 'opened', ref: 0, channel: 1, sessionId: ID, profile: 'default', offset: 10, head: 20, lost: 5, cols: 80, rows: 24, readonly: false },
    { type: 'lost', channel: 2, sessionId: ID, bytes: 1024, offset: 4096 },
    { type: 'size', channel: 2, cols: 100, rows: 40 },
    { type: 'exit', channel: 3, sessionId: ID, code: 0, signal: null },
    { type: 'exit', channel: 3, sessionId: ID, code: null, signal: 'SIGKILL' },
    { type: 'error', code: ErrorCode.UnknownSession, message: 'no session', sessionId: ID, ref: 3 },
    { type: 'error', code: ErrorCode.Auth, message: 'bad token' },
    { type: 'closed', channel: 9, sessionId: ID },
    { type: 'pong', id: 99 },
  ];
  for (const message of valid) {
    it(`round-trips ${message.type} ${JSON.stringify(message).length}`, () => {
      assert.deepEqual(decodeServerMessage(encodeMessage(message)), { ok: true, value: message });
    });
  }

  const bad: Array<[string, string, ErrorCode, string]> = [
    ['an unknown type', '{"type":"eval"}', ErrorCode.UnknownType, 'message.type "eval" is not one of welcome, opened, lost, snapshot, size, exit, error, closed, pong'],
    ['an unknown error code', '{"type":"error","code":"E_WHATEVER","message":"x"}', ErrorCode.BadField, `error.code must be one of ${Object.values(ErrorCode).join(', ')}`],
    ['a missing session id', '{"type":"closed","channel":1}', ErrorCode.MissingField, 'closed.sessionId is required'],
    ['a string exit code', `{"type":"exit","channel":1,"sessionId":"${ID}","code":"1","signal":null}`, ErrorCode.BadField, 'exit.code must be an integer'],
    ['a zero heartbeat', '{"type":"welcome","protocol":"termplex.v1","server":"x","heartbeat":0}', ErrorCode.OutOfBounds, 'welcome.heartbeat must be 100..3600000, got 0'],
  ];
  for (const [name, text, code, message] of bad) {
    it(`rejects ${name} with ${code}`, () => {
      const result = decodeServerMessage(text);
      assert.equal(!result.ok && result.error.code, code);
      assert.equal(!result.ok && result.error.message, message);
    });
  }
});
