/**
 * What the web server needs from whatever owns the sessions: this process
 * (LocalSessions) or a PTY host over its socket (HostClient). The gateway and
 * the HTTP API talk to this interface only.
 */
import type { ProtocolError } from '@termplex/protocol';
import type WebSocket from 'ws';
import type { Grant } from './core/grant.js';
import type { Logger } from './core/logger.js';
import type { CreateSessionOptions, SessionInfo, SessionSummary } from './options.js';

/** What serves one authenticated browser socket's sessions. */
export interface SocketService {
  /** The web server is going away: tell the client why and close. */
  shutdown(): void;
}

/** Who a browser socket is (for the owner's logs), and what it may do. */
export interface PeerName {
  address: string;
  port: number | undefined;
  /** A ticket or resume socket's grant; undefined: the token, everything. */
  grant?: Grant;
}

export interface SessionService {
  /**
   * Takes over an authenticated socket (every message from now on). Resolves
   * when it can serve it, or to an error text when it cannot (the PTY host
   * is unreachable): the client is then told to come back later.
   */
  serve(ws: WebSocket, log: Logger, peer: PeerName): Promise<SocketService | string>;
  create(options: CreateSessionOptions): Promise<SessionInfo | ProtocolError>;
  list(): Promise<SessionSummary[]>;
  /** The profile names sessions can be created from, and the one used when none is named. */
  profiles(): Promise<{ names: string[]; defaultProfile: string }>;
  /** False when there is no such session. */
  end(sessionId: string): Promise<boolean>;
  /**
   * The web server stops. In-process sessions end (resolves to the pids that
   * would not); a PTY host's sessions keep running (resolves to []).
   */
  close(): Promise<number[]>;
}
