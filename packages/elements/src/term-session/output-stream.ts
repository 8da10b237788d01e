/**
 * Writes a session's byte stream into xterm and knows, for the chunk xterm is
 * parsing right now, whether it is replay. Bytes in [opened.offset,
 * opened.head) are replay: output the program wrote while this terminal was
 * not attached. Input typed before the session first opens, or while replay
 * is still arriving or being parsed, is held and sent once that is done, so
 * it lands after the screen is current.
 */
import type { Terminal } from '@xterm/xterm';

export interface StreamSink {
  /** xterm parsed every output byte before absolute offset `end`. */
  parsed(end: number): void;
  /** Input to send to the session now. */
  input(data: string): void;
}

/** characters: input held during replay beyond this is dropped (a paste into a replaying terminal). */
export const HELD_INPUT_LIMIT = 64 * 1024;

export class OutputStream {
  /** One entry per write xterm has not finished, oldest first: is it replay? */
  readonly #pending: boolean[] = [];
  #replayEnd = 0;
  #received = 0;
  #pendingReplay = 0;
  /** No `opened` yet since creation or reset(): input typed now waits for the session. */
  #waiting = true;
  #held = '';

  constructor(
    private readonly terminal: Terminal,
    private readonly sink: StreamSink,
  ) {}

  /** True while xterm parses a replayed chunk (xterm calls a write's callback before it starts the next). */
  get replaying(): boolean {
    return this.#pending[0] === true;
  }

  /** True until the session first opens and all its replay has arrived and been parsed. */
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

  /** Output skipped ahead to `offset` (bytes were lost). */
  skipTo(offset: number): void {
    this.#received = Math.max(this.#received, offset);
    this.#release();
  }

  /** A line of termplex's own (loss, exit, error), on a line of its own. */
  notice(line: string): void {
    const fresh = this.#pending.length === 0 && this.terminal.buffer.active.cursorX === 0;
    this.#write((fresh ? '' : '\r\n') + line + '\r\n', false);
  }

  /** Typed input or a paste: sent now, or held until replay is over. */
  input(data: string): void {
    if (!this.holdingInput) {
      this.sink.input(data);
      return;
    }
    if (this.#held.length + data.length <= HELD_INPUT_LIMIT) this.#held += data;
  }

  /** Another session will be shown: forget offsets and held input, and hold new input until it opens. */
  reset(): void {
    this.#replayEnd = this.#received = 0;
    this.#waiting = true;
    this.#held = '';
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
    if (this.holdingInput || this.#held === '') return;
    const held = this.#held;
    this.#held = '';
    this.sink.input(held);
  }
}
