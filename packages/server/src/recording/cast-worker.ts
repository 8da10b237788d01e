/**
 * The main thread's side of the recording worker (cast-worker-program.ts):
 * one worker for every recording of this process, started on first use.
 * Operations are batched into one message per tick; replies go to the
 * writer they belong to.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/logger.js';
import { castWorkerProgram } from './cast-worker-program.js';

export type CastOp =
  | { op: 'open'; id: number; file: string; header: string; maxBytes: number }
  | { op: 'data'; id: number; t: number; kind: 'o' | 'i'; bytes: Uint8Array }
  | { op: 'resize'; id: number; t: number; cols: number; rows: number }
  | { op: 'marker'; id: number; t: number; text: string }
  | { op: 'close'; id: number; t: number };

export type CastReply = { op: 'written'; id: number; bytes: number } | { op: 'closed'; id: number } | { op: 'failed'; id: number; message: string };

/** What a writer hears back. */
export interface CastListener {
  reply(reply: CastReply): void;
  /** The worker died: nothing more of this recording reaches the disk. */
  lost(error: Error): void;
}

export class CastWorker {
  private worker: Worker | undefined;
  private ops: CastOp[] = [];
  private scheduled = false;
  private nextId = 1;
  private readonly listeners = new Map<number, CastListener>();
  /** Recordings asked to close and not yet closed: while there are any, the worker keeps the process alive. */
  private closing = 0;

  constructor(private readonly log: Logger) {}

  register(listener: CastListener): number {
    const id = this.nextId++;
    this.listeners.set(id, listener);
    return id;
  }

  post(op: CastOp): void {
    if (op.op === 'close' && this.closing++ === 0) this.start().ref();
    this.ops.push(op);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Ends the worker once every recording is closed (shutdown). */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const ops = this.ops;
    this.ops = [];
    if (ops.length === 0) return;
    const transfer = ops.flatMap((op) => (op.op === 'data' ? [op.bytes.buffer as ArrayBuffer] : []));
    this.start().postMessage(ops, transfer);
  };

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker's own `require` goes in as an argument: the program must not refer to anything outside itself.
    const worker = new Worker(`var __name = (f) => f; (${castWorkerProgram.toString()})(require);`, {
      eval: true,
      // Short-lived strings only: a small young generation keeps a flood from growing the heap.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    });
    worker.on('message', (reply: CastReply) => {
      this.listeners.get(reply.id)?.reply(reply);
      if (reply.op !== 'closed') return;
      this.listeners.delete(reply.id);
      if (--this.closing === 0) worker.unref();
    });
    worker.on('error', (error) => {
      this.log.error({ err: error.message }, 'the recording worker failed; open recordings end here');
      this.worker = undefined;
      this.closing = 0;
      for (const listener of this.listeners.values()) listener.lost(error);
      this.listeners.clear();
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
