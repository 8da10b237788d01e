import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PENDING_INPUT_LIMIT, PendingInput, utf8Length } from './pending-input.js';

describe('PendingInput', () => {
  it('holds input in order and hands it over once', () => {
    const pending = new PendingInput();
    assert.equal(pending.add('ls'), true);
    assert.equal(pending.add(' -l\r'), true);
    assert.equal(pending.bytes, 6);
    assert.equal(pending.take(), 'ls -l\r');
    assert.equal(pending.bytes, 0);
    assert.equal(pending.take(), '');
  });

  it('counts UTF-8 bytes, as they go on the wire', () => {
    const pending = new PendingInput();
    pending.add('é€😀');
    assert.equal(pending.bytes, 2 + 3 + 4);
    assert.equal(utf8Length('é€😀'), 9);
  });

  it('refuses a chunk that would pass the limit whole, keeping what it held', () => {
    assert.equal(PENDING_INPUT_LIMIT, 64 * 1024);
    const pending = new PendingInput(10);
    assert.equal(pending.add('12345678'), true);
    assert.equal(pending.add('abc'), false);
    assert.equal(pending.bytes, 8);
    assert.equal(pending.add('ab'), true, 'exactly at the limit fits');
    assert.equal(pending.add('x'), false);
    assert.equal(pending.take(), '12345678ab');
  });
});
