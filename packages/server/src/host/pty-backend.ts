/**
 * What the session layer needs from a pseudo-terminal. Platform details
 * (signal numbers, process sessions, /proc) stay behind this interface.
 */
import type { Disposable } from '../core/disposable.js';

export interface PtySpawnOptions {
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

export interface PtyExit {
  /** Exit status, or null when a signal ended the process. */
  code: number | null;
  /** Signal name such as "SIGTERM", or null. */
  signal: string | null;
}

export interface PtyProcess {
  readonly pid: number;
  /** Raw output bytes, in order. */
  onData(listener: (data: Buffer) => void): Disposable;
  /** Fires once, after the last onData. */
  onExit(listener: (exit: PtyExit) => void): Disposable;
  /**
   * Queues input for the program without blocking. False, with nothing
   * queued, when the program has not read enough of what came before
   * (INPUT_QUEUE_BYTES are waiting): the caller refuses the input.
   */
  write(data: Uint8Array): boolean;
  resize(cols: number, rows: number): void;
  /** Stops reading output: the program blocks once the kernel's PTY buffer is full. */
  pause(): void;
  resume(): void;
  /**
   * Ends the process and every process of its terminal session (background
   * and `nohup` jobs included). Resolves to the pids it could not end: none
   * when the session is clean.
   */
  killTree(): Promise<number[]>;
}

export interface PtyBackend {
  /** Throws an Error whose message says why when the program cannot be started. */
  spawn(file: string, args: readonly string[], options: PtySpawnOptions): PtyProcess;
}
