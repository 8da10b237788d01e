/**
 * Reconnect delays: exponential backoff with "full jitter" (a uniformly random
 * delay between 0 and the exponential ceiling), so a server restart is not
 * met by every open page reconnecting in the same millisecond.
 */
import { boundedInt } from './bounded-int.js';

export interface RetryPolicy {
  /** milliseconds: ceiling of the first retry's delay. */
  baseDelay: number;
  /** milliseconds: the ceiling stops doubling here. */
  maxDelay: number;
  /** failed attempts in a row before the connection gives up (state `failed`); 0 = never give up. */
  maxAttempts: number;
}

/** `maxAttempts` value meaning "retry for as long as the page is open". */
export const UNLIMITED_ATTEMPTS = 0;

/**
 * 5 s cap: with full jitter a restarted server is found within 5 s (2.5 s on
 * average) of coming back, and a fleet of pages still spreads its reconnects
 * over those 5 s. No attempt limit: an outage ends when the server is back,
 * not when a counter runs out.
 */
export const DEFAULT_RETRY: RetryPolicy = { baseDelay: 500, maxDelay: 5_000, maxAttempts: UNLIMITED_ATTEMPTS };

/** Bounds of each retry setting (milliseconds, attempts); an hour of delay is already absurd. */
export const RETRY_BOUNDS = {
  baseDelay: [1, 3_600_000],
  maxDelay: [1, 3_600_000],
  maxAttempts: [0, 1000],
} as const satisfies Record<keyof RetryPolicy, readonly [number, number]>;

/** Failed attempts in a row allowed by `policy`, at most `cap`: Infinity when unlimited. */
export function attemptLimit(policy: RetryPolicy, cap = Infinity): number {
  return Math.min(policy.maxAttempts === UNLIMITED_ATTEMPTS ? Infinity : policy.maxAttempts, cap);
}

/** The ceiling for retry number `attempt` (0-based): baseDelay * 2^attempt, capped at maxDelay. */
export function backoffCeiling(attempt: number, policy: RetryPolicy): number {
  // 2^31 overflows nothing in a double, but clamp the exponent so huge attempt counts stay finite.
  return Math.min(policy.maxDelay, policy.baseDelay * 2 ** Math.min(attempt, 31));
}

/** A delay drawn uniformly from [0, ceiling). `random` returns [0, 1) like Math.random. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/** Fills in defaults and checks every bound; throws a TypeError naming the first bad option. */
export function resolveRetryPolicy(options: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY };
  for (const key of Object.keys(RETRY_BOUNDS) as Array<keyof RetryPolicy>) {
    if (options[key] === undefined) continue;
    const [min, max] = RETRY_BOUNDS[key];
    const read = boundedInt(`retry.${key}`, options[key], min, max);
    if (!read.ok) throw new TypeError(read.message);
    policy[key] = read.value;
  }
  if (policy.maxDelay < policy.baseDelay) {
    throw new TypeError(`retry.maxDelay must be at least retry.baseDelay (${policy.baseDelay}), got ${policy.maxDelay}`);
  }
  return policy;
}
