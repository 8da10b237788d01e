/**
 * How big each workload is in each mode. `full` is the specification;
 * `quick` keeps every workload but shrinks it to finish in under 2 minutes;
 * `smoke` is the test suite's one tiny pass that proves the bench still runs.
 */
import { KiB, MiB } from './stats.js';

export type ModeName = 'smoke' | 'quick' | 'full';

/** milliseconds between keystrokes in the paced echo: 50 keys/s, faster than any typist. */
export const PACED_GAP_MS = 20;

/** bytes pasted into the terminal that does not read, next to the echo one: the 256 KiB. */
export const UNREAD_PASTE_BYTES = 256 * KiB;

export interface Mode {
  name: ModeName;
  /** Runs per workload (each side per run, alternating); figures are medians over runs. */
  runs: number;
  /** bytes of corpus each `cat` prints. */
  corpusBytes: number;
  /** terminals streaming at once on one socket for the aggregate figure. */
  parallelTerminals: number;
  echoRoundTrips: number;
  /** round trips at a typing pace (one key per PACED_GAP_MS), idle only. */
  pacedRoundTrips: number;
  /** seconds: `timeout` of the flood next to the echo terminal. */
  floodSeconds: number;
  /**
   * milliseconds the echo round trips beside an unread paste may take in all;
   * those not done by then are "timed out". It bounds each side's run when
   * a server freezes (a PTY write that blocks the event loop), so it is
   * several times what 500 healthy round trips take (well under a second)
   * and no more: every run of every side may spend it.
   */
  unreadDeadlineMs: number;
  /** idle shells for the two memory readings; per-session cost is their difference. */
  shellCounts: [number, number];
  /** runs of the memory workloads (each starts fresh servers). */
  memoryRuns: number;
  slowFloodSeconds: number;
  /** bytes/s the slow consumer takes off its socket. */
  slowReadRate: number;
  opens: number;
  /** opens of each profile, plain and sandboxed, in turn (the sandbox workload). */
  sandboxOpens: number;
  resumeSessions: number;
  resumeRuns: number;
  /** terminals on the PTY host through the web server restarts. */
  restartSessions: number;
  /** runs of the restart workload; each restarts the web server twice, once after SIGTERM and once after SIGKILL. */
  restartRuns: number;
  /** bytes written into the browser's terminals. */
  browserBytes: number;
}

export const MODES: Record<ModeName, Mode> = {
  smoke: {
    name: 'smoke',
    runs: 1,
    corpusBytes: 256 * 1024,
    parallelTerminals: 2,
    echoRoundTrips: 10,
    pacedRoundTrips: 5,
    floodSeconds: 20,
    unreadDeadlineMs: 2_000,
    shellCounts: [1, 2],
    memoryRuns: 1,
    slowFloodSeconds: 1,
    slowReadRate: MiB,
    opens: 3,
    sandboxOpens: 3,
    resumeSessions: 2,
    resumeRuns: 1,
    restartSessions: 2,
    restartRuns: 1,
    browserBytes: 64 * 1024,
  },
  quick: {
    name: 'quick',
    runs: 2,
    corpusBytes: 16 * MiB,
    parallelTerminals: 4,
    echoRoundTrips: 500,
    pacedRoundTrips: 150,
    floodSeconds: 20,
    unreadDeadlineMs: 4_000,
    shellCounts: [20, 100],
    memoryRuns: 1,
    slowFloodSeconds: 5,
    slowReadRate: MiB,
    opens: 40,
    sandboxOpens: 20,
    resumeSessions: 20,
    resumeRuns: 3,
    restartSessions: 20,
    restartRuns: 3,
    browserBytes: 4 * MiB,
  },
  full: {
    name: 'full',
    runs: 3,
    corpusBytes: 64 * MiB,
    parallelTerminals: 4,
    echoRoundTrips: 500,
    pacedRoundTrips: 500,
    floodSeconds: 20,
    unreadDeadlineMs: 10_000,
    shellCounts: [20, 100],
    memoryRuns: 3,
    slowFloodSeconds: 20,
    slowReadRate: MiB,
    opens: 100,
    sandboxOpens: 20,
    resumeSessions: 20,
    resumeRuns: 5,
    restartSessions: 20,
    restartRuns: 5,
    browserBytes: 8 * MiB,
  },
};
