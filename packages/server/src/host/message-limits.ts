/**
 * Per-socket bounds on misbehaviour: a message rate (token bucket) and a
 * count of malformed frames in a sliding window. Real time, not the injected
 * clock: these protect the process, they are not part of a session's lifecycle.
 */
import { performance } from 'node:perf_hooks';

/** messages: burst a client may send at once (a fast typist sends tens per second). */
const RATE_BURST = 2000;
/** messages per second, sustained. */
const RATE_PER_SECOND = 1000;
/** malformed frames tolerated per window before the socket is closed 4008. */
export const STRIKE_LIMIT = 20;
/** milliseconds: the malformed-frame window. */
const STRIKE_WINDOW_MS = 60_000;

export class RateLimiter {
  private tokens = RATE_BURST;
  private last = performance.now();
  /**
   * True from the first dropped message until the bucket is half full again,
   * so one flood is answered with one error, not one per dropped message.
   */
  private limited = false;

  /** 'ok', or 'drop' / 'drop-and-report' for a message over the rate. */
  take(): 'ok' | 'drop' | 'drop-and-report' {
    const now = performance.now();
    this.tokens = Math.min(RATE_BURST, this.tokens + ((now - this.last) / 1000) * RATE_PER_SECOND);
    this.last = now;
    if (this.limited && this.tokens >= RATE_BURST / 2) this.limited = false;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'ok';
    }
    if (this.limited) return 'drop';
    this.limited = true;
    return 'drop-and-report';
  }
}

export class StrikeCounter {
  private readonly times: number[] = [];

  /** Records one malformed frame; true when the socket has now used up its allowance. */
  strike(): boolean {
    const now = performance.now();
    this.times.push(now);
    while (this.times.length > 0 && now - this.times[0] > STRIKE_WINDOW_MS) this.times.shift();
    return this.times.length >= STRIKE_LIMIT;
  }
}
