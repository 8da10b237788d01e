/**
 * Screen models: headless terminals fed a session's output, so a client that
 * comes back after the ring moved past it gets the screen (and recent
 * scrollback) instead of a "bytes were lost" marker. The models live on one
 * shared worker thread (screen-worker-program.ts) running at the lowest CPU
 * priority: parsing never takes time from moving bytes. This side batches
 * output to it, one message per tick, and bounds what may wait there: a model
 * that falls behind (a flood) stops being fed and sleeps, and is started
 * again from what the ring holds when a snapshot is asked of it. What a
 * model is fed, and when, is RingScreen's business.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MAX_FRAME_DATA } from '@termplex/protocol';
import type { Logger } from '../core/logger.js';
import { screenWorkerProgram } from './screen-worker-program.js';

/** The screen as of output offset `offset`, as the escape sequences that draw it. */
export interface ScreenSnapshot {
  offset: number;
  cols: number;
  rows: number;
  data: Buffer;
}

export interface ScreenModel {
  /** True while asleep: bytes are not parsed until `restart`. */
  readonly behind: boolean;
  write(data: Uint8Array): void;
  /** Output the model starts from (what the ring holds): bounded by the ring, so it does not count as falling behind. */
  writeBacklog(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Wakes a sleeping model: it forgets everything and parses `bytes`, the output from `offset` on. */
  restart(offset: number, bytes: Uint8Array): void;
  /** The screen at the first point between sequences from now on; undefined when the model is asleep or too slow. */
  snapshot(): Promise<ScreenSnapshot | undefined>;
  dispose(): void;
}

/** lines of scrollback a snapshot carries. */
export const SNAPSHOT_SCROLLBACK = 1000;
/** bytes one model may have waiting in the worker before it sleeps: a flood is not worth parsing as it happens. */
const MODEL_BEHIND_CAP = 1024 * 1024;
/** bytes all models together may have waiting in the worker. */
const OUTSTANDING_CAP = 8 * 1024 * 1024;
/** milliseconds a snapshot may wait for the stream to reach a point between two sequences. */
const SNAPSHOT_TIMEOUT_MS = 2000;
/** worker failures in a row after which models are given up (snapshots then fall back to "bytes lost"). */
const MAX_WORKER_FAILURES = 3;

type Op =
  | { op: 'open'; id: number; cols: number; rows: number; scrollback: number }
  | { op: 'data'; id: number; bytes: Uint8Array; end: number }
  | { op: 'resize'; id: number; cols: number; rows: number }
  | { op: 'reset'; id: number }
  | { op: 'snap'; id: number; req: number }
  | { op: 'close'; id: number };

type Reply = { op: 'snap'; req: number; data: string | undefined; offset?: number } | { op: 'parsed'; id: number; bytes: number };
type Snap = { data: string; offset: number } | undefined;

class WorkerModel implements ScreenModel {
  /** Output bytes written so far (parsed or not): where the stream stands. */
  fed = 0;
  outstanding = 0;
  /** Of `outstanding`, bytes from the ring the model started or woke from: not lag. */
  backlog = 0;
  behind = false;
  /** Counts the sleeps: a snapshot asked for before one is not consistent with the stream. */
  sleeps = 0;
  private pending: Uint8Array[] = [];
  cols: number;
  rows: number;

  constructor(
    readonly id: number,
    private readonly owner: ScreenModels,
    size: { cols: number; rows: number },
  ) {
    this.cols = size.cols;
    this.rows = size.rows;
  }

  write(data: Uint8Array): void {
    this.feed(data, false);
  }

  writeBacklog(data: Uint8Array): void {
    this.feed(data, true);
  }

  private feed(data: Uint8Array, backlog: boolean): void {
    this.fed += data.byteLength;
    if (this.behind) return;
    const lag = this.outstanding - this.backlog;
    if ((!backlog && lag + data.byteLength > MODEL_BEHIND_CAP) || this.owner.outstanding + data.byteLength > OUTSTANDING_CAP || this.owner.failed) {
      this.sleep();
      return;
    }
    if (backlog) this.backlog += data.byteLength;
    this.pending.push(data);
    this.owner.outstanding += data.byteLength;
    this.outstanding += data.byteLength;
    this.owner.dirty(this);
  }

  sleep(): void {
    this.behind = true;
    this.sleeps++;
    this.dropPending();
    this.backlog = 0;
  }

  /** Output not yet sent to the worker is forgotten, and so is its share of what is outstanding. */
  private dropPending(): void {
    const bytes = this.pending.reduce((n, b) => n + b.byteLength, 0);
    this.pending = [];
    this.outstanding -= bytes;
    this.owner.outstanding -= bytes;
  }

  /** This model's queued output as one operation (one copy, into a buffer the worker can own). */
  takePending(ops: Op[]): void {
    if (this.pending.length === 0) return;
    const size = this.pending.reduce((n, b) => n + b.byteLength, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const b of this.pending) {
      bytes.set(b, at);
      at += b.byteLength;
    }
    this.pending = [];
    // Everything written since the model last slept is pending, so the stream stands at `fed` after these bytes.
    ops.push({ op: 'data', id: this.id, bytes, end: this.fed });
  }

