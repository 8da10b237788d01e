/**
 * One browser WebSocket after the upgrade, up to and including `hello`:
 * subprotocol, token, the pre-auth byte cap and hello deadline, the failed-
 * auth throttle and the heartbeat. Once authenticated it hands the socket to
 * whatever serves sessions (this process's own, or a PTY host through a
 * relay) and sends `welcome` when that side is ready.
 */
import { CloseCode, decodeClientMessage, encodeMessage, ErrorCode, SUBPROTOCOL, type WelcomeMessage } from '@termplex/protocol';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { AuthThrottle } from './auth-throttle.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { closeReason } from '../core/close-reason.js';
import { Heartbeat } from './heartbeat.js';
import type { Logger } from '../core/logger.js';
import type { RefusalLog } from './refusal-log.js';
import type { Grant, VisitorQuotas } from '../core/grant.js';
import { checkHello, resumeTtlMs } from './ticket-auth.js';
import type { TicketAuthority } from './tickets.js';
import type { TokenCheck } from './token.js';
import type { SessionService, SocketService } from '../session-service.js';

/** Takes over an authenticated socket: see SessionService.serve. */
export type HandOff = SessionService['serve'];

export interface BrowserSocketSettings {
  tokenCheck: TokenCheck;
  tickets: TicketAuthority;
  /** What a ticket's sessions are held to. */
  quotas: VisitorQuotas;
  authThrottle: AuthThrottle;
  refusals: RefusalLog;
  clock: Clock;
  log: Logger;
  helloTimeoutMs: number;
  pingIntervalMs: number;
  serverVersion: string;
  handOff: HandOff;
}

/** Who is on the other end, and how the gateway hears that it authenticated. */
export interface Peer {
  address: string;
  port: number | undefined;
  authenticated(): void;
}

/** bytes an unauthenticated socket may send in all: a hello is a few hundred bytes (a token at most 1 KiB, a ticket and a resume credential 2 KiB each). */
const PREAUTH_BYTES = 16 * 1024;
/** milliseconds a refused socket stays open so its close frame can go out; no close handshake is awaited. */
const REFUSED_LINGER_MS = 100;

export class BrowserSocket {
  /** hello: waiting for authentication; open: authenticated; refused: nothing it sends has any effect. */
  private state: 'hello' | 'open' | 'refused' = 'hello';
  private helloTimer: TimerHandle | undefined;
  private heartbeat: Heartbeat | undefined;
  private grant: Grant | undefined;
  private service: SocketService | undefined;
  private shuttingDown = false;
  private readonly log: Logger;
  private readonly stopCounting: () => void;
  private readonly onFirst = (data: WebSocket.RawData, isBinary: boolean) => this.onFirstMessage(data as Buffer, isBinary);

