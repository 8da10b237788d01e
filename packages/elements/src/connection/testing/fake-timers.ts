/** Manual clock for unit tests: nothing fires until advance(). */
import type { Timers } from '../socket.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeTimers implements Timers {
  now = 0;
  #nextId = 1;
  #pending: Pending[] = [];

  setTimeout = (callback: () => void, ms: number): number => {
    const id = this.#nextId++;
    this.#pending.push({ id, at: this.now + Math.max(0, ms), callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#pending = this.#pending.filter((timer) => timer.id !== handle);
  };

  /** Timers still scheduled, soonest first (delays relative to now). */
  get delays(): number[] {
    return this.#pending.map((timer) => timer.at - this.now).sort((a, b) => a - b);
  }

  /** Moves the clock forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.#pending.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((timer) => timer !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}
