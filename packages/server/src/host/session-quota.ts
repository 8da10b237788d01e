/**
 * A visitor's session held to its quotas: a lifetime after which it ends,
 * and an output rate it is slowed to (the PTY is paused until the budget
 * refills, the way a slow client pauses it; the program just runs slower).
 * The idle timeout is the session's own (the shorter of the server's and
 * the visitor's).
 */
import type { Clock, TimerHandle } from '../core/clock.js';

export interface SessionLimits {
  /** milliseconds the session may run in all; 0: no cap. */
  lifetimeMs: number;
  /** milliseconds without input or output before it ends; 0: only the server's idle timeout. */
  idleMs: number;
  /** output bytes per second; 0: no cap. */
  outputBytesPerSecond: number;
}

export interface QuotaHooks {
  /** The lifetime is up: end the session, saying why in its terminal. */
  expire(notice: string): void;
  /** Output must stop (true) or may go on (false). */
  hold(held: boolean): void;
}

export function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

export class SessionQuota {
  private lifetimeTimer: TimerHandle | undefined;
  private refillTimer: TimerHandle | undefined;
  /** bytes the session may still send now; negative: in debt, held until it is paid back. */
  private tokens: number;
  private updatedAt: number;
  held = false;

  constructor(
    private readonly limits: SessionLimits,
    private readonly clock: Clock,
    private readonly hooks: QuotaHooks,
  ) {
    // One second's worth at once: a screenful or a short burst is never slowed.
    this.tokens = limits.outputBytesPerSecond;
    this.updatedAt = clock.now();
    if (limits.lifetimeMs > 0) {
      this.lifetimeTimer = clock.setTimeout(() => {
        this.lifetimeTimer = undefined;
        hooks.expire(`this session reached its time limit (${describeDuration(limits.lifetimeMs)}) and was ended`);
      }, limits.lifetimeMs);
    }
  }

  /** `bytes` of output were read from the PTY. */
  spend(bytes: number): void {
    const rate = this.limits.outputBytesPerSecond;
    if (rate === 0) return;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens < 0 && !this.held) {
      this.held = true;
      this.hooks.hold(true);
      this.armRefill();
    }
  }

  dispose(): void {
    if (this.lifetimeTimer) this.clock.clearTimeout(this.lifetimeTimer);
    if (this.refillTimer) this.clock.clearTimeout(this.refillTimer);
    this.lifetimeTimer = this.refillTimer = undefined;
  }

  private refill(): void {
    const now = this.clock.now();
    const rate = this.limits.outputBytesPerSecond;
    this.tokens = Math.min(rate, this.tokens + ((now - this.updatedAt) * rate) / 1000);
    this.updatedAt = now;
  }

  /** Until the debt is paid (reads already under way when the PTY paused add to it). */
  private armRefill(): void {
    const waitMs = Math.max(1, Math.ceil((-this.tokens * 1000) / this.limits.outputBytesPerSecond));
    this.refillTimer = this.clock.setTimeout(() => {
      this.refillTimer = undefined;
      this.refill();
      if (this.tokens < 0) return this.armRefill();
      this.held = false;
      this.hooks.hold(false);
    }, waitMs);
  }
}
