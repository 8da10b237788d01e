/**
 * The process table, read from /proc and grouped by session id, shared by
 * everyone who waits for a session to end. Ending 256 sessions at once then
 * costs one scan per poll instead of 256, and the scan holds at most a few
 * /proc files open: scanning per caller with every read in flight at once
 * once exhausted the server's file descriptors (EMFILE), and a failed read
 * taken for "no such process" let processes escape.
 */
import { open, readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a scan reads /proc; tests pass one whose reads fail. */
export interface ProcReader {
  /** The pids listed in /proc. Rejects with ENOENT where there is no procfs. */
  listPids(): Promise<number[]>;
  /** The start of /proc/PID/stat: at least up to field 6 (session). */
  readStat(pid: number): Promise<string>;
}

/** bytes: /proc/PID/stat up to field 6 (session) fits, since the command name (field 2) is at most 64 bytes. */
const STAT_PREFIX_BYTES = 512;

export const procfsReader: ProcReader = {
  async listPids() {
    return (await readdir('/proc')).filter(isPid).map(Number);
  },
  async readStat(pid) {
    const file = await open(`/proc/${pid}/stat`, 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(STAT_PREFIX_BYTES), 0, STAT_PREFIX_BYTES, 0);
      return buffer.toString('latin1', 0, bytesRead);
    } finally {
      await file.close();
    }
  },
};

export const isPid = (entry: string) => /^\d+$/.test(entry);

/** The session id (field 6) of a /proc/PID/stat line; undefined for a zombie, which is already dead. */
export function sessionOfStat(stat: string): number | undefined {
  // Field 2 (comm) is in parentheses and may itself contain spaces and ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3), so session (field 6) is fields[3].
  return fields[0] === 'Z' ? undefined : Number(fields[3]);
}

/** Only these say a process is gone; any other error leaves it unknown. */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ESRCH';
}

/** What one session looked like in one scan. */
export interface SessionMembers {
  /** Live processes of the session. */
  alive: number[];
  /**
   * Processes whose session could not be read, so they may belong to this one
   * (or, when /proc could not be listed, the session's leader standing for it).
   */
  unknown: number[];
}

export class ProcessSnapshot {
  constructor(
    private readonly bySession: ReadonlyMap<number, number[]>,
    private readonly unreadable: readonly number[],
    /** 'failed': /proc could not be listed, so nothing is known. */
    private readonly listing: 'read' | 'no-procfs' | 'failed',
  ) {}

  members(sid: number): SessionMembers {
    if (this.listing === 'failed') return { alive: [], unknown: [sid] };
    // Without procfs only the leader itself can be found, and signalled.
    if (this.listing === 'no-procfs') return { alive: exists(sid) ? [sid] : [], unknown: [] };
    return { alive: [...(this.bySession.get(sid) ?? [])], unknown: [...this.unreadable] };
  }
}

export interface ProcessTableOptions {
  reader?: ProcReader;
  /** /proc files open at once; default 8. */
  concurrency?: number;
}

/** Tries per pid while reads fail for a reason that may pass (EMFILE, EAGAIN, ...). */
const READ_ATTEMPTS = 4;
/** milliseconds between those tries: long enough for other reads to close their files. */
const RETRY_MS = 5;

export class ProcessTable {
  private readonly reader: ProcReader;
  private readonly concurrency: number;
  private current: Promise<ProcessSnapshot> | undefined;
  private next: Promise<ProcessSnapshot> | undefined;

  constructor(options: ProcessTableOptions = {}) {
    this.reader = options.reader ?? procfsReader;
    this.concurrency = options.concurrency ?? 8;
  }

  /**
   * A snapshot begun after this call. A caller arriving during a scan waits for
   * the next one: the scan under way may have read a process before the
   * caller's signal reached it. Never rejects.
   */
  scan(): Promise<ProcessSnapshot> {
    if (this.next) return this.next;
    if (this.current) return (this.next = this.current.then(() => this.begin()));
    return this.begin();
  }

  private begin(): Promise<ProcessSnapshot> {
    this.next = undefined;
    const scan = this.read();
    this.current = scan;
    void scan.then(() => {
      if (this.current === scan) this.current = undefined;
    });
    return scan;
  }

  private async read(): Promise<ProcessSnapshot> {
    let pids: number[];
    try {
      pids = await this.reader.listPids();
    } catch (error) {
      return new ProcessSnapshot(new Map(), [], isGone(error) ? 'no-procfs' : 'failed');
    }
    const bySession = new Map<number, number[]>();
    const unreadable: number[] = [];
    let index = 0;
    const worker = async () => {
      while (index < pids.length) {
        const pid = pids[index++];
        const sid = await this.sessionOf(pid);
        if (sid === 'unknown') unreadable.push(pid);
        else if (sid !== undefined) {
          const members = bySession.get(sid);
          if (members) members.push(pid);
          else bySession.set(sid, [pid]);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pids.length) }, worker));
    return new ProcessSnapshot(bySession, unreadable, 'read');
  }

  /** undefined: gone (or a zombie). */
  private async sessionOf(pid: number): Promise<number | undefined | 'unknown'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return sessionOfStat(await this.reader.readStat(pid));
      } catch (error) {
        if (isGone(error)) return undefined;
        if (attempt === READ_ATTEMPTS) return exists(pid) ? 'unknown' : undefined;
        await sleep(RETRY_MS * attempt);
      }
    }
  }
}

/** False only when the kernel says there is no such process (ESRCH); a process we may not signal still exists. */
export function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isGone(error);
  }
}
