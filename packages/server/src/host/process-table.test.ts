import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessTable, sessionOfStat, type ProcReader } from './process-table.js';

const errno = (code: string) => Object.assign(new Error(code), { code });
/** Far above any pid_max, so signalling it can only say ESRCH. */
const NO_SUCH_PID = 999_999_999;
const stat = (pid: number, sid: number, state = 'S', comm = 'sleep') => `${pid} (${comm}) ${state} 1 ${sid} ${sid} 34816 ${sid} 4194560 0`;

/** A /proc of fixed stat lines; a function entry decides per read (throw to fail it). */
function reader(entries: Record<number, string | ((attempt: number) => string)>): ProcReader & { reads: number } {
  const attempts = new Map<number, number>();
  const r = {
    reads: 0,
    async listPids() {
      return Object.keys(entries).map(Number);
    },
    async readStat(pid: number) {
      r.reads++;
      const attempt = (attempts.get(pid) ?? 0) + 1;
      attempts.set(pid, attempt);
      const entry = entries[pid];
      return typeof entry === 'function' ? entry(attempt) : entry;
    },
  };
  return r;
}

describe('sessionOfStat', () => {
  it('reads field 6 past a command name holding spaces and parentheses, and skips zombies', () => {
    assert.equal(sessionOfStat(stat(7, 42, 'S', 'a) (b c')), 42);
    assert.equal(sessionOfStat(stat(7, 42, 'Z')), undefined);
  });
});

describe('ProcessTable', () => {
  it('groups live processes by session, leaving out zombies and processes that are gone', async () => {
    const table = new ProcessTable({
      reader: reader({
        10: stat(10, 10),
        11: stat(11, 10, 'Z'),
        12: () => { throw errno('ENOENT'); },
        13: () => { throw errno('ESRCH'); },
        20: stat(20, 20, 'R', 'x) (y'),
      }),
    });
    const snapshot = await table.scan();
    assert.deepEqual(snapshot.members(10), { alive: [10], unknown: [] });
    assert.deepEqual(snapshot.members(20), { alive: [20], unknown: [] });
    assert.deepEqual(snapshot.members(30), { alive: [], unknown: [] });
  });

  it('never takes an unreadable process for a gone one: after retries it is unknown to every session', async () => {
    for (const code of ['EMFILE', 'ENFILE', 'EAGAIN', 'EACCES', 'EIO']) {
      const r = reader({ 10: stat(10, 10), [process.pid]: () => { throw errno(code); } });
      const snapshot = await new ProcessTable({ reader: r }).scan();
      assert.deepEqual(snapshot.members(10), { alive: [10], unknown: [process.pid] }, code);
      assert.ok(r.reads > 2, `${code}: retried`);
    }
  });

  it('drops an unreadable pid only when the kernel says it does not exist', async () => {
    const r = reader({ [NO_SUCH_PID]: () => { throw errno('EMFILE'); } });
    assert.deepEqual((await new ProcessTable({ reader: r }).scan()).members(10), { alive: [], unknown: [] });
  });

  it('rides out a passing EMFILE by retrying the read', async () => {
    const r = reader({ 10: (attempt) => { if (attempt < 3) throw errno('EMFILE'); return stat(10, 10); } });
    assert.deepEqual((await new ProcessTable({ reader: r }).scan()).members(10), { alive: [10], unknown: [] });
  });

  it('knows nothing when /proc cannot be listed, and falls back to the leader without procfs', async () => {
    const failing = (code: string): ProcReader => ({ listPids: () => Promise.reject(errno(code)), readStat: () => Promise.reject(errno('ENOENT')) });
    assert.deepEqual((await new ProcessTable({ reader: failing('EMFILE') }).scan()).members(10), { alive: [], unknown: [10] });
    const none = await new ProcessTable({ reader: failing('ENOENT') }).scan();
    assert.deepEqual(none.members(process.pid), { alive: [process.pid], unknown: [] });
    assert.deepEqual(none.members(NO_SUCH_PID), { alive: [], unknown: [] });
  });

  it('holds at most `concurrency` reads at once', async () => {
    for (const concurrency of [1, 3, 8]) {
      let open = 0;
      let most = 0;
      const table = new ProcessTable({
        concurrency,
        reader: {
          listPids: async () => Array.from({ length: 200 }, (_, i) => i + 1),
          async readStat(pid) {
            most = Math.max(most, ++open);
            await new Promise((resolve) => setImmediate(resolve));
            open--;
            return stat(pid, 1);
          },
        },
      });
      assert.equal((await table.scan()).members(1).alive.length, 200);
      assert.equal(most, concurrency);
    }
  });

  it('gives callers that arrive during a scan one shared next scan, begun after it', async () => {
    let listings = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const table = new ProcessTable({
      reader: {
        listPids: async () => [++listings],
        async readStat(pid) {
          if (pid === 1) await gate;
          return stat(pid, pid);
        },
      },
    });
    const first = table.scan();
    await new Promise((resolve) => setImmediate(resolve));
    const [second, third] = [table.scan(), table.scan()];
    assert.equal(second, third);
    release();
    assert.deepEqual((await first).members(1).alive, [1]);
    // The second scan listed /proc after the first had finished.
    assert.deepEqual((await second).members(2).alive, [2]);
    assert.equal(listings, 2);
    assert.deepEqual((await table.scan()).members(3).alive, [3], 'an idle table scans afresh');
  });
});
