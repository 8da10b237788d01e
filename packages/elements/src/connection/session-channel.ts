/**
 * One registered session on a TerminalConnection: its handle for the element
 * (input, resize, parsed, close) and the state the connection needs to attach
 * it again after a reconnect (session id, size, byte offset).
 */
import {
  FrameKind,
  MAX_FRAME_DATA,
  encodeFrame,
  type ClientMessage,
  type ExitMessage,
  type LostMessage,
  type SnapshotMessage,
  type OpenMessage,
  type OpenedMessage,
  type ProtocolError,
} from '@termplex/protocol';
import { AckTracker } from './ack-tracker.js';
import type { SessionHandler, SessionSpec } from './session-handler.js';
import type { Timers } from './socket.js';

/**
 * waiting: registered, no channel (no socket yet, or it dropped); attached again on the next open.
 * opening: `open` sent, answer pending.  attached: has a channel.  ended: never attached again.
 */
export type SessionStatus = 'waiting' | 'opening' | 'attached' | 'ended';

/** What a session needs from its connection. */
export interface ChannelHost {
  readonly timers: Timers;
  sendControl(message: ClientMessage): void;
  sendBytes(frame: Uint8Array): void;
  release(session: SessionChannel): void;
}

const encoder = new TextEncoder();

export class SessionChannel {
  #status: SessionStatus = 'waiting';
  #ref: number | undefined;
  #channel: number | undefined;
  #sessionId: string | undefined;
  #profile: string | undefined;
  #readonly: boolean;
  #cols: number;
  #rows: number;
  #closeOnOpen: { detach: boolean } | undefined;
  /** A `snapshot` message whose frame has not arrived yet. */
  #snapshot: SnapshotMessage | undefined;
  readonly #acks: AckTracker;

