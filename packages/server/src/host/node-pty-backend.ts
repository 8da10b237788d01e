/**
 * The production PtyBackend on node-pty. We use @lydell/node-pty: the same
 * API and code as node-pty 1.1, shipped with prebuilt binaries, so installing
 * needs no compiler, no Node headers and no install script (node-pty proper
 * builds with node-gyp, which fails on machines without headers or network).
 */
import { accessSync, closeSync, constants as fsConstants, openSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import * as nodePty from '@lydell/node-pty';
import type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from './pty-backend.js';
import { killSession } from './process-tree.js';
import { PtyInputQueue } from './pty-input-queue.js';
import type { Reaper } from './reaper.js';
import { activeReaper } from './shared-reaper.js';

const signalNames = new Map<number, string>(Object.entries(osConstants.signals).map(([name, number]) => [number, name]));

/** Finds `file` like execvp would, so a bad profile fails here with a reason instead of inside the child. */
export function resolveExecutable(file: string, pathVar: string | undefined): string {
  const candidates = file.includes('/') ? [file] : (pathVar ?? '').split(':').filter(Boolean).map((dir) => path.join(dir, file));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(file.includes('/') ? `${file} is not an executable file` : `${file} was not found on PATH`);
}

class NodePtyProcess implements PtyProcess {
  private readonly exitPromise: Promise<void>;
  /** Input bypasses node-pty's write path, which blocks or spins on a program that does not read. */
  private readonly input: PtyInputQueue;

  /** Listed with the reaper until its processes are gone, so a crash of this server cannot orphan them. */
  private watched: Reaper | undefined;

  /**
   * Our own descriptor for the terminal's slave side, held until exit. When
   * the last process closes the slave, Linux hangs the terminal up and the
   * master's reads fail with EIO while output is still queued, so a program
   * that prints and exits lost its tail (`bash -c 'seq 1 20000'`: 12 runs in
   * 20). Held, the master never hangs up: node-pty sees the exit through
   * waitpid and reads what is left before it closes. Opened close-on-exec,
   * so no shell inherits another's terminal.
   */
  private slave: number | undefined;

  constructor(private readonly pty: nodePty.IPty) {
    this.watched = activeReaper();
    this.watched?.watch(pty.pid);
    // UnixTerminal has an `fd` getter (the master) that its typings omit.
    const fd = (pty as unknown as { fd?: unknown }).fd;
    if (typeof fd !== 'number') throw new Error('node-pty exposes no PTY file descriptor on this platform');
    this.input = new PtyInputQueue(fd);
    this.slave = holdSlave(pty);
    drainBeforeClose(pty);
    this.exitPromise = new Promise((resolve) => pty.onExit(() => {
      this.input.close();
      if (this.slave !== undefined) closeSync(this.slave);
      this.slave = undefined;
      resolve();
    }));
  }

  get pid(): number {
    return this.pty.pid;
  }

  onData(listener: (data: Buffer) => void) {
    // With `encoding: null` node-pty hands out Buffers, though its typings say string.
    return this.pty.onData(listener as unknown as (data: string) => void);
  }

  onExit(listener: (exit: PtyExit) => void) {
    return this.pty.onExit(({ exitCode, signal }) => {
      const name = signal ? (signalNames.get(signal) ?? `SIG${signal}`) : null;
      listener({ code: name ? null : exitCode, signal: name });
    });
  }

  write(data: Uint8Array): boolean {
    return this.input.push(data);
  }

  resize(cols: number, rows: number): void {
    try {
      this.pty.resize(cols, rows);
    } catch {
      // the PTY closed between the decision and the call; exit follows
    }
  }

  pause(): void {
    this.pty.pause();
  }

  resume(): void {
    this.pty.resume();
  }

  async killTree(): Promise<number[]> {
    const left = await killSession(this.pty.pid);
    // Survivors stay listed: the reaper tries again when the server exits.
    if (left.length === 0 && this.watched) {
      this.watched.unwatch(this.pty.pid);
      this.watched = undefined;
    }
    // The shell is gone; wait (briefly) for node-pty to read the last output and report exit.
    await Promise.race([this.exitPromise, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    return left;
  }
}

/** Opens the PTY's slave side; undefined where node-pty names none or it is already gone (the exit then races as before). */
function holdSlave(pty: nodePty.IPty): number | undefined {
  const name = (pty as unknown as { ptsName?: unknown }).ptsName;
  if (typeof name !== 'string' || !name.startsWith('/dev/pts/')) return undefined;
  try {
    return openSync(name, fsConstants.O_RDWR | fsConstants.O_NOCTTY | fsConstants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

/**
 * node-pty closes the master 200 ms after the program exits, reading or not.
 * A session paused for flow control at that moment would lose what the
 * kernel still holds (at most its terminal buffer), so the close first
 * resumes reading and lets one more turn of the loop take the rest.
 */
function drainBeforeClose(pty: nodePty.IPty): void {
  const socket = (pty as unknown as { _socket?: { destroy?: unknown; isPaused?: unknown; resume?: unknown } })._socket;
  if (!socket || typeof socket.destroy !== 'function' || typeof socket.isPaused !== 'function' || typeof socket.resume !== 'function') return;
  const destroy = socket.destroy.bind(socket) as (...args: unknown[]) => unknown;
  const isPaused = socket.isPaused.bind(socket) as () => boolean;
  const resume = socket.resume.bind(socket) as () => void;
  socket.destroy = (...args: unknown[]) => {
    if (!isPaused()) return destroy(...args);
    resume();
    setTimeout(() => destroy(...args), DRAIN_MS);
    return socket;
  };
}

/** Long enough for libuv to read a terminal buffer's worth (microseconds), short beside node-pty's 200 ms. */
const DRAIN_MS = 20;

export const nodePtyBackend: PtyBackend = {
  spawn(file: string, args: readonly string[], options: PtySpawnOptions): PtyProcess {
    const executable = resolveExecutable(file, options.env.PATH);
    const pty = nodePty.spawn(executable, [...args], {
      name: options.env.TERM ?? 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env,
      // Buffers, not strings: offsets are byte offsets and a UTF-8 sequence split across reads stays intact.
      encoding: null,
    });
    return new NodePtyProcess(pty);
  },
};
