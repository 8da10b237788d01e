/**
 * One client's view of one session: a channel on one socket, with its own
 * position in the session's output stream.
 *
 *   acked <= sent <= head     (absolute byte offsets)
 *
 * `sent - acked` is what the client holds unparsed; sending stops at
 * HIGH_WATERMARK, so a slow client never makes the server buffer for it: it
 * falls behind in the ring and catches up from there (or from a snapshot of
 * the screen when the ring has moved past it).
 */
import { HIGH_WATERMARK } from '@termplex/protocol';
import type { PtyExit } from './pty-backend.js';
import type { Session, SessionClient } from './session.js';
import type { ScreenSnapshot } from './screen-model.js';

/** snapshots asked for in a row before a client behind a busy session's ring is told what it lost. */
const RESTORE_ATTEMPTS = 3;

/** What an attachment tells the socket it lives on; the socket turns these into wire messages. */
export interface AttachmentSink {
  /** The attachment has output to send; the socket pumps it when it can. */
  schedule(attachment: Attachment): void;
  sizeChanged(attachment: Attachment, cols: number, rows: number): void;
  /** The ring moved past this client: `bytes` were skipped and output continues at `offset`. */
  skipped(attachment: Attachment, bytes: number, offset: number): void;
  /** The ring moved past this client: the screen as of `snapshot.offset` replaces what it had. */
  restored(attachment: Attachment, snapshot: ScreenSnapshot): void;
  /** The session exited and every byte went out: say so and release the channel. */
  finished(attachment: Attachment, exit: PtyExit): void;
}

/** A range of output offsets [from, to) to send next. */
export interface OutputRange {
  from: number;
  to: number;
}

export class Attachment implements SessionClient {
  sent: number;
  acked: number;
  cols: number;
  rows: number;
  finishing = false;
  private released = false;
  /** Waiting for a screen snapshot: nothing is sent until it arrives. */
  private restoring = false;

  constructor(
    readonly channel: number,
    readonly session: Session,
    readonly sink: AttachmentSink,
    readonly readonly: boolean,
    size: { cols: number; rows: number },
    offset: number,
  ) {
    this.cols = size.cols;
    this.rows = size.rows;
    this.sent = offset;
    this.acked = offset;
  }

  get inflight(): number {
    return this.sent - this.acked;
  }

  /** True when there is output for this client and its window allows sending some. */
  wantsToSend(): boolean {
    if (this.released || this.restoring) return false;
    return this.sent < this.session.head && (this.finishing || this.inflight < HIGH_WATERMARK);
  }

  /**
   * The next range of at most `max` bytes to send, or undefined. When the
   * ring has moved past this client it is first told so: with a snapshot of
   * the screen when the session keeps one, else with the number of bytes lost.
   */
  take(max: number): OutputRange | undefined {
    if (!this.wantsToSend()) return undefined;
    if (this.sent < this.session.start) {
      if (this.session.restorable) {
        this.restore();
        return undefined;
      }
      const start = this.session.start;
      this.sink.skipped(this, start - this.sent, start);
      this.skipTo(start);
    }
    const window = this.finishing ? max : Math.min(max, HIGH_WATERMARK - this.inflight);
    const to = Math.min(this.session.head, this.sent + window);
    if (to <= this.sent) return undefined;
    const range = { from: this.sent, to };
    this.sent = to;
    this.session.flowChanged();
    return range;
  }

  /** Skipped bytes were never sent, so they cannot be in flight; treating them as acked may under-count in-flight bytes by one window, once. */
  private skipTo(offset: number): void {
    this.sent = offset;
    this.acked = Math.max(this.acked, offset);
  }

  /** A busy session's ring can move past a snapshot before it arrives: a few more tries, then the gap is reported. */
  private restore(attempt = 1): void {
    this.restoring = true;
    this.session.snapshot().then(
      (snapshot) => {
        if (this.released) return;
        if (snapshot && snapshot.offset < this.session.start && attempt < RESTORE_ATTEMPTS) return this.restore(attempt + 1);
        this.restoring = false;
        if (snapshot && snapshot.offset >= this.session.start) {
          this.sink.restored(this, snapshot);
          this.sent = snapshot.offset;
          this.acked = snapshot.offset;
        } else {
          // No model, or the flood outran it: fall back to saying what was lost.
          const start = this.session.start;
          this.sink.skipped(this, start - this.sent, start);
          this.skipTo(start);
        }
        this.session.flowChanged();
        this.outputReady();
      },
      () => {
        this.restoring = false;
      },
    );
  }

  /** Called by the socket pump when this attachment has nothing more to send for now. */
  idle(): void {
    if (this.finishing && !this.restoring && this.sent >= this.session.head) this.finish();
  }

  /**
   * The client parsed everything before `offset`. Returns an error text when
   * the offset is beyond what was sent; acks below the current one are stale
   * (a gap moved `acked` forward) and ignored.
   */
  ack(offset: number): string | undefined {
    if (offset > this.sent) return `ack.offset must be at most ${this.sent} (the output sent on this channel so far), got ${offset}`;
    if (offset <= this.acked) return undefined;
    this.acked = offset;
    this.session.flowChanged();
    this.outputReady();
    return undefined;
  }

  outputReady(): void {
    if (this.wantsToSend()) this.sink.schedule(this);
  }

  sizeChanged(cols: number, rows: number): void {
    this.sink.sizeChanged(this, cols, rows);
  }

  /** The session exited: flush the rest of its output, then tell the client. */
  sessionExited(): void {
    this.finishing = true;
    if (this.wantsToSend()) this.sink.schedule(this);
    else this.idle();
  }

  private finish(): void {
    if (this.released) return;
    this.released = true;
    this.sink.finished(this, this.session.exitStatus ?? { code: null, signal: null });
  }

  /** The socket went away or the client closed the channel: nothing more is sent. */
  drop(): void {
    this.released = true;
  }
}
