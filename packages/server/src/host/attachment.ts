/**
 * One client's view of one session: a channel on one socket, with its own
 * position in the session's output stream.
 *
 *   acked <= sent <= head     (absolute byte offsets)
 *
 * `sent - acked` is what the client holds unparsed; sending stops at
 * HIGH_WATERMARK, so a slow client never makes the server buffer for it: it
 * falls behind in the ring and catches up from there (or is told `lost`).
 */
import { allocateFrame, FRAME_HEADER_BYTES, FrameKind, HIGH_WATERMARK, type ServerMessage } from '@termplex/protocol';
import type { Session } from './session.js';

/** What an attachment needs from the socket it lives on. */
export interface AttachmentSink {
  sendControl(message: ServerMessage): void;
  /** The attachment has output to send; the socket pumps it when it can. */
  schedule(attachment: Attachment): void;
  /** The attachment is finished (its session exited and every byte went out). */
  release(attachment: Attachment): void;
}


export class Attachment {
  sent: number;
  acked: number;
  cols: number;
  rows: number;
  /** The session has exited: drain what is left regardless of acks, then send `exit`. */
  finishing = false;
  private released = false;

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
    if (this.released) return false;
    return this.sent < this.session.head && (this.finishing || this.inflight < HIGH_WATERMARK);
  }

  /** The next output frame of at most `max` data bytes, announcing a gap first if the ring moved past us. */
  nextFrame(max: number): Uint8Array | undefined {
    if (!this.wantsToSend()) return undefined;
    const start = this.session.start;
    if (this.sent < start) {
      this.sink.sendControl({ type: 'lost', channel: this.channel, sessionId: this.session.id, bytes: start - this.sent, offset: start });
      // Skipped bytes were never sent, so they cannot be in flight; treating
      // them as acked may under-count in-flight bytes by one window, once.
      this.sent = start;
      this.acked = Math.max(this.acked, start);
    }
    const window = this.finishing ? max : Math.min(max, HIGH_WATERMARK - this.inflight);
    const to = Math.min(this.session.head, this.sent + window);
    if (to <= this.sent) return undefined;
    const frame = allocateFrame(FrameKind.Output, this.channel, to - this.sent);
    this.session.copyOutput(frame.subarray(FRAME_HEADER_BYTES), this.sent, to);
    this.sent = to;
    this.session.flowChanged();
    return frame;
  }

  /** Called by the socket pump when this attachment has nothing more to send for now. */
  idle(): void {
    if (this.finishing && this.sent >= this.session.head) this.finish();
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
    if (this.wantsToSend()) this.sink.schedule(this);
    return undefined;
  }

  /** The session exited: flush the rest of its output, then tell the client. */
  beginFinish(): void {
    this.finishing = true;
    if (this.wantsToSend()) this.sink.schedule(this);
    else this.finish();
  }

  private finish(): void {
    if (this.released) return;
    this.released = true;
    const exit = this.session.exitStatus ?? { code: null, signal: null };
    this.sink.sendControl({ type: 'exit', channel: this.channel, sessionId: this.session.id, code: exit.code, signal: exit.signal });
    this.sink.release(this);
  }

  /** The socket went away or the client closed the channel: nothing more is sent. */
  drop(): void {
    this.released = true;
  }
}
