/**
 * Writes a session's byte stream into xterm and knows, for the chunk xterm is
 * parsing right now, whether it is replay. Bytes in [opened.offset,
 * opened.head) are replay: output the program wrote while this terminal was
 * not attached. Input typed before the session opens, while it is detached
 * (the socket is down), or while replay is still arriving or being parsed,
 * is held (bounded, see PendingInput) and sent once that is done, so it lands
 * after the screen is current.
 */
import type { Terminal } from '@xterm/xterm';
import { PendingInput, utf8Length } from '../connection/pending-input.js';
import { refusedInputNotice, wrapNotice } from './notices.js';

export interface StreamSink {
  /** xterm parsed every output byte before absolute offset `end`. */
  parsed(end: number): void;
  /** Input to send to the session now. */
  input(data: string): void;
  /** The bytes of input held now (0 once they are sent or dropped). */
  held?(bytes: number): void;
}

export class OutputStream {
  /** One entry per write xterm has not finished, oldest first: is it replay? */
  readonly #pending: boolean[] = [];
  #replayEnd = 0;
  #received = 0;
  #pendingReplay = 0;
  /** No `opened` yet since creation, reset() or detached(): input typed now waits for the session. */
  #waiting = true;
  readonly #held = new PendingInput();

  constructor(
    private readonly terminal: Terminal,
    private readonly sink: StreamSink,
  ) {}

  /** True while xterm parses a replayed chunk (xterm calls a write's callback before it starts the next). */
  get replaying(): boolean {
    return this.#pending[0] === true;
  }

  /** True until the session (re-)opens and all its replay has arrived and been parsed. */
  get holdingInput(): boolean {
    return this.#waiting || this.#received < this.#replayEnd || this.#pendingReplay > 0;
  }

  /** A (re-)attach: output continues at `offset`; bytes before `head` are replay. */
  opened(offset: number, head: number): void {
    this.#waiting = false;
    this.#received = offset;
    this.#replayEnd = head;
    this.#release();
  }

  /** The socket dropped: hold input until the session is attached again. */
  detached(): void {
    this.#waiting = true;
  }

  /** Output bytes ending at absolute offset `end`. */
  output(data: Uint8Array, end: number): void {
    const start = end - data.byteLength;
    this.#received = end;
    if (start < this.#replayEnd && this.#replayEnd < end) {
      // Split at the replay boundary so live queries after it are answered.
      const cut = this.#replayEnd - start;
      this.#write(data.subarray(0, cut), true, this.#replayEnd);
      this.#write(data.subarray(cut), false, end);
    } else {
      this.#write(data, start < this.#replayEnd, end);
    }
  }

  /**
   * The server's snapshot of the screen replaces everything shown: the
   * terminal is reset (RIS), the snapshot drawn (as replay: nothing in it is
   * answered), and output continues at `offset`.
   */
  restore(snapshot: Uint8Array, offset: number): void {
    // RIS through the write queue, not terminal.reset(): output still queued must not land on the snapshot.
    this.#write('\x1bc', true);
    this.#write(snapshot, true);
    this.skipTo(offset);
  }

  /** Output skipped ahead to `offset` (bytes were lost). */
  skipTo(offset: number): void {
    this.#received = Math.max(this.#received, offset);
    this.#release();
  }

  /** A line of termplex's own (loss, exit, error), on a line of its own. */
  notice(line: string): void {
    const fresh = this.#pending.length === 0 && this.terminal.buffer.active.cursorX === 0;
    this.#write((fresh ? '' : '\r\n') + wrapNotice(line, this.terminal.cols) + '\r\n', false);
  }

  /** Typed input or a paste: sent now, or held until the session is attached and its replay drawn; refused with a notice when too much is held. */
  input(data: string): void {
    if (!this.holdingInput) {
      this.sink.input(data);
    } else if (this.#held.add(data)) {
      this.sink.held?.(this.#held.bytes);
    } else {
      this.notice(refusedInputNotice(utf8Length(data), this.#held.bytes, this.#held.limit));
    }
  }

  /** The session is gone: forget held input and return how many bytes it was, for the caller to say so. */
  dropHeld(): number {
    const bytes = this.#held.bytes;
    this.#held.take();
    if (bytes > 0) this.sink.held?.(0);
    return bytes;
  }

  /** Another session will be shown: forget offsets and held input, and hold new input until it opens. */
  reset(): void {
    this.#replayEnd = this.#received = 0;
    this.#waiting = true;
    this.dropHeld();
  }

  #write(data: string | Uint8Array, replay: boolean, end?: number): void {
    this.#pending.push(replay);
    if (replay) this.#pendingReplay++;
    this.terminal.write(data, () => {
      this.#pending.shift();
      if (replay) this.#pendingReplay--;
      if (end !== undefined) this.sink.parsed(end);
      this.#release();
    });
  }

  #release(): void {
    if (this.holdingInput || this.#held.bytes === 0) return;
    this.sink.input(this.#held.take());
    this.sink.held?.(0);
  }
}
