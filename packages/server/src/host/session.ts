/**
 * One terminal session: a PTY, its output history, and the clients attached
 * to it. Owns the size policy (smallest writable client, as tmux does), PTY
 * flow control, output batching and the grace / idle lifecycle.
 */
import { performance } from 'node:perf_hooks';
import { HIGH_WATERMARK, LOW_WATERMARK } from '@termplex/protocol';
import type { Clock, TimerHandle } from '../core/clock.js';
import { DisposableStore } from '../core/disposable.js';
import type { Logger } from '../core/logger.js';
import { FRAME_CAP } from './output-limits.js';
import type { PtyExit, PtyProcess } from './pty-backend.js';
import { RingBuffer } from './ring-buffer.js';
import { RingScreen } from './ring-screen.js';
import { describeDuration, SessionQuota, type SessionLimits } from './session-quota.js';
import type { ScreenModels, ScreenSnapshot } from './screen-model.js';
import type { SessionRecording } from '../recording/recorder.js';

/**
 * Output batching. Interactive output goes out at once: a small PTY read (an
 * echo, a prompt) or the first read after a quiet spell never waits for a
 * timer. Sustained output (large reads coming back to back) is coalesced for
 * a very short window, or until a full frame is pending, so a flood goes out
 * in few large frames: fewer frames means fewer acks and less per-frame work
 * on both sides.
 */
/** bytes: a read smaller than this is interactive output. */
const SPARSE_READ_BYTES = 1024;
/** milliseconds without a flush after which output counts as starting afresh. */
const QUIET_MS = 4;
/** milliseconds: large reads arriving this close together share frames. */
const BATCH_WINDOW_MS = 2;

export interface SessionSettings {
  ringBytes: number;
  graceMs: number;
  idleTimeoutMs: number;
  clock: Clock;
  log: Logger;
  /** Where the session keeps a model of its screen; none: a client behind the ring is told what it lost. */
  screens?: ScreenModels;
  /** A visitor's (ticket) session: its lifetime, idle and output-rate quotas. */
  limits?: SessionLimits;
  /** Where the session is recorded, when it is; the owner closes it when the session exits. */
  recording?: SessionRecording;
}

export type { SessionLimits };

/**
 * What a session needs from each attached client (an Attachment). The
 * session never builds wire messages: it tells its clients what happened.
 */
export interface SessionClient {
  readonly channel: number;
  readonly readonly: boolean;
  /** The session exited and this client is draining what is left. */
  readonly finishing: boolean;
  cols: number;
  rows: number;
  /** bytes sent to this client and not yet acknowledged. */
  readonly inflight: number;
  /** New output is in the ring. */
  outputReady(): void;
  /** The PTY's size changed (not told to the client whose resize caused it). */
  sizeChanged(cols: number, rows: number): void;
  /** The program exited: drain the rest, then report the exit. */
  sessionExited(): void;
  /** Detached: nothing more is sent. */
  drop(): void;
}

export class Session {
  readonly attachments = new Set<SessionClient>();
  readonly created: number;
  lastActivity: number;
  cols: number;
  rows: number;
  exitStatus: PtyExit | undefined;
  private ring: RingBuffer | undefined;
  /** The PTY is paused: by flow control (every client full) or the output-rate quota. */
  private paused = false;
  private flowHeld = false;
  private readonly quota: SessionQuota | undefined;
  private readonly idleMs: number;
  private teardown: Promise<number[]> | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = -Infinity;
  private batched = 0;
  private graceTimer: TimerHandle | undefined;
  private idleTimer: TimerHandle | undefined;
  private readonly store = new DisposableStore();
  private readonly log: Logger;
  private readonly exitListeners = new Set<() => void>();
  private readonly screen: RingScreen | undefined;

