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

/** milliseconds to wait after SIGHUP, then after SIGTERM, before SIGKILL. */
const ESCALATION = [
  { signal: 'SIGHUP', waitMs: 300 },
  { signal: 'SIGTERM', waitMs: 700 },
  { signal: 'SIGKILL', waitMs: 1000 },
] as const;
/** milliseconds between re-scans while waiting for processes to go. */
const POLL_MS = 50;

/** Pids of live processes whose session id (field 6 of /proc/PID/stat) is `sid`. */
export function processesInSession(sid: number): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found; // no procfs: only the leader itself can be signalled
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // exited while scanning
    }
    // Field 2 (comm) is in parentheses and may itself contain spaces and ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3), so session (field 6) is fields[3]; zombies are already dead.
    if (Number(fields[3]) === sid && fields[0] !== 'Z') found.push(Number(entry));
  }
  return found;
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
  const leader = () => {
    const pids = processesInSession(sid);
    // Without procfs, fall back to the leader alone.
    return pids.length === 0 && !hasProcfs() && isAlive(sid) ? [sid] : pids;
  };
  for (const step of ESCALATION) {
    let pids = leader();
    if (pids.length === 0) return;
    signalAll(pids, step.signal);
    const deadline = Date.now() + step.waitMs;
    while (Date.now() < deadline) {
      await sleep(POLL_MS);
      pids = leader();
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
