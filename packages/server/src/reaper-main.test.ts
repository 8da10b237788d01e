import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import { killStartedSessions, startSessions, survivors } from '../../../test/support/process-sessions.js';
import { runReaper } from './reaper-main.js';

describe('runReaper', () => {
  afterEach(killStartedSessions);

  it('ends, at end of input, the sessions still listed, reading lines split across chunks', async () => {
    const [listed, delisted] = await startSessions(2, 3);
    const input = new PassThrough();
    const reports: string[] = [];
    const done = runReaper(input, (line) => reports.push(line));
    // `listed` twice, as when a new session's leader reuses an ended one's pid before its `-SID`.
    const text = `+${listed}\n+${delisted}\nnonsense\n+0\n+${listed}\n-${delisted}\n-${listed}\n`;
    // One byte at a time: every line arrives in pieces.
    for (const byte of text) input.write(byte);
    input.end();
    await done;
    assert.deepEqual(survivors([listed]), []);
    assert.equal(survivors([delisted]).length, 3, 'a delisted session is left alone');
    assert.deepEqual(reports, []);
  });
});
