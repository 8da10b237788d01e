/**
 * Teardown of real process sessions at scale and after the server's death:
 * many sessions ending at once with bounded descriptors, a descriptor table
 * at its limit (EMFILE), and the reaper ending every session of a server
 * killed with SIGKILL or gone without closing it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isRunning, killStartedSessions, startSession, startSessions, survivors, until, WAIT_MS } from '../support/process-sessions.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const source = (file: string) => fileURLToPath(new URL(`../../packages/server/src/${file}`, import.meta.url));
/** Processes in one JOBS session: bash, its background sleep and its nohup sleep. */
const PER_SESSION = 3;
/** /proc files the scanner may hold open at once (its default concurrency). */
const SCAN_CONCURRENCY = 8;

const children = new Set<ChildProcess>();
const reapers = new Set<number>();

/** A Node child running `code` (an ES module, from source through tsx), its stdout read line by line. */
function node(code: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', '--input-type=module', '-e', code], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  void exited.then(() => children.delete(child));
  const lines: string[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const line = async (n: number) => {
    await until(() => lines.length > n || child.exitCode !== null, `line ${n + 1} from a child`);
    assert.ok(lines.length > n, `the child exited (${child.exitCode}) before line ${n + 1}`);
    return JSON.parse(lines[n]);
  };
  return { child, line, exited };
}

function kib(pid: number, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

afterEach(() => {
  killStartedSessions();
  for (const child of children) child.kill('SIGKILL');
  // A reaper that outlived its test is ours to end.
  for (const pid of reapers) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  reapers.clear();
});
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('ending many sessions at once', () => {
  it('ends 200 sessions with their jobs, leaving nothing, with a few /proc files open at a time', async (t) => {
    const sids = await startSessions(200, PER_SESSION);
    // In a child, so a teardown that exhausts descriptors cannot take this process (and its cleanup) down too.
    const { line } = node(
      `import { readdirSync } from 'node:fs';
       import { killSession } from ${JSON.stringify(source('host/process-tree.ts'))};
       const openFiles = () => readdirSync('/proc/self/fd').length;
       const baseline = openFiles();
       let most = baseline;
       const sampler = setInterval(() => (most = Math.max(most, openFiles())), 1);
       const began = Date.now();
       const left = await Promise.all(process.env.SIDS.split(',').map((sid) => killSession(Number(sid))));
       clearInterval(sampler);
       console.log(JSON.stringify({ left, baseline, most, ms: Date.now() - began }));`,
      { SIDS: sids.join(',') },
    );
    const { left, baseline, most, ms } = (await line(0)) as { left: (number[] | null)[]; baseline: number; most: number; ms: number };
    t.diagnostic(`200 sessions ended in ${ms} ms; open files ${baseline} before, at most ${most} during`);
    assert.deepEqual(survivors(sids), []);
    assert.deepEqual(left.filter((pids) => pids?.length !== 0), []);
    // The scanner's reads, the /proc listing and the sampler's own listing, with room for Node's own.
    assert.ok(most - baseline <= SCAN_CONCURRENCY + 8, `${most - baseline} more files open during teardown`);
  });

  it('never reads an exhausted descriptor table (EMFILE) as an ended session', async (t) => {
    if (!hasPrlimit()) return t.skip('prlimit(1) is not installed');
    // Many processes make the old every-file-at-once scan need far more descriptors than the limit leaves.
    const [sid] = await startSessions(1, 152, 'for i in $(seq 150); do sleep 300 & done; nohup sleep 300 >/dev/null 2>&1 & wait');
    const { child, line } = node(
      `import { readdirSync } from 'node:fs';
       import { killSession } from ${JSON.stringify(source('host/process-tree.ts'))};
       console.log(JSON.stringify(readdirSync('/proc/self/fd').length));
       process.stdin.once('data', async () => console.log(JSON.stringify(await killSession(Number(process.env.SID)) ?? null)));`,
      { SID: String(sid) },
    );
    const open = (await line(0)) as number;
    // Room for the scanner and a little more, far less than one file per process.
    execFileSync('prlimit', ['--pid', String(child.pid), `--nofile=${open + SCAN_CONCURRENCY + 8}`]);
    child.stdin!.write('go\n');
    const left = (await line(1)) as number[] | null;
    const alive = survivors([sid]);
    if (alive.length > 0) assert.notDeepEqual(left, [], `reported clean while ${alive.length} processes live`);
    assert.deepEqual(alive, []);
    assert.deepEqual(left, []);
  });
});

function hasPrlimit(): boolean {
  try {
    execFileSync('prlimit', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A server stand-in: starts the reaper, watches the sessions in SIDS, prints the reaper's pid, then runs `then`. */
function reaperOwner(sids: number[], then: string) {
  const owner = node(
    `import { startReaper } from ${JSON.stringify(source('host/reaper.ts'))};
     const reaper = await startReaper();
     for (const sid of process.env.SIDS.split(',')) reaper.watch(Number(sid));
     console.log(JSON.stringify(reaper.pid));
     ${then}`,
    { SIDS: sids.join(',') },
  );
  const reaperPid = owner.line(0).then((pid: number) => {
    reapers.add(pid);
    return pid;
  });
  return { ...owner, reaperPid };
}

describe('the reaper', () => {
  it('ends every watched session, nohup jobs too, within seconds of the server being SIGKILLed', async (t) => {
    const sids = await startSessions(20, PER_SESSION);
    // Stays alive (a timer) until killed.
    const { child, reaperPid } = reaperOwner(sids, 'setInterval(() => {}, 60_000);');
    const pid = await reaperPid;
    t.diagnostic(`reaper RSS ${kib(pid, 'VmRSS')} kB (under tsx)`);
    // A terminal's Ctrl-C, hangup or a plain kill reaching the reaper must not end it first.
    await until(() => catches(pid, ['SIGINT', 'SIGHUP', 'SIGTERM']), 'the reaper to handle its signals');
    for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.kill(pid, signal);
    child.kill('SIGKILL');
    const killed = Date.now();
    await until(() => survivors(sids).length === 0, 'every watched process to end', WAIT_MS);
    t.diagnostic(`${sids.length * PER_SESSION} processes gone ${Date.now() - killed} ms after the SIGKILL`);
    await until(() => !isRunning(pid), 'the reaper to exit');
  });

  it('does not keep the server alive, and ends what is still watched when the server exits on its own', async () => {
    const sids = await startSessions(2, PER_SESSION);
    const { exited, reaperPid } = reaperOwner(sids, '');
    const pid = await reaperPid;
    // Nothing else keeps the owner's event loop alive: it exits by itself.
    let timer: NodeJS.Timeout | undefined;
    const [code] = await Promise.race([
      exited,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the reaper kept its owner alive')), WAIT_MS))),
    ]).finally(() => clearTimeout(timer));
    assert.equal(code, 0);
    await until(() => survivors(sids).length === 0, 'the watched sessions to end');
    await until(() => !isRunning(pid), 'the reaper to exit');
  });

  it('on close, leaves unwatched sessions alone and exits', async () => {
    const watched = startSession();
    const unwatched = startSession();
    const { line, reaperPid } = reaperOwner(
      [watched, unwatched],
      `reaper.unwatch(${unwatched});
       await reaper.close();
       console.log(JSON.stringify('closed'));`,
    );
    const pid = await reaperPid;
    assert.equal(await line(1), 'closed');
    assert.equal(isRunning(pid), false, 'close() resolves once the reaper has exited');
    assert.deepEqual(survivors([watched]), []);
    assert.equal(survivors([unwatched]).length > 0, true);
  });
});

/** True when `pid` has handlers for all of `signals` (SigCgt in /proc/PID/status). */
function catches(pid: number, signals: readonly NodeJS.Signals[]): boolean {
  const mask = BigInt(`0x${/^SigCgt:\s+([0-9a-f]+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0'}`);
  const numbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>;
  return signals.every((s) => (mask >> BigInt(numbers[s] - 1)) & 1n);
}
