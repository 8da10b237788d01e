/**
 * Time as the server's lifecycle timers see it (grace period, idle timeout,
 * hello deadline, heartbeat). Injected so tests can drive time by hand; the
 * output path's sub-millisecond batching uses real timers and is not here.
 */
export type TimerHandle = { readonly __timer: unique symbol } | object;

export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
