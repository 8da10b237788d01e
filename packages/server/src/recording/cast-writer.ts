/**
 * One session's recording, written as asciicast v2 (the format asciinema
 * and its player read): a JSON header line, then one JSON array per event,
 * `[seconds, "o" | "i" | "r" | "m", text]`. The session's thread only takes
 * the time and a copy of the bytes; the recording worker decodes (UTF-8
 * split across reads is joined there), escapes and writes.
 *
 * The writer never slows the terminal: when the worker falls behind by more
 * than QUEUE_LIMIT bytes, events are dropped and counted instead of queued,
 * and once it catches up a marker ("m") says how many were lost. A file
 * stops at its size cap with a marker saying so. A failure to write ends the
 * recording, never the session.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger.js';
import type { CastReply, CastWorker } from './cast-worker.js';

/** bytes of output the worker may have waiting before events are dropped. */
export const QUEUE_LIMIT = 8 * 1024 * 1024;

export interface CastHeader {
  cols: number;
  rows: number;
  /** The environment the header names (asciinema records TERM and SHELL). */
  env: { TERM: string; SHELL: string };
}

export interface CastWriterSettings {
  /** The file to create; an existing file is never overwritten. */
  file: string;
  /** bytes: the file ends (with a marker) when the next event would pass this. */
  maxBytes: number;
  worker: CastWorker;
  log: Logger;
}

export class CastWriter {
  private readonly id: number;
  private readonly began = performance.now();
  /** Data bytes posted to the worker and not yet taken. */
  private waiting = 0;
  private dropped = { events: 0, bytes: 0 };
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closed: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;

  constructor(header: CastHeader, private readonly settings: CastWriterSettings) {
    this.id = settings.worker.register({ reply: (reply) => this.onReply(reply), lost: () => this.finish() });
    const first = JSON.stringify({ version: 2, width: header.cols, height: header.rows, timestamp: Math.floor(Date.now() / 1000), env: header.env });
    settings.worker.post({ op: 'open', id: this.id, file: settings.file, header: first, maxBytes: settings.maxBytes });
  }

  /** Output the terminal received. */
  writeOutput(data: Uint8Array): void {
    this.data('o', data);
  }

  /** Input typed into the terminal (only for profiles that record it: input holds passwords). */
  writeInput(data: Uint8Array): void {
    this.data('i', data);
  }

  resize(cols: number, rows: number): void {
    if (this.state === 'open') this.settings.worker.post({ op: 'resize', id: this.id, t: this.elapsed(), cols, rows });
  }

  /** Resolves once everything recorded is on disk and the file is closed. */
  close(): Promise<void> {
    if (this.closed) return this.closed;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    if (this.state === 'closed') this.resolveClosed!();
    else {
      this.reportDropped(true);
      this.state = 'closing';
      this.settings.worker.post({ op: 'close', id: this.id, t: this.elapsed() });
    }
    return this.closed;
  }

  private data(kind: 'o' | 'i', data: Uint8Array): void {
    if (this.state !== 'open') return;
    if (this.waiting > QUEUE_LIMIT) {
      this.dropped.events++;
      this.dropped.bytes += data.byteLength;
      return;
    }
    this.reportDropped(false);
    this.waiting += data.byteLength;
    // A copy: the caller's buffer is reused (node-pty's pool, the ring), and this one is transferred.
    this.settings.worker.post({ op: 'data', id: this.id, t: this.elapsed(), kind, bytes: new Uint8Array(data) });
  }

  private onReply(reply: CastReply): void {
    if (reply.op === 'written') {
      this.waiting -= reply.bytes;
      if (this.state === 'open') this.reportDropped(false);
    } else if (reply.op === 'failed') {
      this.settings.log.error({ file: this.settings.file, err: reply.message }, 'recording failed; the session goes on unrecorded');
    } else {
      this.finish();
    }
  }

  /** A marker for events the worker could not keep up with, once it has room (or at the end). */
  private reportDropped(closing: boolean): void {
    if (this.dropped.events === 0 || (!closing && this.waiting > QUEUE_LIMIT / 2)) return;
    const { events, bytes } = this.dropped;
    this.dropped = { events: 0, bytes: 0 };
    this.settings.worker.post({ op: 'marker', id: this.id, t: this.elapsed(), text: `termplex: ${events} events (${bytes} bytes of output) were not recorded: recording could not keep up` });
    this.settings.log.warn({ file: this.settings.file, events, bytes }, 'recording fell behind; events were dropped');
  }

  private finish(): void {
    this.state = 'closed';
    this.resolveClosed?.();
  }

  /** milliseconds since the recording began. */
  private elapsed(): number {
    return performance.now() - this.began;
  }
}
