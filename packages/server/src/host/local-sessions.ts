/**
 * Sessions run by this process: the one-command setup, and the PTY host's
 * own core. Each authenticated socket gets a ChannelConnection straight on
 * the session manager.
 */
import type { ProtocolError } from '@termplex/protocol';
import type WebSocket from 'ws';
import type { Logger } from '../core/logger.js';
import type { CreateSessionOptions, SessionInfo, SessionSummary } from '../options.js';
import type { Grant } from '../core/grant.js';
import type { PeerName, SessionService, SocketService } from '../session-service.js';
import { ChannelConnection } from './channel-connection.js';
import type { Recorder } from '../recording/recorder.js';
import type { ScreenModels } from './screen-model.js';
import { sessionInfo } from './session-info.js';
import type { SessionManager } from './session-manager.js';
import { Visitors } from './visitors.js';

export class LocalSessions implements SessionService {
  /** Ticket and resume sockets' visitors: kept here, with the sessions, so they outlive a web server. */
  readonly visitors: Visitors;

  constructor(
    readonly manager: SessionManager,
    private readonly maxSessionsPerSocket: number,
    private readonly screens: ScreenModels,
    private readonly recorder?: Recorder,
  ) {
    this.visitors = new Visitors((id) => manager.get(id));
  }

  /** A socket (a browser's, or a web server's link to this host) served by this process; `grant`: a ticket's. */
  connect(ws: WebSocket, log: Logger, grant?: Grant): ChannelConnection {
    const visitor = grant && this.visitors.join(grant);
    return new ChannelConnection(ws, { manager: this.manager, log, maxSessionsPerSocket: this.maxSessionsPerSocket, visitor }, log);
  }

  serve(ws: WebSocket, log: Logger, peer: PeerName): Promise<SocketService> {
    return Promise.resolve(this.connect(ws, log, peer.grant));
  }

  createNow(options: CreateSessionOptions): SessionInfo | ProtocolError {
    const created = this.manager.create(options.profile, options.cols ?? 80, options.rows ?? 24);
    if (!created.ok) return created.error;
    created.session.startGrace(); // nobody is attached yet
    return sessionInfo(created.session);
  }

  create(options: CreateSessionOptions): Promise<SessionInfo | ProtocolError> {
    return Promise.resolve(this.createNow(options));
  }

  list(): Promise<SessionSummary[]> {
    return Promise.resolve(this.manager.summaries());
  }

  profileNames(): { names: string[]; defaultProfile: string } {
    return this.manager.profileNames();
  }

  profiles(): Promise<{ names: string[]; defaultProfile: string }> {
    return Promise.resolve(this.profileNames());
  }

  endNow(sessionId: string): boolean {
    const session = this.manager.get(sessionId);
    if (session) void this.manager.end(session, 'deleted through the API');
    return session !== undefined;
  }

  end(sessionId: string): Promise<boolean> {
    return Promise.resolve(this.endNow(sessionId));
  }

  async close(): Promise<number[]> {
    const survivors = await this.manager.endAll('server shutdown');
    await this.screens.dispose();
    await this.recorder?.close();
    return survivors;
  }
}
