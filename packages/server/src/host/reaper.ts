/**
 * A supervisor that ends every session's processes when the server dies in a
 * way that runs no code of ours (SIGKILL, the OOM killer, a crash). It is a
 * small separate process reading a pipe from the server: the kernel closes
 * that pipe whenever and however the server exits, and end of input is the
 * reaper's one cue to end the sessions still listed and exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { reaperProgram } from './reaper-program.js';

/** milliseconds the reaper may take to start (tsx compiling it from source is the slow case). */
const START_TIMEOUT_MS = 10_000;

export interface Reaper {
  /** The reaper's pid. */
  readonly pid: number;
  /** Lists a session (by its leader's pid, the session id) to be ended if the server dies. */
  watch(sid: number): void;
  /**
   * Delists a session whose processes are gone (killSession resolved to []).
   * Each watch takes one unwatch: a pid reused by a new session stays listed.
   */
  unwatch(sid: number): void;
  /**
   * Tells the reaper to end what is still listed (nothing, after a clean
   * shutdown) and exit; resolves when it has.
   */
  close(): Promise<void>;
}

/**
 * Starts the reaper and resolves once it is ready; rejects with the reason
 * when it cannot start. Call it before the first PTY exists: a child inherits
 * whatever descriptors lack close-on-exec, and the reaper must not hold a
 * terminal open.
 */
export async function startReaper(): Promise<Reaper> {
  // The program travels as source text: see reaper-program.ts. `__name` is
  // defined in case a bundler that keeps function names wrapped any inside it.
  const program = `var __name = (f) => f; (${reaperProgram.toString()})(require);`;
  const child = spawn(process.execPath, ['-e', program], {
    // Its own process group and session: a terminal's Ctrl-C or hangup, sent
    // to the server's group, must not end the reaper before the server.
    detached: true,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    await ready(child, 'ready\n');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return new ReaperProcess(child);
}

function ready(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`the process reaper did not start: ${why}`));
    };
    const timer = setTimeout(() => fail(`no word from it in ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
    child.stdout!.setEncoding('latin1').on('data', (chunk: string) => {
      said += chunk;
      if (said !== line) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.destroy();
      resolve();
    });
  });
}

class ReaperProcess implements Reaper {
  private readonly exited: Promise<void>;
  private readonly input: Socket;

  constructor(private readonly child: ChildProcess) {
    this.input = child.stdin as Socket;
    // A reaper that died leaves a broken pipe; the server carries on without it.
    this.input.on('error', () => {});
    child.on('error', () => {});
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    // The reaper must never keep the server alive.
    child.unref();
    this.input.unref();
  }

  get pid(): number {
    return this.child.pid!;
  }

  watch(sid: number): void {
    this.send(`+${sid}\n`);
  }

  unwatch(sid: number): void {
    this.send(`-${sid}\n`);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    // Held alive only while waiting, so awaiting close() cannot hang on an empty event loop.
    this.child.ref();
    this.input.end();
    await this.exited;
  }

  private send(line: string): void {
    if (this.input.writable) this.input.write(line);
  }
}
