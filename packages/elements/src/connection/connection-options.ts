/**
 * TerminalConnection's options, their defaults and bounds. A bad value is a
 * TypeError naming the option and its bound, like ws does for its options.
 */
import { HEARTBEAT_TIMEOUT } from '@termplex/protocol';
import { resolveRetryPolicy, type RetryPolicy } from './backoff.js';
import { boundedInt } from './bounded-int.js';
import type { ResumeStore } from './credentials.js';
import type { SocketFactory, Timers } from './socket.js';

export interface TerminalConnectionOptions {
  /** ws:// or wss:// URL of the server's socket (path `/termplex`). */
  url: string;
  /** Sent in the first frame (`hello`), never in the URL. May also be set later. */
  token?: string;
  /** Instead of a token: a single-use ticket from the site's backend (POST /api/tickets). */
  ticket?: string;
  /** Fetches a fresh ticket whenever new sessions need one. */
  fetchTicket?: () => Promise<string>;
  /** Keeps the server's resume credential across page reloads. */
  resumeStore?: ResumeStore;
  /** milliseconds from creating a socket to the server's `welcome` (default 10 s). */
  connectTimeout?: number;
  /** milliseconds a heartbeat `pong` may take (default HEARTBEAT_TIMEOUT). */
  heartbeatTimeout?: number;
  retry?: Partial<RetryPolicy>;
  /** Free-form name in `hello`, for the server's logs. */
  clientName?: string;
  /** Called before each socket is created, so a wrapper (the element) can apply late settings. */
  beforeConnect?: () => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  random?: () => number;
}

/**
 * Retries allowed while no socket has ever been welcomed since connect(). A
 * browser reports an HTTP 403 (Origin refused) exactly like an unreachable
 * server, so a page that never got in gives up early instead of hammering.
 */
export const NEVER_OPENED_RETRIES = 2;

/** milliseconds from creating a socket to the server's `welcome`. */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;

/** milliseconds: the bounds of both timeouts; ten minutes is already a dead socket. */
export const TIMEOUT_BOUNDS = [1, 600_000] as const;

/** The settings that may change after construction (the element's attributes). */
export type ConnectionSettings = Pick<TerminalConnectionOptions, 'connectTimeout' | 'heartbeatTimeout' | 'retry'>;

export interface ResolvedSettings {
  connectTimeout: number;
  heartbeatTimeout: number;
  retry: RetryPolicy;
}

export const DEFAULT_SETTINGS: ResolvedSettings = { connectTimeout: DEFAULT_CONNECT_TIMEOUT, heartbeatTimeout: HEARTBEAT_TIMEOUT, retry: resolveRetryPolicy() };

/** `options` over `current`, every given value checked; throws before changing anything. */
export function resolveSettings(options: ConnectionSettings, current: ResolvedSettings = DEFAULT_SETTINGS): ResolvedSettings {
  return {
    connectTimeout: readTimeout('connectTimeout', options.connectTimeout, current.connectTimeout),
    heartbeatTimeout: readTimeout('heartbeatTimeout', options.heartbeatTimeout, current.heartbeatTimeout),
    retry: resolveRetryPolicy({ ...current.retry, ...options.retry }),
  };
}

function readTimeout(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const read = boundedInt(name, value, ...TIMEOUT_BOUNDS);
  if (!read.ok) throw new TypeError(read.message);
  return read.value;
}
