/**
 * A connection that was open and is lost: which reconnect attempt it is on
 * and when the next one starts, so the page can say so in words instead of
 * leaving every terminal to guess.
 */
import { Listeners } from './listeners.js';

export interface Outage {
  /** The reconnect attempt in flight, or the next one: 1 for the first retry after the loss. */
  attempt: number;
  /** milliseconds until that attempt starts (as of this report); undefined while it is in flight or after giving up. */
  retryIn: number | undefined;
  /** The attempt limit ran out (state `failed`): only connect() tries again. */
  gaveUp: boolean;
}

/** @internal TerminalConnection's outage bookkeeping: one report per change. */
export class OutageTracker {
  #outage: Outage | undefined;
  /** Sockets started since the loss. */
  #attempts = 0;
  readonly #listeners = new Listeners<[Outage | undefined]>();

  get current(): Outage | undefined {
    return this.#outage;
  }

  onChange(listener: (outage: Outage | undefined) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** The socket was lost, or a reconnect attempt failed: the next one starts in `delay` ms. */
  waiting(delay: number): void {
    this.#set({ attempt: this.#attempts + 1, retryIn: delay, gaveUp: false });
  }

  /** A socket is starting; counts only during an outage. */
  trying(): void {
    if (this.#outage) this.#set({ attempt: ++this.#attempts, retryIn: undefined, gaveUp: false });
  }

  /** Out of attempts; counts only during an outage. */
  gaveUp(): void {
    if (this.#outage) this.#set({ attempt: this.#attempts, retryIn: undefined, gaveUp: true });
  }

  /** Welcomed again, disconnect(), or refused (an answer, not an outage). */
  end(): void {
    this.#attempts = 0;
    if (this.#outage) this.#set(undefined);
  }

  clear(): void {
    this.#listeners.clear();
  }

  #set(outage: Outage | undefined): void {
    this.#outage = outage;
    this.#listeners.emit(outage);
  }
}
