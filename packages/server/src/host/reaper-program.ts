/**
 * The reaper's whole program (see reaper.ts), as one self-contained function.
 * reaper.ts runs its source text with `node -e`, so the program needs no file
 * of its own and survives any bundler: a bundle has no separate file to
 * start, and starting the bundle itself would start the application again.
 * It may use only its own locals, its `require` argument (a bundler rewrites
 * a free `require` in module code, not a parameter) and Node's globals.
 *
 * It reads `+SID` / `-SID` lines on stdin (counted, not a set: a pid freed by
 * an ended session may lead a new one before the old one's `-SID` arrives),
 * and at end of input ends every session still listed, HUP, then TERM, then
 * KILL, and exits: 0 when nothing is left, 1 (naming the pids on stderr)
 * otherwise. A read error of /proc is never taken for "nothing left".
 */
export function reaperProgram(require: NodeJS.Require): void {
  const fs = require('node:fs') as typeof import('node:fs');
  /** [signal, milliseconds to wait after it]: the same escalation as process-tree.ts. */
  const steps: Array<[NodeJS.Signals, number]> = [['SIGHUP', 300], ['SIGTERM', 700], ['SIGKILL', 1000]];
  const sessions = new Map<number, number>();

  // Only end of input stops the reaper: a terminal's Ctrl-C or hangup reaches
  // the server's whole process group, and the reaper must outlive the server.
  for (const name of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(name, () => {});
  process.stderr.on('error', () => {});
  // PTY masters inherited from the server (it was started after a first
  // session) would keep those terminals open; Node's own fds are never masters.
  try {
    for (const fd of fs.readdirSync('/proc/self/fd').map(Number)) {
      try {
        if (fd > 2 && fs.readlinkSync(`/proc/self/fd/${fd}`) === '/dev/ptmx') fs.closeSync(fd);
      } catch {
        // the directory's own descriptor, closed meanwhile
      }
    }
  } catch {
    // no procfs: nothing to look at
  }

  /** Live pids of the listed sessions, or undefined when /proc could not be read completely. */
  const members = (): number[] | undefined => {
    let entries: string[];
    try {
      entries = fs.readdirSync('/proc');
    } catch {
      return undefined;
    }
    const pids: number[] = [];
    let complete = true;
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ESRCH') complete = false;
        continue;
      }
      // Field 2 (comm) is parenthesised and may hold spaces; state is field 3, session id field 6.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && sessions.has(Number(fields[3]))) pids.push(Number(entry));
    }
    return complete ? pids : undefined;
  };

  const end = (step: number): void => {
    const pids = members();
    if (pids !== undefined && pids.length === 0) process.exit(0);
    if (step === steps.length) {
      process.stderr.write(`termplex-reaper: could not end ${pids ? `pids ${pids.join(' ')}` : 'every process (/proc was unreadable)'}\n`);
      process.exit(1);
    }
    const [signal, waitMs] = steps[step];
    // Without a complete scan, signal the leaders at least (a leader's pid is its session id).
    for (const pid of pids ?? [...sessions.keys()]) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    setTimeout(() => end(step + 1), waitMs);
  };

  let partial = '';
  process.stdin.setEncoding('latin1');
  process.stdin.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^([+-])([1-9]\d{0,9})$/.exec(line);
      if (!match) continue;
      const sid = Number(match[2]);
      const count = (sessions.get(sid) ?? 0) + (match[1] === '+' ? 1 : -1);
      if (count > 0) sessions.set(sid, count);
      else sessions.delete(sid);
    }
  });
  // 'error' as well as 'end': a broken pipe means the server is gone just the same.
  let ended = false;
  const onEnd = () => {
    if (ended) return;
    ended = true;
    end(0);
  };
  process.stdin.once('end', onEnd);
  process.stdin.once('error', onEnd);
  process.stdout.write('ready\n');
}
