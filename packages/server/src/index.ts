export { createTerminalServer } from './terminal-server.js';
export type {
  CreateSessionOptions, LogLevel, ProfileConfig, SessionInfo, SessionSummary, ShutdownReport, TerminalServer, TerminalServerOptions,
} from './options.js';
export type { Clock, TimerHandle } from './core/clock.js';
export type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from './host/pty-backend.js';
