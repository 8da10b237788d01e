/**
 * The reaper process (see reaper.ts): it outlives the server by design, reads
 * `+SID` / `-SID` lines on stdin, and at end of input ends every session
 * still listed, then exits. Run as a program when it is the main module;
 * importing it (reaper.ts does, to learn this file's built location) only
 * defines things.
 */
import { closeSync, readdirSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { killSession } from './process-tree.js';

/** This module's own file, in src/ (under tsx) or in dist/ (bundled) alike. */
export const reaperEntryFile = fileURLToPath(import.meta.url);

/** What the reaper writes on stdout, once, when the server may rely on it. */
export const READY = 'ready\n';

/** A session id as the server writes it: the session leader's pid. */
const LINE = /^([+-])([1-9]\d{0,9})$/;

/** Resolves when `input` has ended and the sessions still listed have been ended. */
export async function runReaper(input: NodeJS.ReadableStream, report: (line: string) => void): Promise<void> {
  // Counted, not a set: a pid freed by an ended session may lead a new one
  // before the old session's `-SID` arrives, and that line must not delist the new one.
  const sessions = new Map<number, number>();
  let partial = '';
  const apply = (line: string) => {
    const match = LINE.exec(line);
    if (!match) return;
    const sid = Number(match[2]);
    const count = (sessions.get(sid) ?? 0) + (match[1] === '+' ? 1 : -1);
    if (count > 0) sessions.set(sid, count);
    else sessions.delete(sid);
  };
  input.setEncoding('latin1');
  // 'error' as well as 'end': a broken pipe means the server is gone just the same.
  await new Promise<void>((resolve) => {
    input.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(apply);
    });
    input.once('end', resolve);
    input.once('error', () => resolve());
  });
  const survivors = await Promise.all([...sessions.keys()].map(async (sid) => ({ sid, pids: await killSession(sid) })));
  for (const { sid, pids } of survivors) {
    if (pids.length > 0) report(`termplex-reaper: session ${sid}: could not end pids ${pids.join(' ')}`);
  }
}

/**
 * Closes PTY masters inherited from the server: a reaper started after the
 * first session (a second server in one process) would otherwise hold those
 * terminals open. Node opens its own descriptors close-on-exec, so none of
 * ours is a master.
 */
function closeInheritedTerminals(): void {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return;
  }
  for (const fd of fds.map(Number).filter((n) => n > 2)) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === '/dev/ptmx') closeSync(fd);
    } catch {
      // closed meanwhile, or the directory's own descriptor
    }
  }
}

function main(): void {
  closeInheritedTerminals();
  // Only end of input stops the reaper: a terminal's Ctrl-C or hangup reaches
  // the server's whole process group, and the reaper must outlive the server.
  for (const name of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(name, () => {});
  // The server's stderr may be gone with it; a failed write must not stop the teardown.
  process.stderr.on('error', () => {});
  // Handlers are in place: the server may go on (and may die) from here.
  process.stdout.write(READY);
  runReaper(process.stdin, (line) => process.stderr.write(line + '\n')).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`termplex-reaper: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

if (process.argv[1] === reaperEntryFile) main();
