/**
 * The WebSocket side: decides each upgrade before the handshake (path, Host,
 * Origin: refused with a plain HTTP 403, so a refused page never gets a
 * socket), then hands accepted sockets to BrowserSocket.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, LIMITS, SUBPROTOCOL } from '@termplex/protocol';
import { WebSocketServer } from 'ws';
import { BrowserSocket, type BrowserSocketSettings } from './browser-socket.js';
import type { Logger } from '../core/logger.js';
import type { RequestGuard } from './request-guard.js';

/**
 * Sockets that have not authenticated yet, in all and per client address: a
 * page opens one socket, so these leave room for many pages behind one proxy
 * while capping what idle or half-sent handshakes can hold.
 */
const MAX_UNAUTHENTICATED = 256;
const MAX_UNAUTHENTICATED_PER_ADDRESS = 32;

function refuse(socket: Duplex, status: number, statusText: string, body: object, headers = ''): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json\r\n${headers}` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

export class Gateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<BrowserSocket>();
  /** Unauthenticated sockets per client address. */
  private readonly pending = new Map<string, number>();
  private pendingTotal = 0;
  private closing = false;

  constructor(
    private readonly path: string,
    private readonly guard: RequestGuard,
    private readonly settings: BrowserSocketSettings,
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
    const address = req.socket.remoteAddress ?? 'unknown';
    const verdict = this.guard.check(req, true);
    if (!verdict.ok) {
      this.settings.refusals.warn({ code: ErrorCode.Forbidden, remote: address, reason: verdict.reason }, 'upgrade refused');
      refuse(socket, 403, 'Forbidden', { code: ErrorCode.Forbidden, message: verdict.reason });
      return true;
    }
    const blockedMs = this.settings.authThrottle.blockedFor(address);
    if (blockedMs > 0) {
      const seconds = Math.ceil(blockedMs / 1000);
      this.settings.refusals.warn({ code: ErrorCode.RateLimit, remote: address }, 'upgrade refused: too many failed authentications');
      refuse(socket, 429, 'Too Many Requests', { code: ErrorCode.RateLimit, message: `too many failed authentications from this address; try again in ${seconds} s` }, `Retry-After: ${seconds}\r\n`);
      return true;
    }
    const fromAddress = this.pending.get(address) ?? 0;
    if (this.pendingTotal >= MAX_UNAUTHENTICATED || fromAddress >= MAX_UNAUTHENTICATED_PER_ADDRESS) {
      const scope = fromAddress >= MAX_UNAUTHENTICATED_PER_ADDRESS ? `${MAX_UNAUTHENTICATED_PER_ADDRESS} from this address` : `${MAX_UNAUTHENTICATED} in all`;
      this.settings.refusals.warn({ code: ErrorCode.RateLimit, remote: address }, 'upgrade refused: too many unauthenticated sockets');
      refuse(socket, 429, 'Too Many Requests', { code: ErrorCode.RateLimit, message: `too many sockets waiting to authenticate (${scope}); try again shortly` }, 'Retry-After: 1\r\n');
      return true;
    }
    // Counted from before the handshake: a peer that stalls mid-handshake holds a slot too.
    this.pending.set(address, fromAddress + 1);
    this.pendingTotal++;
    let counted = true;
    const settle = () => {
      if (!counted) return;
      counted = false;
      this.pendingTotal--;
      const left = (this.pending.get(address) ?? 1) - 1;
      if (left > 0) this.pending.set(address, left);
      else this.pending.delete(address);
    };
    socket.once('close', settle);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new BrowserSocket(ws, socket, head.byteLength, this.settings, { address, port: req.socket.remotePort, authenticated: settle });
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
