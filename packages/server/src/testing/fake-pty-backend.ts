/**
 * An in-process PtyBackend for fast unit tests: no processes, no PTYs. The
 * test plays the program: it reads what was written and emits output or exit.
 */
import { EventEmitter } from 'node:events';
import type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from '../host/pty-backend.js';

let nextPid = 100_000;

export class FakePty implements PtyProcess {
  readonly pid = nextPid++;
  readonly written: Buffer[] = [];
  readonly resizes: Array<[number, number]> = [];
  paused = false;
  /** Set to play a program that stopped reading: every write is refused. */
  inputFull = false;
  exited: PtyExit | undefined;
  private readonly events = new EventEmitter();

  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly options: PtySpawnOptions,
  ) {}

  get cols(): number {
    return this.resizes.at(-1)?.[0] ?? this.options.cols;
  }

  get rows(): number {
    return this.resizes.at(-1)?.[1] ?? this.options.rows;
  }

  /** Everything written so far, as text. */
  get input(): string {
    return Buffer.concat(this.written).toString();
  }

  onData(listener: (data: Buffer) => void) {
    this.events.on('data', listener);
    return { dispose: () => this.events.off('data', listener) };
  }

  onExit(listener: (exit: PtyExit) => void) {
    this.events.on('exit', listener);
    return { dispose: () => this.events.off('exit', listener) };
  }

  write(data: Uint8Array): boolean {
    if (this.inputFull) return false;
    this.written.push(Buffer.from(data));
    return true;
  }

  resize(cols: number, rows: number): void {
    this.resizes.push([cols, rows]);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  async killTree(): Promise<number[]> {
    this.exit({ code: null, signal: 'SIGHUP' });
    return [];
  }

  /** The program writes output. */
  emit(data: string | Uint8Array): void {
    if (this.exited) return;
    this.events.emit('data', Buffer.from(data));
  }

  /** The program ends. */
  exit(exit: PtyExit): void {
    if (this.exited) return;
    this.exited = exit;
    this.events.emit('exit', exit);
  }
}

export class FakePtyBackend implements PtyBackend {
  readonly spawned: FakePty[] = [];
  /** Set to make the next spawn fail with this message. */
  failNext: string | undefined;

  spawn(file: string, args: readonly string[], options: PtySpawnOptions): PtyProcess {
    if (this.failNext) {
      const message = this.failNext;
      this.failNext = undefined;
      throw new Error(message);
    }
    const pty = new FakePty(file, args, options);
    this.spawned.push(pty);
    return pty;
  }
}
