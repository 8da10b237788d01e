/**
 * Flow control, client half: tell the server which output bytes xterm has
 * parsed (not merely received), so a flood is paced by the slowest real
 * consumer: the terminal's parser.
 */
import { ACK_STEP } from '@termplex/protocol';
import type { Timers } from './socket.js';

/** milliseconds: once output pauses, the last partial step is acked after this. */
export const IDLE_ACK_DELAY = 100;

export class AckTracker {
  /** Absolute offset of the next output byte expected on the channel. */
  #received = 0;
  #parsed = 0;
  #acked = 0;
  #idleTimer: unknown;

  constructor(
    private readonly timers: Timers,
    private readonly sendAck: (offset: number) => void,
  ) {}

  get received(): number {
    return this.#received;
  }

  /** A new attachment: the server counts unacknowledged bytes from `offset`. */
  reset(offset: number): void {
    this.timers.clearTimeout(this.#idleTimer);
    this.#received = this.#parsed = this.#acked = offset;
  }

  /** `bytes` more arrived; returns the absolute offset just past them. */
  receive(bytes: number): number {
    this.#received += bytes;
    return this.#received;
  }

  /** Output jumps to `offset` (bytes before it were lost). */
  skipTo(offset: number): void {
    this.#received = Math.max(this.#received, offset);
  }

  /** xterm has parsed every byte before the absolute offset `end`. */
  parsed(end: number): void {
    // Callbacks for bytes written before a re-attach can arrive after it; max() keeps them harmless.
    this.#parsed = Math.min(Math.max(this.#parsed, end), this.#received);
    if (this.#parsed - this.#acked >= ACK_STEP) {
      this.#flush();
    } else if (this.#parsed === this.#received && this.#parsed > this.#acked) {
      this.timers.clearTimeout(this.#idleTimer);
      this.#idleTimer = this.timers.setTimeout(() => this.#flush(), IDLE_ACK_DELAY);
    }
  }

  dispose(): void {
    this.timers.clearTimeout(this.#idleTimer);
  }

  #flush(): void {
    this.timers.clearTimeout(this.#idleTimer);
    if (this.#parsed <= this.#acked) return;
    this.#acked = this.#parsed;
    this.sendAck(this.#acked);
  }
}
