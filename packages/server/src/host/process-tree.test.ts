import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { killStartedSessions, startSessions, survivors, until } from '../../../../test/support/process-sessions.js';
import { procfsReader, ProcessTable, type ProcReader } from './process-table.js';
import { killSession, killSessionNow } from './process-tree.js';

/** Far above any pid_max, so signalling it can only say ESRCH. */
const NO_SUCH_PID = 999_999_999;

/** The real /proc, except that reading the stat of any pid in `failing` fails with EMFILE. */
function emfileFor(failing: ReadonlySet<number>): ProcReader {
  return {
    listPids: () => procfsReader.listPids(),
    readStat: (pid) => (failing.has(pid) ? Promise.reject(Object.assign(new Error('EMFILE'), { code: 'EMFILE' })) : procfsReader.readStat(pid)),
  };
}

describe('killSession', () => {
  afterEach(killStartedSessions);

  it('ends the shell, its background job and its nohup job, and reports none left', async () => {
    const [sid] = await startSessions(1, 3);
    assert.deepEqual(await killSession(sid), []);
    assert.deepEqual(survivors([sid]), []);
  });

  it('escalates to SIGKILL for processes that ignore SIGHUP and SIGTERM', async () => {
    // Ignored signals are inherited, so the sleeps ignore them too.
    const [sid] = await startSessions(1, 3, "trap '' HUP TERM; sleep 300 & sleep 300 & wait");
    assert.deepEqual(await killSession(sid), []);
    assert.deepEqual(survivors([sid]), []);
  });

  it('never reports a session clean while reads of its processes fail (EMFILE)', async () => {
    const [sid] = await startSessions(1, 3);
    const members = new Set(survivors([sid]));
    const left = await killSession(sid, new ProcessTable({ reader: emfileFor(members) }));
    // Unreadable, so never signalled: all three live on, and all three are reported.
    assert.deepEqual(new Set(left), members);
    assert.deepEqual(new Set(survivors([sid])), members);
  });

  it('reports the processes still there after SIGKILL', async () => {
    // A reader that claims a process the kernel cannot find, so no signal can end it.
    const table = new ProcessTable({
      reader: { listPids: async () => [NO_SUCH_PID], readStat: async () => `${NO_SUCH_PID} (ghost) S 1 7 7 0` },
    });
    assert.deepEqual(await killSession(7, table), [NO_SUCH_PID]);
  });
});

describe('killSessionNow', () => {
  afterEach(killStartedSessions);

  it('SIGKILLs every process of the session at once', async () => {
    const [sid] = await startSessions(1, 3, "trap '' HUP TERM; sleep 300 & nohup sleep 300 >/dev/null 2>&1 & wait");
    killSessionNow(sid);
    await until(() => survivors([sid]).length === 0, 'the session to end');
  });
});
