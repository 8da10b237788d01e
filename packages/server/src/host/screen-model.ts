/**
 * Screen models: headless terminals fed a session's output, so a client that
 * comes back after the ring moved past it gets the screen (and recent
 * scrollback) instead of a "bytes were lost" marker. The models live on one
 * shared worker thread (screen-worker-program.ts); this side batches output
 * to it, one message per tick, and bounds what may be waiting there. What a
 * model is fed, and when, is RingScreen's business.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MAX_FRAME_DATA } from '@termplex/protocol';
import { screenWorkerProgram } from './screen-worker-program.js';

/** The screen as of output offset `offset`, as the escape sequences that draw it. */
export interface ScreenSnapshot {
  offset: number;
  cols: number;
  rows: number;
  data: Buffer;
}

export interface ScreenModel {
  write(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** The screen as of everything written so far (`offset`: bytes written); undefined when the model could not keep up. */
  snapshot(): Promise<ScreenSnapshot | undefined>;
  dispose(): void;
}

/** lines of scrollback a snapshot carries. */
export const SNAPSHOT_SCROLLBACK = 1000;
/**
 * bytes written to the worker and not yet parsed, over all sessions. Past
 * this a session that writes more is marked behind: its bytes are dropped
 * until the worker catches up, then its model starts afresh (blank) from
 * there, so its snapshots show what came after.
 */
const OUTSTANDING_CAP = 32 * 1024 * 1024;

type Op =
  | { op: 'open'; id: number; cols: number; rows: number; scrollback: number }
  | { op: 'data'; id: number; bytes: Uint8Array; end: number }
  | { op: 'resize'; id: number; cols: number; rows: number }
  | { op: 'reset'; id: number }
  | { op: 'snap'; id: number; req: number }
  | { op: 'close'; id: number };

type Reply = { op: 'snap'; req: number; data: string | undefined; offset?: number } | { op: 'parsed'; id: number; bytes: number };
type Snap = { data: string; offset: number } | undefined;

/** milliseconds a snapshot may wait for the stream to reach a point between two sequences. */
const SNAPSHOT_TIMEOUT_MS = 2000;

class WorkerModel implements ScreenModel {
  /** Output bytes written so far: the offset a snapshot requested now stands at. */
  fed = 0;
  outstanding = 0;
  /** Bytes were dropped: the model starts afresh once the worker has room. */
  behind = false;
  /** Counts the drops: a snapshot asked for before one is not consistent with the stream. */
  drops = 0;
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
    this.fed += data.byteLength;
    if (this.behind) return;
    if (this.owner.outstanding + data.byteLength > OUTSTANDING_CAP) {
      this.behind = true;
      this.drops++;
      this.pending = [];
      this.owner.behind.add(this);
      return;
    }
    this.pending.push(data);
    this.owner.outstanding += data.byteLength;
    this.outstanding += data.byteLength;
    this.owner.dirty(this);
  }

  /** This model's queued output as one operation (one copy, into a buffer the worker can own). */
  takePending(ops: Op[], transfer: ArrayBuffer[]): void {
    if (this.pending.length === 0) return;
    const size = this.pending.reduce((n, b) => n + b.byteLength, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const b of this.pending) {
      bytes.set(b, at);
      at += b.byteLength;
    }
    this.pending = [];
    // Everything written and not dropped is pending, so the stream stands at `fed` after these bytes.
    ops.push({ op: 'data', id: this.id, bytes, end: this.fed });
    transfer.push(bytes.buffer);
  }

  /** Starts the model afresh (RIS) at the current offset, after bytes were dropped. */
  rebuild(): void {
    this.behind = false;
    this.owner.post({ op: 'reset', id: this.id });
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.owner.dirty(this, { op: 'resize', id: this.id, cols, rows });
  }

  snapshot(): Promise<ScreenSnapshot | undefined> {
    if (this.behind) return Promise.resolve(undefined);
    const { cols, rows, drops } = this;
    // Bytes dropped after the request make the snapshot stand for a state the stream no longer follows.
    return this.owner.request(this).then((snap) => (snap === undefined || this.drops !== drops ? undefined : { offset: snap.offset, cols, rows, data: Buffer.from(snap.data) }));
  }

  dispose(): void {
    this.owner.close(this);
  }
}

/** The models of one process's sessions, on one worker started on first use. */
export class ScreenModels {
  outstanding = 0;
  readonly behind = new Set<WorkerModel>();
  private worker: Worker | undefined;
  private readonly models = new Map<number, WorkerModel>();
  private readonly requests = new Map<number, (snap: Snap) => void>();
  private ops: Op[] = [];
  private readonly dirtyModels = new Set<WorkerModel>();
  private flushScheduled = false;
  private nextId = 1;
  private nextReq = 1;
  private disposed = false;

  create(size: { cols: number; rows: number }): ScreenModel {
    const model = new WorkerModel(this.nextId++, this, size);
    this.models.set(model.id, model);
    this.post({ op: 'open', id: model.id, cols: size.cols, rows: size.rows, scrollback: SNAPSHOT_SCROLLBACK });
    return model;
  }

  /** Queues an operation after the model's pending output, so order is kept. */
  dirty(model: WorkerModel, op?: Op): void {
    if (op) {
      const transfer: ArrayBuffer[] = [];
      model.takePending(this.ops, transfer);
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
    this.behind.delete(model);
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
    if (this.disposed) return;
    const transfer: ArrayBuffer[] = [];
    const ops: Op[] = [];
    // Operations queued in order first (each already took its model's earlier output), then the rest of the output.
    for (const op of this.ops) ops.push(op);
    this.ops = [];
    for (const model of this.dirtyModels) model.takePending(ops, transfer);
    this.dirtyModels.clear();
    for (const op of ops) if (op.op === 'data') transfer.push(op.bytes.buffer as ArrayBuffer);
    if (ops.length > 0) this.start().postMessage(ops, [...new Set(transfer)]);
  };

  private start(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    const worker = new Worker(`var __name = (f) => f; (${screenWorkerProgram.toString()})();`, {
      eval: true,
      workerData: { headless: require.resolve('@xterm/headless'), serialize: require.resolve('@xterm/addon-serialize'), maxBytes: MAX_FRAME_DATA },
    });
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', () => {
      // A dead worker makes every model useless: answer what waits and start over on next use.
      for (const resolve of this.requests.values()) resolve(undefined);
      this.requests.clear();
      this.worker = undefined;
      this.ops = [];
      this.outstanding = 0;
      this.behind.clear();
      // A fresh worker on the next flush: every model is opened again and rebuilt from its ring.
      for (const model of this.models.values()) {
        model.outstanding = 0;
        this.post({ op: 'open', id: model.id, cols: model.cols, rows: model.rows, scrollback: SNAPSHOT_SCROLLBACK });
        model.rebuild();
      }
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.worker = worker;
    return worker;
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
    this.outstanding -= reply.bytes;
    if (this.behind.size > 0 && this.outstanding < OUTSTANDING_CAP / 2) {
      const lagging = [...this.behind];
      this.behind.clear();
      for (const m of lagging) m.rebuild();
    }
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
