import { performance } from 'node:perf_hooks';

/** addresses remembered at most; beyond it the oldest entry goes (an attacker rotating addresses must not grow memory). */
const AUTH_TRACKED_ADDRESSES = 10_000;

/**
 * Failed authentications per client address in a sliding window. Past the
 * limit the address is refused before the WebSocket handshake until its
 * oldest failure leaves the window, so guessing the token costs a round trip
 * and a new connection per try, a few tries a minute, not thousands a second.
 */
export class AuthThrottle {
  private readonly failures = new Map<string, number[]>();

  /** `limit` failures per `windowMs`; a limit of 0 turns the throttle off. */
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  fail(address: string): void {
    if (this.limit === 0) return;
    const times = this.recent(address) ?? [];
    times.push(performance.now());
    this.failures.delete(address); // re-inserted last: Map order is the eviction order
    this.failures.set(address, times);
    if (this.failures.size > AUTH_TRACKED_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Milliseconds until `address` may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    if (this.limit === 0) return 0;
    const times = this.recent(address);
    if (!times || times.length < this.limit) return 0;
    return Math.max(1, Math.ceil(times[times.length - this.limit] + this.windowMs - performance.now()));
  }

  private recent(address: string): number[] | undefined {
    const times = this.failures.get(address);
    if (!times) return undefined;
    const cutoff = performance.now() - this.windowMs;
    while (times.length > 0 && times[0] <= cutoff) times.shift();
    if (times.length === 0) this.failures.delete(address);
    return times.length ? times : undefined;
  }
}
