import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { killStartedSessions, startSessions, survivors } from '../../../../test/support/process-sessions.js';
import { startReaper } from './reaper.js';

describe('startReaper', () => {
  afterEach(killStartedSessions);

  it('ends, when its input ends, the sessions still listed and leaves delisted ones alone', async () => {
    const [listed, delisted, twice] = await startSessions(3, 3);
    const reaper = await startReaper();
    reaper.watch(listed);
    reaper.watch(delisted);
    reaper.unwatch(delisted);
    // Watched twice, as when a new session's leader reuses an ended one's pid before its unwatch.
    reaper.watch(twice);
    reaper.watch(twice);
    reaper.unwatch(twice);
    await reaper.close();
    assert.deepEqual(survivors([listed, twice]), []);
    assert.equal(survivors([delisted]).length, 3, 'a delisted session is left alone');
  });
});
