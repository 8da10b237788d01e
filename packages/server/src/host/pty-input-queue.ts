/**
 * Input on its way into one PTY, written without ever blocking the event
 * loop. node-pty's own write path spins (1.1: a blocking libuv write on a
 * non-blocking fd; 1.2 beta: a setImmediate retry on EAGAIN) while the
 * program does not read, and a paste into such a program froze every other
 * session on the server. Here each write is one non-blocking write(2) of
 * what the kernel takes now; on EAGAIN the rest waits for a timer that backs
 * off, so a program that never reads costs a wake-up every few tens of ms.
 *
 * The queue is bounded: a frame that would push it past `limitBytes` is
 * refused whole (never half-delivered), and the caller tells the client.
 */
import { writeSync } from 'node:fs';

/** bytes: what one session may have queued for a program that is not reading. */
export const INPUT_QUEUE_BYTES = 1024 * 1024;
/** milliseconds: first retry after EAGAIN; doubled per fruitless retry up to the cap. */
const RETRY_FIRST_MS = 1;
/** milliseconds: slowest retry pace for a program that stopped reading. */
const RETRY_MAX_MS = 50;

export type WriteFn = (fd: number, data: Uint8Array) => number;

const writeNow: WriteFn = (fd, data) => writeSync(fd, data, 0, data.byteLength);

export class PtyInputQueue {
  private readonly chunks: Uint8Array[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_FIRST_MS;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly limitBytes = INPUT_QUEUE_BYTES,
    private readonly write: WriteFn = writeNow,
  ) {}

  /** Bytes waiting for the program to read. */
  get pending(): number {
    return this.queued;
  }

  /** Queues `data` and writes what the PTY takes now; false (nothing queued) when the queue is full. */
  push(data: Uint8Array): boolean {
    if (this.closed) return true; // the program is gone: input has nowhere to go, and that is not the client's fault
    if (data.byteLength === 0) return true;
    if (this.queued + data.byteLength > this.limitBytes) return false;
    // Copy: the caller's buffer is a view into a WebSocket frame that is reused.
    this.chunks.push(Uint8Array.prototype.slice.call(data));
    this.queued += data.byteLength;
    if (!this.timer) this.drain();
    return true;
  }

  /** Drops what is queued and stops writing (the PTY closed). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks.length = 0;
    this.queued = 0;
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    while (this.chunks.length > 0 && !this.closed) {
      const chunk = this.chunks[0];
      let written: number;
      try {
        written = this.write(this.fd, chunk);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') return this.retryLater();
        // EIO, EBADF: the PTY is closing; exit follows and ends the session.
        return this.close();
      }
      this.retryMs = RETRY_FIRST_MS;
      this.queued -= written;
      if (written >= chunk.byteLength) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(written);
    }
  };

  private retryLater(): void {
    this.timer = setTimeout(this.drain, this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
