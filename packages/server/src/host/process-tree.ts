/**
 * Ends every process of a terminal session. The shell under a PTY is a session
 * leader (node-pty calls setsid), and an interactive shell puts each job in its
 * own process group, so signalling the shell or its group misses background
 * and `nohup` jobs; every one of them keeps the shell's session id, though.
 * Linux never reuses a pid while it is still some process's session id, so
 * matching on it cannot hit a stranger.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isGone, isPid, ProcessTable, sessionOfStat } from './process-table.js';

/** milliseconds to wait after SIGHUP, then after SIGTERM, before SIGKILL. */
const ESCALATION = [
  { signal: 'SIGHUP', waitMs: 300 },
  { signal: 'SIGTERM', waitMs: 700 },
  { signal: 'SIGKILL', waitMs: 1000 },
] as const;
/** milliseconds between re-scans while waiting for processes to go. */
const POLL_MS = 50;

/** One scanner for the whole process, so sessions ending together share each scan. */
const sharedTable = new ProcessTable();

/** Pids of live processes whose session id (field 6 of /proc/PID/stat) is `sid`. Blocking: for a forced exit only. */
export function processesInSession(sid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter(isPid);
  } catch {
    return [sid]; // nothing can be listed: the leader at least can be signalled
  }
  return entries.filter((entry) => {
    try {
      return sessionOfStat(readFileSync(`/proc/${entry}/stat`, 'latin1')) === sid;
    } catch (error) {
      // A forced exit cannot wait to retry; a pid we could not read is signalled only if it is the leader.
      return !isGone(error) && Number(entry) === sid;
    }
  }).map(Number);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** SIGKILL every process of session `sid` at once (a forced exit cannot wait). */
export function killSessionNow(sid: number): void {
  for (const pid of processesInSession(sid)) signal(pid, 'SIGKILL');
}

/**
 * SIGHUP, then SIGTERM, then SIGKILL every process of session `sid`, waiting
 * briefly between. Resolves to the pids that may still be alive at the end:
 * empty only when a complete scan found none. A process whose session could
 * not be read counts as alive, since an unreadable /proc is not an empty one.
 */
export async function killSession(sid: number, table: ProcessTable = sharedTable): Promise<number[]> {
  let last: number[] = [];
  for (const step of ESCALATION) {
    // A process forked while a step is under way gets that step's signal once, when a scan first shows it.
    const signalled = new Set<number>();
    const deadline = Date.now() + step.waitMs;
    for (;;) {
      const { alive, unknown } = (await table.scan()).members(sid);
      if (alive.length === 0 && unknown.length === 0) return [];
      for (const pid of alive) {
        if (signalled.has(pid)) continue;
        signalled.add(pid);
        signal(pid, step.signal);
      }
      last = [...alive, ...unknown];
      if (Date.now() >= deadline) break;
      await sleep(POLL_MS);
    }
  }
  return last;
}
