/**
 * Ends every process of a terminal session. The shell under a PTY is a session
 * leader (node-pty calls setsid), and an interactive shell puts each job in its
 * own process group, so signalling the shell or its group misses background
 * and `nohup` jobs; every one of them keeps the shell's session id, though.
 * Linux never reuses a pid while it is still some process's session id, so
 * matching on it cannot hit a stranger.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** milliseconds to wait after SIGHUP, then after SIGTERM, before SIGKILL. */
const ESCALATION = [
  { signal: 'SIGHUP', waitMs: 300 },
  { signal: 'SIGTERM', waitMs: 700 },
  { signal: 'SIGKILL', waitMs: 1000 },
] as const;
/** milliseconds between re-scans while waiting for processes to go. */
const POLL_MS = 50;

/** True when a /proc/PID/stat line is a live process of session `sid`. */
function inSession(stat: string, sid: number): boolean {
  // Field 2 (comm) is in parentheses and may itself contain spaces and ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3), so session (field 6) is fields[3]; zombies are already dead.
  return Number(fields[3]) === sid && fields[0] !== 'Z';
}

const isPid = (entry: string) => /^\d+$/.test(entry);

/** Pids of live processes whose session id (field 6 of /proc/PID/stat) is `sid`. Blocking: for a forced exit only. */
export function processesInSession(sid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter(isPid);
  } catch {
    return []; // no procfs: only the leader itself can be signalled
  }
  return entries.filter((entry) => {
    try {
      return inSession(readFileSync(`/proc/${entry}/stat`, 'latin1'), sid);
    } catch {
      return false; // exited while scanning
    }
  }).map(Number);
}

/**
 * The same scan without blocking the event loop: a synchronous scan of a few
 * hundred processes takes milliseconds, which every other session on the
 * server would feel as echo latency.
 */
async function processesInSessionAsync(sid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = (await readdir('/proc')).filter(isPid);
  } catch {
    return [];
  }
  const live = await Promise.all(
    entries.map((entry) => readFile(`/proc/${entry}/stat`, 'latin1').then((stat) => inSession(stat, sid), () => false)),
  );
  return entries.filter((_, i) => live[i]).map(Number);
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** SIGKILL every process of session `sid` at once (a forced exit cannot wait). */
export function killSessionNow(sid: number): void {
  signalAll(processesInSession(sid), 'SIGKILL');
}

/** SIGHUP, then SIGTERM, then SIGKILL every process of session `sid`, waiting briefly between. */
export async function killSession(sid: number): Promise<void> {
  const members = async () => {
    const pids = await processesInSessionAsync(sid);
    // Without procfs, fall back to the leader alone.
    return pids.length === 0 && !hasProcfs() && isAlive(sid) ? [sid] : pids;
  };
  for (const step of ESCALATION) {
    let pids = await members();
    if (pids.length === 0) return;
    signalAll(pids, step.signal);
    const deadline = Date.now() + step.waitMs;
    while (Date.now() < deadline) {
      await sleep(POLL_MS);
      // While the leader lives the session is certainly not empty: skip the scan.
      if (isAlive(sid)) continue;
      pids = await members();
      if (pids.length === 0) return;
    }
  }
}

function hasProcfs(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