  constructor(
    readonly id: string,
    readonly profile: string,
    private readonly pty: PtyProcess,
    size: { cols: number; rows: number },
    private readonly settings: SessionSettings,
  ) {
    this.cols = size.cols;
    this.rows = size.rows;
    this.created = settings.clock.now();
    this.lastActivity = this.created;
    this.log = settings.log.child({ sessionId: id });
    this.screen = settings.screens && new RingScreen(settings.screens, size);
    if (this.screen) this.store.add(this.screen);
    this.store.add(pty.onData((data) => this.onOutput(data)));
    this.store.add(pty.onExit((exit) => this.onExit(exit)));
    this.store.defer(() => clearTimeout(this.flushTimer));
    this.store.defer(() => this.clearGrace());
    this.store.defer(() => this.idleTimer && settings.clock.clearTimeout(this.idleTimer));
    const limits = settings.limits;
    this.idleMs = [settings.idleTimeoutMs, limits?.idleMs ?? 0].filter((ms) => ms > 0).reduce((a, b) => Math.min(a, b), Infinity);
    if (this.idleMs < Infinity) this.armIdle(this.idleMs);
    if (limits && (limits.lifetimeMs > 0 || limits.outputBytesPerSecond > 0)) {
      this.quota = new SessionQuota(limits, settings.clock, {
        expire: (notice) => this.endWithNotice(notice),
        hold: () => this.applyPause(),
      });
      this.store.defer(() => this.quota?.dispose());
    }
    this.log.info({ profile, pid: pty.pid, cols: size.cols, rows: size.rows }, 'session started');
  }

  get pid(): number {
    return this.pty.pid;
  }

  get start(): number {
    return this.ring?.start ?? 0;
  }

  get head(): number {
    return this.ring?.head ?? 0;
  }

  get exited(): boolean {
    return this.exitStatus !== undefined;
  }

  /** Copies output bytes [from, to) into `target`; returns how many the ring still held. */
  copyOutput(target: Uint8Array, from: number, to: number): number {
    return this.ring?.copyTo(target, from, to) ?? 0;
  }

  /** True when a client the ring moved past can be given the screen instead of a gap. */
  get restorable(): boolean {
    return this.screen !== undefined && !this.exited;
  }

  /**
   * The screen as of the output so far when asked; by the time it arrives a
   * flood may have carried the ring past it: the caller checks
   * `offset >= start`. Undefined when there is none.
   */
  snapshot(): Promise<ScreenSnapshot | undefined> {
    return this.screen && this.ring ? this.screen.snapshot(this.ring) : Promise.resolve(undefined);
  }

