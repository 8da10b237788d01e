/**
 * Log lines for refused peers, bounded: one line per refused socket or
 * request, at most BURST lines per window, then one line saying how many were
 * left out. A refused peer that keeps knocking must not fill the disk or slow
 * other users' sessions with synchronous log writes.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger.js';

/** lines logged per window before the rest are counted instead. */
const BURST = 20;
/** milliseconds */
const WINDOW_MS = 10_000;

export class RefusalLog {
  private windowStart = -Infinity;
  private logged = 0;
  private suppressed = 0;

  constructor(private readonly log: Logger) {}

  warn(fields: Record<string, unknown>, message: string): void {
    const now = performance.now();
    if (now - this.windowStart >= WINDOW_MS) {
      if (this.suppressed > 0) this.log.warn({ suppressed: this.suppressed }, `${this.suppressed} more refusals were not logged`);
      this.windowStart = now;
      this.logged = 0;
      this.suppressed = 0;
    }
    if (this.logged < BURST) {
      this.logged++;
      this.log.warn(fields, message);
    } else this.suppressed++;
  }
}
