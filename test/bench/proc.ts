/**
 * What the benchmark reads from /proc: a server's own resident memory (its
 * shells are other processes, so they are excluded by construction) and the
 * process trees left behind, so a run never leaks a shell.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** bytes: the `VmRSS` (or another `Vm*`) line of /proc/PID/status, NaN once the process is gone. */
export function readMemory(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
    return kib === undefined ? Number.NaN : Number(kib) * 1024;
  } catch {
    return Number.NaN;
  }
}

interface ProcStat {
  pid: number;
  ppid: number;
  sid: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), sid: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/**
 * A server's shells, while it is alive: its children that lead their own
 * session (node-pty calls setsid). Other children, such as a loader's helper,
 * share the benchmark's session and must never be matched by killSessions.
 */
export function shellPids(serverPid: number): number[] {
  return allProcesses().filter((p) => p.ppid === serverPid && p.sid === p.pid).map((p) => p.pid);
}

/** A process's children, while it is alive. */
export function childPids(pid: number): number[] {
  return allProcesses().filter((p) => p.ppid === pid).map((p) => p.pid);
}

/** SIGKILLs these processes; returns how many were still alive. */
export function killPids(pids: Iterable<number>): number {
  let killed = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

/**
 * SIGKILLs every process whose session id is one of `sids` (a shell is the
 * leader of its PTY's session, so this reaches its background jobs too).
 * Returns how many were still alive.
 */
export function killSessions(sids: ReadonlySet<number>): number {
  return killPids(allProcesses().filter((p) => sids.has(p.sid)).map((p) => p.pid));
}
