/**
 * One reaper per server process, started before its first PTY and never
 * stopped: it holds no event-loop reference, and when the process exits,
 * however it exits, the reaper ends the sessions still listed and exits too.
 */
import type { Logger } from '../core/logger.js';
import { startReaper, type Reaper } from './reaper.js';

let started: Promise<Reaper | undefined> | undefined;
let reaper: Reaper | undefined;

/** Starts the reaper once; a failure is logged, and sessions then run unguarded. */
export function ensureReaper(log: Logger): Promise<Reaper | undefined> {
  started ??= startReaper().then(
    (r) => (reaper = r),
    (error: unknown) => {
      log.error({ reason: error instanceof Error ? error.message : String(error) }, 'process reaper did not start: if this server is killed, its shells will outlive it');
      return undefined;
    },
  );
  return started;
}

/** The running reaper, if one was started. */
export function activeReaper(): Reaper | undefined {
  return reaper;
}
