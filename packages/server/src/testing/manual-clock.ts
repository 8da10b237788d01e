/**
 * A Clock that moves only when a test calls advance(): grace periods and idle
 * timeouts become deterministic instead of sleeps.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

interface Pending {
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private time: number;
  private readonly pending = new Set<Pending>();

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const entry = { at: this.time + Math.max(0, ms), callback };
    this.pending.add(entry);
    return entry;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as Pending);
  }

  /** Number of timers waiting, so a test can see that something was scheduled. */
  get timers(): number {
    return this.pending.size;
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const entry of this.pending) if (entry.at <= target && (!next || entry.at < next.at)) next = entry;
      if (!next) break;
      this.pending.delete(next);
      this.time = next.at;
      next.callback();
    }
    this.time = target;
  }
}
