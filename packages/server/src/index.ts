export { createTerminalServer } from './terminal-server.js';
export { runPtyHost } from './pty-host.js';
export type {
  CreateSessionOptions, LogLevel, ProfileConfig, PtyHost, PtyHostOptions, QuotaOptions, SessionInfo, SessionOptions, SessionSummary, ShutdownReport, TerminalServer,
  TerminalServerOptions, TicketOptions,
} from './options.js';
export type { Clock, TimerHandle } from './core/clock.js';
export type { SandboxConfig } from './sandbox/sandbox-config.js';
export type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from './host/pty-backend.js';