  constructor(
    private readonly host: ChannelHost,
    spec: SessionSpec,
    private readonly handler: SessionHandler,
  ) {
    this.#sessionId = spec.sessionId;
    this.#profile = spec.profile;
    this.#readonly = spec.readonly ?? false;
    this.#cols = spec.cols;
    this.#rows = spec.rows;
    this.#acks = new AckTracker(host.timers, (offset) => {
      if (this.#channel !== undefined) host.sendControl({ type: 'ack', channel: this.#channel, offset });
    });
    this.#acks.reset(spec.offset ?? 0);
  }

  get status(): SessionStatus {
    return this.#status;
  }
  get sessionId(): string | undefined {
    return this.#sessionId;
  }
  get channel(): number | undefined {
    return this.#channel;
  }
  get readonly(): boolean {
    return this.#readonly;
  }
  /** Absolute offset of the next output byte: what a re-attach asks the server to resume from. */
  get offset(): number {
    return this.#acks.received;
  }

  /**
   * Sends keystrokes or a paste. Returns false (and sends nothing) unless attached and writable:
   * holding input across a detach is the caller's choice (`<term-session>` holds it, bounded).
   */
  input(data: string | Uint8Array): boolean {
    if (this.#status !== 'attached' || this.#readonly || this.#channel === undefined) return false;
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    for (let start = 0; start < bytes.byteLength; start += MAX_FRAME_DATA) {
      this.host.sendBytes(encodeFrame(FrameKind.Input, this.#channel, bytes.subarray(start, start + MAX_FRAME_DATA)));
    }
    return true;
  }

  /** This client's terminal size; remembered for re-attach, sent now when attached (viewers never send it). */
  resize(cols: number, rows: number): void {
    if (cols === this.#cols && rows === this.#rows) return;
    this.#cols = cols;
    this.#rows = rows;
    if (this.#status === 'attached' && !this.#readonly && this.#channel !== undefined) {
      this.host.sendControl({ type: 'resize', channel: this.#channel, cols, rows });
    }
  }

  /** The terminal has parsed every output byte before the absolute offset `end` (flow control). */
  parsed(end: number): void {
    this.#acks.parsed(end);
  }

  /** Leaves the session: `detach` keeps it running on the server (for a reload), otherwise it ends. */
  close({ detach = false }: { detach?: boolean } = {}): void {
    if (this.#status === 'opening') {
      this.#closeOnOpen = { detach };
      return;
    }
    if (this.#status === 'attached' && this.#channel !== undefined) {
      this.host.sendControl({ type: 'close', channel: this.#channel, detach });
    }
    this.#end();
  }

  // ---- called by TerminalConnection ---------------------------------------

  /** @internal */
  openMessage(ref: number): OpenMessage {
    this.#status = 'opening';
    this.#ref = ref;
    const message: OpenMessage = { type: 'open', ref, cols: this.#cols, rows: this.#rows };
    if (this.#sessionId !== undefined) {
      message.sessionId = this.#sessionId;
      message.offset = this.offset;
    } else if (this.#profile !== undefined) {
      message.profile = this.#profile;
    }
    if (this.#readonly) message.readonly = true;
    return message;
  }

  /** @internal */
  get ref(): number | undefined {
    return this.#ref;
  }

  /** @internal */
  onOpened(message: OpenedMessage): void {
    this.#ref = undefined;
    this.#channel = message.channel;
    this.#sessionId = message.sessionId;
    this.#profile = message.profile;
    this.#status = 'attached';
    this.#acks.reset(message.offset);
    if (this.#closeOnOpen) {
      this.close(this.#closeOnOpen);
      return;
    }
    this.handler.opened?.(message);
  }

  /** @internal An error answered this session's `open`: no channel exists, and retrying by itself would fail the same way. */
  onOpenFailed(error: ProtocolError): void {
    const silent = this.#closeOnOpen !== undefined;
    this.#end();
    if (!silent) this.handler.error?.(error);
  }

  /** @internal */
  onOutput(data: Uint8Array): void {
    const end = this.#acks.receive(data.byteLength);
    this.handler.output?.(data, end);
  }

  /** @internal The screen as of `message.offset` comes next, in one Snapshot frame. */
  onSnapshotAnnounced(message: SnapshotMessage): void {
    this.#snapshot = message;
  }

  /** @internal The announced snapshot: it replaces the screen, and output continues at its offset. */
  onSnapshot(data: Uint8Array): void {
    const announced = this.#snapshot;
    this.#snapshot = undefined;
    if (!announced || announced.bytes !== data.byteLength) return; // not the frame that was announced: ignore it
    this.#acks.skipTo(announced.offset);
    this.handler.restored?.(data, announced);
  }

  /** @internal */
  onLost(message: LostMessage): void {
    this.#acks.skipTo(message.offset);
    this.handler.lost?.(message.bytes, message.offset);
  }

  /** @internal */
  onSize(cols: number, rows: number): void {
    this.handler.size?.(cols, rows);
  }

  /** @internal */
  onExit(message: ExitMessage): void {
    this.#end();
    this.handler.exit?.(message.code, message.signal);
  }

  /** @internal */
  onError(error: ProtocolError): void {
    this.handler.error?.(error);
  }

  /** @internal The server ended the channel (not at our request: ours are released at once). */
  onClosed(): void {
    this.#end();
    this.handler.closed?.();
  }

  /** @internal The socket is gone: attach again on the next open. */
  onDetached(): void {
    if (this.#status === 'ended') return;
    if (this.#closeOnOpen) {
      this.#end();
      return;
    }
    this.#status = 'waiting';
    this.#ref = undefined;
    this.#channel = undefined;
    this.handler.detached?.();
  }

  /** @internal */
  onState: NonNullable<SessionHandler['state']> = (state, error) => this.handler.state?.(state, error);

  #end(): void {
    if (this.#status === 'ended') return;
    this.#status = 'ended';
    this.#acks.dispose();
    this.host.release(this);
    this.#ref = undefined;
    this.#channel = undefined;
  }
}

