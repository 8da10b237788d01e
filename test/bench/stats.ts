/**
 * The few statistics the benchmark reports. Percentiles use the nearest-rank
 * method: p99 of 500 samples is the 495th smallest, a sample that happened.
 * Infinity is a figure too, "timed out" (a round trip past its deadline):
 * it ranks above every other, so a median of mostly timed-out runs is one.
 * NaN is no figure (a reading that could not be taken) and is left out.
 */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(samples: readonly number[]): number {
  const figures = samples.filter((v) => !Number.isNaN(v));
  if (figures.length === 0) return Number.NaN;
  const sorted = [...figures].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const MiB = 1024 * 1024;
export const KiB = 1024;