  constructor(
    private readonly ws: WebSocket,
    socket: Duplex,
    headBytes: number,
    private readonly settings: BrowserSocketSettings,
    private readonly peer: Peer,
  ) {
    this.log = settings.log.child({ remote: `${peer.address}:${peer.port}` });
    ws.on('close', (code) => this.onClose(code));
    ws.on('error', (error) => this.log.debug({ err: error.message }, 'socket error'));
    // Counted on the raw socket, so a frame announced large and never finished is cut off too.
    let received = headBytes;
    const count = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > PREAUTH_BYTES) this.refuse(CloseCode.TooLarge, ErrorCode.TooLarge, `more than ${PREAUTH_BYTES} bytes before hello`);
    };
    socket.on('data', count);
    this.stopCounting = () => socket.off('data', count);
    if (ws.protocol !== SUBPROTOCOL) {
      const offered = ws.protocol ? `offered ${ws.protocol}` : 'offered no subprotocol';
      this.refuse(CloseCode.ProtocolVersion, ErrorCode.ProtocolVersion, `server speaks ${SUBPROTOCOL}; client ${offered}`);
      return;
    }
    ws.on('message', this.onFirst);
    this.helloTimer = settings.clock.setTimeout(() => {
      this.helloTimer = undefined;
      if (this.state === 'hello') this.refuse(CloseCode.AuthTimeout, ErrorCode.AuthTimeout, `no hello within ${settings.helloTimeoutMs} ms`);
    }, settings.helloTimeoutMs);
  }

  /**
   * Ends an unauthenticated socket: one log line, the close frame with the
   * reason, and then the socket is cut without waiting for the peer's close
   * handshake. Nothing it sent or sends afterwards is read.
   */
  private refuse(closeCode: CloseCode, code: ErrorCode, why: string, logAs = 'socket refused'): void {
    if (this.state === 'refused') return;
    this.state = 'refused';
    this.stopCounting();
    this.clearHelloTimer();
    this.settings.refusals.warn({ code, remote: this.peer.address }, `${logAs}: ${why}`);
    this.ws.off('message', this.onFirst);
    this.ws.pause();
    this.ws.close(closeCode, closeReason(code, why));
    setTimeout(() => this.ws.terminate(), REFUSED_LINGER_MS).unref();
  }

  /** Server shutdown: say why, then close. */
  shutdown(): void {
    this.shuttingDown = true;
    if (this.service) return this.service.shutdown();
    const text = 'the server is shutting down';
    this.ws.send(encodeMessage({ type: 'error', code: ErrorCode.Shutdown, message: text }));
    this.ws.close(CloseCode.Shutdown, closeReason(ErrorCode.Shutdown, text));
  }

  private clearHelloTimer(): void {
    if (this.helloTimer) this.settings.clock.clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
  }

  private onFirstMessage(data: Buffer, isBinary: boolean): void {
    if (this.state !== 'hello') return;
    const decoded = isBinary ? undefined : decodeClientMessage(data.toString('utf8'));
    const { tokenCheck, tickets, quotas } = this.settings;
    const hello = decoded?.ok && decoded.value.type === 'hello' ? decoded.value : undefined;
    const verdict = hello
      ? checkHello(hello, tokenCheck, tickets, quotas, this.peer.address)
      : { ok: false as const, code: ErrorCode.Auth, why: decoded?.ok === false ? `the first message must be hello (${decoded.error.message})` : 'the first message must be hello' };
    if (!verdict.ok) {
      this.settings.authThrottle.fail(this.peer.address);
      this.refuse(CloseCode.AuthFailed, verdict.code, verdict.why, 'authentication failed');
      return;
    }
    this.grant = verdict.grant;
    this.state = 'open';
    this.stopCounting();
    this.peer.authenticated();
    this.clearHelloTimer();
    this.ws.off('message', this.onFirst);
    const how = this.grant ? (this.grant.maxSessions > 0 || this.grant.session ? 'ticket' : 'resume') : 'token';
    this.log.debug({ client: hello!.client, auth: how }, 'client authenticated');
    // A dead peer's sessions stay, detached, for their grace period.
    this.heartbeat = new Heartbeat(this.ws, this.settings.clock, this.settings.pingIntervalMs, () => this.log.info('peer missed two pongs: dropping it'));
    const { address, port } = this.peer;
    void this.settings.handOff(this.ws, this.log, { address, port, grant: this.grant }).then((service) => this.serve(service));
  }

  private serve(service: SocketService | string): void {
    if (this.ws.readyState !== this.ws.OPEN) {
      if (typeof service !== 'string') service.shutdown();
      return;
    }
    if (typeof service === 'string') {
      this.log.warn({ code: ErrorCode.HostUnavailable }, service);
      this.ws.close(CloseCode.HostUnavailable, closeReason(ErrorCode.HostUnavailable, 'the PTY host is not reachable; try again shortly'));
      return;
    }
    this.service = service;
    const welcome: WelcomeMessage = { type: 'welcome', protocol: SUBPROTOCOL, server: this.settings.serverVersion, heartbeat: this.settings.pingIntervalMs };
    if (this.grant) {
      const { resume, expiresAt } = this.settings.tickets.mintResume(this.grant.visitor, resumeTtlMs(this.grant.quotas));
      welcome.resume = resume;
      welcome.resumeExpiresAt = new Date(expiresAt).toISOString();
    }
    this.ws.send(encodeMessage(welcome));
    if (this.shuttingDown) service.shutdown();
  }

  private onClose(code: number): void {
    this.clearHelloTimer();
    this.heartbeat?.dispose();
    this.log.debug({ closeCode: code }, 'socket closed');
  }
}
