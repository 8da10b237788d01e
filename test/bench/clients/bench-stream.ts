/**
 * What every workload drives, whichever server is behind it: one terminal's
 * output as a stream of chunks, and a way to type into it. The raw and the
 * termplex clients both implement it, so a workload is written once.
 */
import { nowMs } from '../stats.js';

export type ChunkListener = (chunk: Uint8Array) => void;

export abstract class BenchStream {
  /** bytes of output received on this terminal so far. */
  received = 0;
  /** Set once the process behind the terminal has exited. */
  exited = false;
  private readonly listeners = new Set<ChunkListener>();

  abstract write(data: string | Uint8Array): void;
  abstract close(): Promise<void>;

  listen(listener: ChunkListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected deliver(chunk: Uint8Array): void {
    this.received += chunk.byteLength;
    for (const listener of this.listeners) listener(chunk);
  }

  protected markExited(): void {
    this.exited = true;
  }
}

/**
 * Resolves with the time (nowMs) at which `text` first appears in the output
 * that arrives from now on. The match may straddle chunk boundaries; only the
 * last `text.length - 1` bytes are kept between chunks, so a 64 MiB stream is
 * scanned without being held.
 */
export function waitForText(stream: BenchStream, text: string, timeoutMs: number): Promise<number> {
  const needle = Buffer.from(text, 'latin1');
  return new Promise((resolve, reject) => {
    let tail = Buffer.alloc(0);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      stop();
      if (error) reject(error);
      else resolve(nowMs());
    };
    const timer = setTimeout(() => finish(new Error(`"${text}" did not appear within ${timeoutMs} ms (${stream.received} bytes received)`)), timeoutMs);
    const stop = stream.listen((chunk) => {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const seam = Buffer.concat([tail, bytes.subarray(0, needle.length - 1)]);
      if (seam.includes(needle) || bytes.includes(needle)) return finish();
      const keep = Math.min(needle.length - 1, bytes.length);
      tail = Buffer.concat([tail, bytes.subarray(bytes.length - keep)]).subarray(-(needle.length - 1));
    });
  });
}

/** Resolves once `stream.received` reaches `bytes`. */
export function waitForBytes(stream: BenchStream, bytes: number, timeoutMs: number): Promise<void> {
  if (stream.received >= bytes) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${stream.received} of ${bytes} bytes arrived within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = stream.listen(() => {
      if (stream.received < bytes) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * A string the shell prints but whose typed form differs, so the terminal's
 * echo of the command line never matches: `echo TP_""DONE_7` prints TP_DONE_7.
 */
export function sentinel(label: string): { command: string; text: string } {
  return { command: `echo TP_""${label}_END`, text: `TP_${label}_END` };
}
