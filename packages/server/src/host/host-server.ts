/**
 * The PTY host's listener: a Unix socket (mode 0600, in a private directory)
 * that web servers link to. Links are refused before the WebSocket handshake
 * unless they carry the host key and its subprotocol; a refused peer gets a
 * plain HTTP status and nothing else. The key is never written anywhere: a
 * shell of this host runs as the same user and could read any file of ours.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync } from 'node:fs';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, ErrorCode, LIMITS } from '@termplex/protocol';
import WebSocket, { WebSocketServer } from 'ws';
import { closeReason } from '../core/close-reason.js';
import { CHANNELS_PATH, CONTROL_PATH, GRANT_HEADER, HOST_SUBPROTOCOL, KEY_HEADER, PEER_HEADER } from '../core/host-link.js';
import { parseGrant } from '../core/grant.js';
import type { Logger } from '../core/logger.js';
import { answerControl, type HostInfo } from './control-requests.js';
import type { LocalSessions } from './local-sessions.js';
import { StrikeCounter } from './message-limits.js';
import { checkPrivateDirectory, clearStaleSocket } from './private-socket.js';

/** milliseconds a peer has to send its upgrade request. */
const HANDSHAKE_TIMEOUT_MS = 5000;
/** milliseconds links get at shutdown to take their close frames. */
const LINGER_MS = 500;

export interface HostListener {
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/** Compared as digests: equal lengths for timingSafeEqual, and nothing about the key's length leaks. */
const digest = (text: string) => createHash('sha256').update(text).digest();

export async function listenHost(socketPath: string, key: string, local: LocalSessions, info: HostInfo, log: Logger): Promise<HostListener> {
  checkPrivateDirectory(socketPath);
  await clearStaleSocket(socketPath);
  const expected = digest(key);

  const server = http.createServer((_req, res) => {
    res.writeHead(404, { Connection: 'close' }).end();
  });
  server.headersTimeout = HANDSHAKE_TIMEOUT_MS;
  server.requestTimeout = HANDSHAKE_TIMEOUT_MS;
  server.maxHeadersCount = 32;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.payload,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(HOST_SUBPROTOCOL) ? HOST_SUBPROTOCOL : false),
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const pathname = (req.url ?? '').split('?')[0];
    const given = req.headers[KEY_HEADER];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      log.warn({ code: ErrorCode.Auth }, 'host link refused: wrong or missing key');
      return refuse(socket, 401, `${ErrorCode.Auth}: wrong or missing host key`);
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(HOST_SUBPROTOCOL)) return refuse(socket, 400, `${ErrorCode.ProtocolVersion}: this host speaks ${HOST_SUBPROTOCOL}`);
    if (pathname !== CHANNELS_PATH && pathname !== CONTROL_PATH) return refuse(socket, 404, `${ErrorCode.BadField}: no link ${pathname.slice(0, 64)}`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (error) => log.debug({ err: error.message }, 'host link error'));
      if (pathname === CONTROL_PATH) return serveControl(ws);
      const peer = String(req.headers[PEER_HEADER] ?? 'unknown').slice(0, 64);
      const grantText = req.headers[GRANT_HEADER];
      const grant = typeof grantText === 'string' ? parseGrant(grantText) : undefined;
      if (typeof grant === 'string') {
        log.warn({ code: ErrorCode.BadField, remote: peer }, `channel link refused: ${grant}`);
        return ws.close(CloseCode.Abuse, closeReason(ErrorCode.BadField, grant));
      }
      local.connect(ws, log.child({ remote: peer }), grant);
    });
  });

  const serveControl = (ws: WebSocket) => {
    const strikes = new StrikeCounter();
    ws.on('message', (data, isBinary) => {
      const reply = isBinary
        ? { id: null, ok: false as const, error: { code: ErrorCode.BadJson, message: 'control frames are JSON text' } }
        : answerControl(data.toString(), local, info);
      ws.send(JSON.stringify(reply));
      if (!reply.ok && strikes.strike()) ws.close(CloseCode.Abuse, closeReason(ErrorCode.Abuse, 'too many bad control frames'));
    });
  };

  // The socket is created 0600: no moment when another user could connect.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(socketPath, 0o600);
  log.info({ socket: socketPath, hostId: info.hostId }, 'PTY host listening');

  return {
    async close() {
      const closed = [...wss.clients].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(CloseCode.Shutdown, closeReason(ErrorCode.Shutdown, 'the PTY host is shutting down'));
      }));
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, LINGER_MS).unref())]);
      for (const ws of wss.clients) ws.terminate();
      // server.close() stops timing requests out: a peer that connected and never spoke would hold it for ever.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      // Closing the listener removed the socket file.
    },
  };
}