  restart(offset: number, bytes: Uint8Array): void {
    this.behind = false;
    this.sleeps++;
    this.dropPending();
    this.owner.dirty(this, { op: 'reset', id: this.id });
    this.fed = offset;
    this.feed(bytes, true);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.owner.dirty(this, { op: 'resize', id: this.id, cols, rows });
  }

  snapshot(): Promise<ScreenSnapshot | undefined> {
    if (this.behind) return Promise.resolve(undefined);
    const { cols, rows, sleeps } = this;
    return this.owner.request(this).then((snap) => (snap === undefined || this.sleeps !== sleeps ? undefined : { offset: snap.offset, cols, rows, data: Buffer.from(snap.data) }));
  }

  dispose(): void {
    this.owner.close(this);
  }
}

/** The models of one process's sessions, on one worker started on first use. */
export class ScreenModels {
  outstanding = 0;
  /** The worker kept failing: no model is fed any more. */
  failed = false;
  private worker: Worker | undefined;
  private failures = 0;
  private readonly models = new Map<number, WorkerModel>();
  private readonly requests = new Map<number, (snap: Snap) => void>();
  private ops: Op[] = [];
  private readonly dirtyModels = new Set<WorkerModel>();
  private flushScheduled = false;
  private nextId = 1;
  private nextReq = 1;
  private disposed = false;

  constructor(private readonly log?: Logger) {}

  create(size: { cols: number; rows: number }): ScreenModel {
    const model = new WorkerModel(this.nextId++, this, size);
    this.models.set(model.id, model);
    this.post({ op: 'open', id: model.id, cols: size.cols, rows: size.rows, scrollback: SNAPSHOT_SCROLLBACK });
    return model;
  }

  /** Queues an operation after the model's pending output, so order is kept; without one, the output goes at the next flush. */
  dirty(model: WorkerModel, op?: Op): void {
    if (op) {
      model.takePending(this.ops);
      this.ops.push(op);
    } else {
      this.dirtyModels.add(model);
    }
    this.schedule();
  }

  post(op: Op): void {
    this.ops.push(op);
    this.schedule();
  }

  /** The model's screen at the first point between sequences from now on; undefined if none comes in time. */
  request(model: WorkerModel): Promise<Snap> {
    const req = this.nextReq++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.requests.delete(req);
        resolve(undefined);
      }, SNAPSHOT_TIMEOUT_MS);
      this.requests.set(req, (snap) => {
        clearTimeout(timer);
        resolve(snap);
      });
      this.dirty(model, { op: 'snap', id: model.id, req });
    });
  }

  close(model: WorkerModel): void {
    if (!this.models.delete(model.id)) return;
    this.dirtyModels.delete(model);
    this.outstanding -= model.outstanding;
    this.post({ op: 'close', id: model.id });
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.disposed || this.failed) return;
    // Operations queued in order first (each already took its model's earlier output), then the rest of the output.
    const ops = this.ops;
    this.ops = [];
    for (const model of this.dirtyModels) model.takePending(ops);
    this.dirtyModels.clear();
    const transfer = ops.flatMap((op) => (op.op === 'data' ? [op.bytes.buffer as ArrayBuffer] : []));
    if (ops.length > 0) this.start().postMessage(ops, transfer);
  };

  private start(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    // `require` goes in as an argument: a bundler rewrites a free `require` in module code, not a parameter.
    const worker = new Worker(`var __name = (f) => f; (${screenWorkerProgram.toString()})(require);`, {
      eval: true,
      // A small young generation: parsing a flood makes short-lived garbage, and the default lets it grow to tens of MiB.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
      workerData: { headless: require.resolve('@xterm/headless'), serialize: require.resolve('@xterm/addon-serialize'), unicode11: require.resolve('@xterm/addon-unicode11'), maxBytes: MAX_FRAME_DATA },
    });
    worker.on('message', (reply: Reply) => {
      this.failures = 0;
      this.onReply(reply);
    });
    worker.on('error', (error) => this.onWorkerError(error));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** A dead worker loses every model: they sleep (and wake from their rings on the next snapshot) in a fresh one. */
  private onWorkerError(error: Error): void {
    this.failures++;
    this.log?.error({ err: error.message, failures: this.failures }, 'screen model worker failed');
    for (const resolve of this.requests.values()) resolve(undefined);
    this.requests.clear();
    this.worker = undefined;
    this.ops = [];
    if (this.failures >= MAX_WORKER_FAILURES) {
      this.failed = true;
      this.log?.error('screen models are off: the worker keeps failing; clients behind the ring are told what they lost');
    }
    for (const model of this.models.values()) {
      model.sleep();
      model.outstanding = 0;
      if (!this.failed) this.post({ op: 'open', id: model.id, cols: model.cols, rows: model.rows, scrollback: SNAPSHOT_SCROLLBACK });
    }
    this.outstanding = 0;
  }

  private onReply(reply: Reply): void {
    if (reply.op === 'snap') {
      this.requests.get(reply.req)?.(reply.data === undefined || reply.offset === undefined ? undefined : { data: reply.data, offset: reply.offset });
      this.requests.delete(reply.req);
      return;
    }
    const model = this.models.get(reply.id);
    if (!model) return;
    model.outstanding -= reply.bytes;
    model.backlog -= Math.min(model.backlog, reply.bytes);
    this.outstanding -= reply.bytes;
  }

  /** Ends the worker (tests, host shutdown). */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const resolve of this.requests.values()) resolve(undefined);
    this.requests.clear();
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