  /** Returns a function that removes the listener again. */
  onceExited(listener: () => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Adds a client. Existing clients hear about a size change; the new one learns the size from `opened`. */
  attach(attachment: SessionClient): void {
    this.attachments.add(attachment);
    this.clearGrace();
    this.applySize(attachment);
    this.flowChanged();
    this.log.debug({ channel: attachment.channel, readonly: attachment.readonly, clients: this.attachments.size }, 'client attached');
  }

  detach(attachment: SessionClient): void {
    if (!this.attachments.delete(attachment)) return;
    attachment.drop();
    this.log.debug({ channel: attachment.channel, clients: this.attachments.size }, 'client detached');
    if (this.exited) return;
    this.applySize();
    this.flowChanged();
    if (this.attachments.size === 0) this.startGrace();
  }

  resizeFrom(attachment: SessionClient, cols: number, rows: number): void {
    attachment.cols = cols;
    attachment.rows = rows;
    if (!this.exited) this.applySize();
  }

  /** Queues input for the program; false when its input queue is full and `data` was refused. */
  write(data: Uint8Array): boolean {
    if (this.exited) return true;
    this.lastActivity = this.settings.clock.now();
    const accepted = this.pty.write(data);
    if (accepted && this.settings.recording?.input) this.settings.recording.writer.writeInput(data);
    return accepted;
  }

  /**
   * Ends the program and its whole process session; `exit` reaches every
   * client when it is gone. Resolves to the pids that could not be ended.
   */
  end(reason: string): Promise<number[]> {
    if (!this.teardown && !this.exited) this.log.info({ reason }, 'ending session');
    return this.tearDown();
  }

  /**
   * Ends the session after telling its clients why in the terminal itself
   * (a line in the output, so every attachment and a later reconnect see it).
   */
  endWithNotice(text: string): Promise<number[]> {
    if (!this.exited && !this.teardown) this.append(Buffer.from(`\r\n\x1b[0m\x1b[7m termplex: ${text} \x1b[0m\r\n`));
    return this.end(text);
  }

  /** One teardown per session, whoever asks first (an end request or the program's own exit). */
  private tearDown(): Promise<number[]> {
    this.teardown ??= this.pty.killTree().then((left) => {
      if (left.length > 0) this.log.error({ pids: left }, 'processes of this session could not be ended');
      return left;
    });
    return this.teardown;
  }

  /** Starts the grace period, e.g. for a session created ahead of time with no client yet. */
  startGrace(): void {
    if (this.exited || this.graceTimer) return;
    this.graceTimer = this.settings.clock.setTimeout(() => {
      this.graceTimer = undefined;
      if (this.attachments.size === 0) void this.end(`no client for ${this.settings.graceMs} ms`);
    }, this.settings.graceMs);
  }

  private clearGrace(): void {
    if (this.graceTimer) this.settings.clock.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  private armIdle(ms: number): void {
    this.idleTimer = this.settings.clock.setTimeout(() => {
      const quietFor = this.settings.clock.now() - this.lastActivity;
      if (quietFor >= this.idleMs) void this.endWithNotice(`no input or output for ${describeDuration(this.idleMs)}: this session was ended`);
      else this.armIdle(this.idleMs - quietFor);
    }, ms);
  }

  /** Tmux policy: the PTY is as small as the smallest writable client; viewers never constrain it. */
  private applySize(quiet?: SessionClient): void {
    let cols = Infinity;
    let rows = Infinity;
    for (const a of this.attachments) {
      if (a.readonly || a.finishing) continue;
      cols = Math.min(cols, a.cols);
      rows = Math.min(rows, a.rows);
    }
    if (cols === Infinity || (cols === this.cols && rows === this.rows)) return;
    this.cols = cols;
    this.rows = rows;
    this.pty.resize(cols, rows);
    this.screen?.resized(this.head, cols, rows);
    this.settings.recording?.writer.resize(cols, rows);
    for (const a of this.attachments) {
      if (a !== quiet) a.sizeChanged(cols, rows);
    }
  }

  private onOutput(data: Buffer): void {
    this.quota?.spend(data.byteLength);
    this.append(data);
  }

  private append(data: Buffer): void {
    this.ring ??= new RingBuffer(this.settings.ringBytes);
    this.screen?.output(data, this.ring);
    this.ring.append(data);
    this.settings.recording?.writer.writeOutput(data);
    this.lastActivity = this.settings.clock.now();
    this.batched += data.byteLength;
    if (this.flushTimer) {
      if (this.batched >= FRAME_CAP) this.flush();
      return;
    }
    const now = performance.now();
    if (data.byteLength < SPARSE_READ_BYTES || now - this.lastFlush >= QUIET_MS) this.flush(now);
    else this.flushTimer = setTimeout(this.flush, BATCH_WINDOW_MS);
  }

  private readonly flush = (now = performance.now()): void => {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = now;
    this.batched = 0;
    for (const a of this.attachments) a.outputReady();
  };

  /**
   * PTY flow control: pause when every client is at the high watermark (no
   * one can take more), resume as soon as any drops below the low one. With
   * no client at all the program runs on into the ring.
   */
  flowChanged(): void {
    if (this.exited) return;
    let anyBelowLow = this.attachments.size === 0;
    let allAtHigh = this.attachments.size > 0;
    for (const a of this.attachments) {
      if (a.inflight < LOW_WATERMARK) anyBelowLow = true;
      if (a.inflight < HIGH_WATERMARK) allAtHigh = false;
    }
    if (!this.flowHeld && allAtHigh) this.flowHeld = true;
    else if (this.flowHeld && anyBelowLow) this.flowHeld = false;
    this.applyPause();
  }

  private applyPause(): void {
    const held = this.flowHeld || this.quota?.held === true;
    if (this.exited || held === this.paused) return;
    this.paused = held;
    if (held) this.pty.pause();
    else this.pty.resume();
    this.log.trace(held ? 'pty paused' : 'pty resumed');
  }

  private onExit(exit: PtyExit): void {
    if (this.exitStatus) return;
    this.exitStatus = exit;
    this.log.info({ code: exit.code, signal: exit.signal, bytes: this.head }, 'session exited');
    this.store.dispose();
    for (const listener of this.exitListeners) listener();
    for (const a of [...this.attachments]) a.sessionExited();
    // Jobs left behind (`nohup cmd &`) share the shell's session: no orphans.
    void this.tearDown();
  }
}
