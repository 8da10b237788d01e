/**
 * The WebSocket side: decides each upgrade before the handshake (path, Host,
 * Origin: refused with a plain HTTP 403, so a refused page never gets a
 * socket), then hands accepted sockets to ClientConnection.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, LIMITS, SUBPROTOCOL } from '@termplex/protocol';
import { WebSocketServer } from 'ws';
import { ClientConnection, type ConnectionSettings } from './client-connection.js';
import type { Logger } from './logger.js';
import type { RequestGuard } from './request-guard.js';

function refuse(socket: Duplex, status: number, statusText: string, body: object): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

export class Gateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<ClientConnection>();
  private closing = false;

  constructor(
    private readonly path: string,
    private readonly guard: RequestGuard,
    private readonly settings: ConnectionSettings,
    private readonly log: Logger,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: LIMITS.payload,
      perMessageDeflate: false,
      // Pick ours; if it is not offered, still complete the handshake with the
      // client's first choice so it can be told why (close 4002), not failed silently.
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : (offered.values().next().value ?? false)),
    });
  }

  /**
   * The http.Server 'upgrade' listener. Returns false for other paths so a
   * host application's own upgrade handlers can take them.
   */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== this.path) return false;
    socket.on('error', () => socket.destroy());
    if (this.closing) {
      refuse(socket, 503, 'Service Unavailable', { code: ErrorCode.Shutdown, message: 'the server is shutting down' });
      return true;
    }
    const verdict = this.guard.check(req, true);
    if (!verdict.ok) {
      this.log.warn({ code: ErrorCode.Forbidden, remote: req.socket.remoteAddress, reason: verdict.reason }, 'upgrade refused');
      refuse(socket, 403, 'Forbidden', { code: ErrorCode.Forbidden, message: verdict.reason });
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
      const connection = new ClientConnection(ws, this.settings, remote);
      this.connections.add(connection);
      ws.once('close', () => this.connections.delete(connection));
    });
    return true;
  }

  /** Tells every client the server is going away and waits (briefly) for the sockets to close. */
  async close(waitMs: number): Promise<void> {
    this.closing = true;
    const closed = [...this.wss.clients].map((ws) => new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) return resolve();
      ws.once('close', () => resolve());
    }));
    for (const connection of this.connections) connection.shutdown();
    const timer = new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
    await Promise.race([Promise.all(closed), timer]);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
