/**
 * The public option and result types of createTerminalServer, and the
 * resolved shape the rest of the server works with.
 */
import type http from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from './core/clock.js';
import type { VisitorQuotas } from './core/grant.js';
import type { PtyBackend } from './host/pty-backend.js';
import type { ProfileRecord, RecordOptions, ResolvedRecord } from './recording/record-config.js';
import type { ResolvedSandbox, SandboxConfig } from './sandbox/sandbox-config.js';

export type { SandboxConfig } from './sandbox/sandbox-config.js';
export type { ProfileRecord, RecordOptions } from './recording/record-config.js';

/** A program the server may run. Clients pick a profile by name; they never send a command. */
export interface ProfileConfig {
  command: string;
  args?: string[];
  /** Added to the server's environment (plus TERM and COLORTERM). */
  env?: Record<string, string>;
  /** Working directory; default $HOME. */
  cwd?: string;
  /**
   * Keep a model of the screen (headless xterm.js) so a client that comes
   * back after the output ring moved on gets the screen, not a gap. Default:
   * the `snapshots` option (true).
   */
  snapshots?: boolean;
  /**
   * Run the program in a sandbox (bubblewrap; see SandboxConfig): the
   * system read-only, a private scratch tmpfs as /tmp and HOME, no network,
   * memory and process caps. `env` is then added to a minimal environment,
   * not the server's, and `cwd` is a directory inside (default: HOME). The
   * server refuses to start when this machine cannot enforce every limit.
   */
  sandbox?: SandboxConfig;
  /**
   * Record this profile's sessions (see the `record` option): false leaves
   * them out, `{input: true}` records input too. Default: recorded when
   * `record` is set.
   */
  record?: ProfileRecord;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the sessions' owner (this server, or a PTY host) is configured with. */
export interface SessionOptions {
  /** Named programs. Default: {default: the user's login shell}. */
  profiles?: Record<string, ProfileConfig>;
  /** milliseconds a session without clients stays alive. Default 300000. */
  graceMs?: number;
  /** milliseconds without input or output after which a session ends; 0 = never. Default 0. */
  idleTimeoutMs?: number;
  /** bytes of output history kept per session for resume. Default 2 MiB. */
  ringBytes?: number;
  /**
   * Channels one socket may have open, and sessions it may have created that
   * still run (detached ones count until they end). Default 32.
   */
  maxSessionsPerSocket?: number;
  /** Sessions on the whole server. Default 256. */
  maxSessions?: number;
  /** Screen models for restores beyond the ring, for every profile that does not say otherwise. Default true. */
  snapshots?: boolean;
  /** How PTYs are made. Default: node-pty. */
  backend?: PtyBackend;
  /** Time source for lifecycle timers (tests). */
  clock?: Clock;
  /** A level for the built-in logger, or a pino logger to log through. Default 'info'. */
  logLevel?: LogLevel | Logger;
  /**
   * Record sessions as asciicast v2, `<dir>/<session-id>.cast`: a folder, or
   * {dir, maxFileBytes?, retentionDays?, input?}. Output may hold secrets;
   * input (passwords) is left out unless asked for. With `ptyHost`, the host
   * records and a web server given the same folder serves the files.
   */
  record?: string | RecordOptions;
}

export interface TerminalServerOptions extends SessionOptions {
  /** Interface to listen on (standalone). Default '127.0.0.1'. */
  host?: string;
  /** TCP port (standalone); 0 picks a free one. Default 7681. */
  port?: number;
  /** Attach to this existing server instead of listening (handles `upgrade` on `path`). */
  server?: http.Server;
  /** WebSocket path. Default '/termplex'. */
  path?: string;
  /** Shared secret clients send in `hello` and the HTTP API in `Authorization: Bearer`. Default: 32 random bytes. */
  token?: string;
  /** Extra origins allowed to open the WebSocket, besides the serving origin. */
  allowedOrigins?: string[];
  /** Extra Host names (hostnames, no port) accepted besides loopback and the bound host. */
  allowedHosts?: string[];
  /**
   * Serve the sessions of the PTY host listening on this Unix socket
   * (`termplex-server ptyhost --socket PATH`, or runPtyHost) instead of
   * running them in this process: shells then outlive this server. The
   * session options (profiles, graceMs, ...) belong to the host then.
   */
  ptyHost?: string;
  /** The PTY host's key (the `key` it was started with); required with `ptyHost`. */
  ptyHostKey?: string;
  /**
   * Failed authentications one client address may make per minute before it
   * is refused (HTTP 429) until the minute has passed; 0 = no limit. Default 10.
   */
  maxAuthFailures?: number;
  /** milliseconds a socket may take to send `hello`. Default 10000. */
  helloTimeoutMs?: number;
  /** milliseconds between WebSocket pings; a peer missing two pongs is dropped. Default 15000. */
  pingIntervalMs?: number;
  /** Path of the browser bundle served at /termplex.js. Default: this package's dist/termplex.js (built in), else @termplex/elements'. */
  bundlePath?: string;
  /** Folder served at / (the demo page). Default: this package's public/. */
  publicDir?: string;
  /** What sessions opened with a ticket are held to (the token has no quotas). */
  quotas?: QuotaOptions;
}

/**
 * Quotas for visitors, that is sockets with a ticket (POST /api/tickets) or
 * its resume credential. Exceeding one refuses or ends only that visitor's
 * session, with a message in its terminal. 0 turns one off.
 */
export interface QuotaOptions {
  /** Sessions one ticket may have running at once: the default, and the ceiling, of a ticket's maxSessions. Default 2. */
  sessionsPerTicket?: number;
  /** Ticket sessions running at once from one client address. Default 8. */
  sessionsPerAddress?: number;
  /** seconds a ticket session may run in all. Default 1800. */
  sessionLifetime?: number;
  /** seconds without input or output after which a ticket session ends. Default 600. */
  idleTimeout?: number;
  /** output bytes per second per ticket session; a faster program is slowed, not ended. Default 1048576. */
  outputRate?: number;
}

/** runPtyHost's options: the session options and where to listen. */
export interface PtyHostOptions extends SessionOptions {
  /** Path of the Unix socket to listen on; its directory must be private to this user (mode 0700; created if missing). */
  socket: string;
  /**
   * The secret every web server's link must present (16..1024 characters).
   * Kept in memory only: a shell of this host runs as the same user and
   * could read any file the host could.
   */
  key: string;
}

/** A running PTY host (runPtyHost). */
export interface PtyHost {
  readonly socketPath: string;
  listSessions(): SessionSummary[];
  /** Ends every session's processes and stops listening. Resolves to what could not be ended. */
  close(): Promise<ShutdownReport>;
}

/** What a ticket grants; see POST /api/tickets. */
export interface TicketOptions {
  /** New sessions of this profile (default: the default profile). Not with sessionId. */
  profile?: string;
  /** Instead: this one existing session. */
  sessionId?: string;
  /** With sessionId: watch only. */
  readonly?: boolean;
  /** seconds to first use, 1..3600. Default 60. */
  ttlSeconds?: number;
  /** Sessions it may run at once, 1..quotas.sessionsPerTicket (the default). Not with sessionId. */
  maxSessions?: number;
}

export interface CreateSessionOptions {
  profile?: string;
  cols?: number;
  rows?: number;
}

export interface SessionInfo {
  id: string;
  profile: string;
  pid: number;
  cols: number;
  rows: number;
  /** ISO 8601 */
  created: string;
}

export interface SessionSummary extends SessionInfo {
  /** Attachments (channels) currently open on this session. */
  clients: number;
  /** ISO 8601: last input or output. */
  lastActivity: string;
}

export interface TerminalServer {
  /** "http://HOST:PORT" (no trailing slash). */
  readonly url: string;
  /** "ws://HOST:PORT/termplex". */
  readonly wsUrl: string;
  readonly port: number;
  readonly token: string;
  createSession(options?: CreateSessionOptions): Promise<SessionInfo>;
  /**
   * A ticket for one visitor of a public page, as POST /api/tickets makes
   * it (for a backend in the same process). Rejects with a TypeError (bad
   * fields) or an Error with `code` (unknown profile or session).
   */
  createTicket(options?: TicketOptions): Promise<{ ticket: string; expiresAt: string }>;
  listSessions(): Promise<SessionSummary[]>;
  /** Serves the HTTP routes; returns false (and does nothing) for any other request. */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** The same, Express/Connect style. */
  middleware(req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void;
  /**
   * Tells clients, ends every session's processes (with `ptyHost`: leaves
   * them running on the host), closes sockets (and the server it listens
   * on). Resolves to what could not be ended.
   */
  close(): Promise<ShutdownReport>;
}

export interface ShutdownReport {
  /** Pids of session processes still alive after SIGHUP, SIGTERM and SIGKILL: empty after a clean shutdown. */
  survivors: number[];
}

export interface ResolvedProfile {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string | undefined;
  snapshots: boolean;
  sandbox: ResolvedSandbox | undefined;
  /** Recorded, and whether with input. */
  record: { input: boolean } | undefined;
}

/** The resolved session options, as the host side works with them. */
export interface ResolvedSessionOptions {
  profiles: Map<string, ResolvedProfile>;
  defaultProfile: string;
  graceMs: number;
  idleTimeoutMs: number;
  ringBytes: number;
  maxSessionsPerSocket: number;
  maxSessions: number;
  backend: PtyBackend | undefined;
  clock: Clock | undefined;
  logLevel: LogLevel | Logger;
  record: ResolvedRecord | undefined;
}

export interface ResolvedOptions extends ResolvedSessionOptions {
  host: string;
  port: number;
  server: http.Server | undefined;
  path: string;
  token: string;
  allowedOrigins: string[];
  allowedHosts: string[];
  ptyHost: string | undefined;
  ptyHostKey: string | undefined;
  maxAuthFailures: number;
  helloTimeoutMs: number;
  pingIntervalMs: number;
  bundlePath: string | undefined;
  publicDir: string | undefined;
  quotas: VisitorQuotas;
  sessionsPerTicket: number;
}
