/**
 * One session's recording, written as asciicast v2 (the format
 * asciinema and its player read): a JSON header line, then one JSON array
 * per event, `[seconds, "o" | "i" | "r" | "m", text]`.
 *
 * The writer never slows the terminal: lines go to a write stream, and when
 * the disk falls behind by more than QUEUE_LIMIT the events are dropped and
 * counted instead of queued; once it catches up, a marker ("m") says how
 * many were lost. A file stops at its size cap with a marker saying so. A
 * failure to write ends the recording, never the session.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from '../core/logger.js';

/** bytes the write stream may hold unwritten before events are dropped. */
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
  log: Logger;
}

export class CastWriter {
  private readonly stream: WriteStream;
  private readonly began = performance.now();
  private readonly output = new StringDecoder('utf8');
  private readonly input = new StringDecoder('utf8');
  private written = 0;
  private dropped = { events: 0, bytes: 0 };
  private state: 'open' | 'full' | 'closed' = 'open';

  constructor(header: CastHeader, private readonly settings: CastWriterSettings) {
    this.stream = createWriteStream(settings.file, { flags: 'wx', mode: 0o600 });
    this.stream.on('error', (error) => {
      if (this.state === 'closed') return;
      this.state = 'closed';
      settings.log.error({ file: settings.file, err: error.message }, 'recording failed; the session goes on unrecorded');
    });
    this.stream.on('drain', () => this.reportDropped());
    this.line(JSON.stringify({
      version: 2,
      width: header.cols,
      height: header.rows,
      timestamp: Math.floor(Date.now() / 1000),
      env: header.env,
    }));
  }

  /** Output the terminal received. UTF-8 split across reads is joined before it is written. */
  writeOutput(data: Uint8Array): void {
    const text = this.output.write(data as Buffer);
    if (text) this.event('o', text);
  }

  /** Input typed into the terminal (only for profiles that record it: input holds passwords). */
  writeInput(data: Uint8Array): void {
    const text = this.input.write(data as Buffer);
    if (text) this.event('i', text);
  }

  resize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** Writes what is left of a split character and closes the file. Resolves once it is on disk. */
  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    const output = this.output.end();
    if (output) this.event('o', output);
    const input = this.input.end();
    if (input) this.event('i', input);
    this.reportDropped();
    this.state = 'closed';
    return new Promise((resolve) => this.stream.end(resolve));
  }

  private event(kind: 'o' | 'i' | 'r' | 'm', text: string): void {
    if (this.state !== 'open') return;
    const line = `[${this.elapsed()}, "${kind}", ${JSON.stringify(text)}]`;
    if (this.stream.writableLength > QUEUE_LIMIT) {
      this.dropped.events++;
      this.dropped.bytes += line.length;
      return;
    }
    if (this.written + Buffer.byteLength(line) + 1 > this.settings.maxBytes) {
      this.marker(`termplex: the recording stopped here: the file reached its size cap of ${this.settings.maxBytes} bytes`);
      this.state = 'full';
      return;
    }
    this.reportDropped();
    this.line(line);
  }

  /** A marker for events the disk could not keep up with, once there is room to write it. */
  private reportDropped(): void {
    if (this.dropped.events === 0 || this.state !== 'open' || this.stream.writableLength > QUEUE_LIMIT) return;
    const { events, bytes } = this.dropped;
    this.dropped = { events: 0, bytes: 0 };
    this.marker(`termplex: ${events} events (about ${bytes} bytes) were not recorded: the disk could not keep up`);
    this.settings.log.warn({ file: this.settings.file, events, bytes }, 'recording fell behind; events were dropped');
  }

  private marker(text: string): void {
    this.line(`[${this.elapsed()}, "m", ${JSON.stringify(text)}]`);
  }

  private line(text: string): void {
    this.written += Buffer.byteLength(text) + 1;
    this.stream.write(`${text}\n`);
  }

  /** seconds since the recording began, to the microsecond as asciinema writes them. */
  private elapsed(): string {
    return ((performance.now() - this.began) / 1000).toFixed(6);
  }
}
