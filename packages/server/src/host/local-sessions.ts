/**
 * Sessions run by this process: the one-command setup, and the PTY host's
 * own core. Each authenticated socket gets a ChannelConnection straight on
 * the session manager.
 */
import type { ProtocolError } from '@termplex/protocol';
import type WebSocket from 'ws';
import type { Logger } from '../core/logger.js';
import type { CreateSessionOptions, SessionInfo, SessionSummary } from '../options.js';
import type { SessionService, SocketService } from '../session-service.js';
import { ChannelConnection } from './channel-connection.js';
import type { ScreenModels } from './screen-model.js';
import { sessionInfo } from './session-info.js';
import type { SessionManager } from './session-manager.js';

export class LocalSessions implements SessionService {
  constructor(
    readonly manager: SessionManager,
    private readonly maxSessionsPerSocket: number,
    private readonly screens: ScreenModels,
  ) {}

  /** A socket (a browser's, or a web server's link to this host) served by this process. */
  connect(ws: WebSocket, log: Logger): ChannelConnection {
    return new ChannelConnection(ws, { manager: this.manager, log, maxSessionsPerSocket: this.maxSessionsPerSocket }, log);
  }

  serve(ws: WebSocket, log: Logger): Promise<SocketService> {
    return Promise.resolve(this.connect(ws, log));
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
    return survivors;
  }
}
