/**
 * Real process sessions for teardown tests: each is a detached bash (so
 * setsid made it a session leader and its pid is the session id) with the
 * jobs a user leaves behind. The process list comes from ps, an oracle that
 * shares no code with the scanner under test. Cleanup SIGKILLs by pid only
 * the processes of sessions a test started.
 */
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** A background job and a `nohup` job (which ignores SIGHUP): three processes in all. */
export const JOBS = 'sleep 300 & nohup sleep 300 >/dev/null 2>&1 & wait';

/** milliseconds: functional bound for a wait, not a timing assertion. */
export const WAIT_MS = 10_000;

const started = new Set<number>();

/** Starts `bash -c script` as the leader of a new session; returns the session id. */
export function startSession(script = JOBS): number {
  const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  started.add(child.pid!);
  return child.pid!;
}

/** Live (not zombie) pids by session id. */
export function liveBySession(): Map<number, number[]> {
  const bySession = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,sid=,stat='], { encoding: 'latin1' }).split('\n')) {
    const [pid, sid, stat] = line.trim().split(/\s+/);
    if (!stat || stat.startsWith('Z')) continue;
    bySession.set(Number(sid), [...(bySession.get(Number(sid)) ?? []), Number(pid)]);
  }
  return bySession;
}

/** Live pids of these sessions. */
export function survivors(sids: Iterable<number>): number[] {
  const bySession = liveBySession();
  return [...sids].flatMap((sid) => bySession.get(sid) ?? []);
}

export async function until(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits until each session has `count` live processes (its jobs have started). */
export function untilStarted(sids: readonly number[], count: number): Promise<void> {
  return until(() => {
    const bySession = liveBySession();
    return sids.every((sid) => (bySession.get(sid)?.length ?? 0) >= count);
  }, `${sids.length} sessions of ${count} processes`);
}

/** Starts `n` sessions of `script` and waits for their `count` processes each. */
export async function startSessions(n: number, count: number, script = JOBS): Promise<number[]> {
  const sids = Array.from({ length: n }, () => startSession(script));
  await untilStarted(sids, count);
  return sids;
}

/** SIGKILLs what is left of the sessions started here (after each test). */
export function killStartedSessions(): void {
  for (const pid of survivors(started)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  started.clear();
}

/** False once `pid` is gone or a zombie. */
export function isRunning(pid: number): boolean {
  return [...liveBySession().values()].some((pids) => pids.includes(pid));
}
