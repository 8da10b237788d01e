/**
 * One WebSocket after the upgrade: authentication, message dispatch, its
 * channels (one per attachment), heartbeat and abuse limits. Errors go back
 * on the wire with the channel, ref or session id they belong to, and never
 * disturb the socket's other sessions.
 */
import {
  CloseCode, decodeClientMessage, decodeFrame, encodeMessage, ErrorCode, FrameKind, LIMITS, SUBPROTOCOL,
  type ClientMessage, type OpenMessage, type ProtocolError, type ServerMessage,
} from '@termplex/protocol';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { RateLimiter, StrikeCounter, type AuthThrottle } from './abuse-limits.js';
import { Attachment, type AttachmentSink } from '../host/attachment.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { Heartbeat } from './heartbeat.js';
import type { Logger } from '../core/logger.js';
import { OutputPump } from '../host/output-pump.js';
import { INPUT_QUEUE_BYTES } from '../host/pty-input-queue.js';
import type { RefusalLog } from './refusal-log.js';
import type { SessionManager } from '../host/session-manager.js';
import type { Session } from '../host/session.js';
import type { TokenCheck } from './token.js';

export interface ConnectionSettings {
  manager: SessionManager;
  tokenCheck: TokenCheck;
  authThrottle: AuthThrottle;
  refusals: RefusalLog;
  clock: Clock;
  log: Logger;
  helloTimeoutMs: number;
  pingIntervalMs: number;
  maxSessionsPerSocket: number;
  serverVersion: string;
}

/** Who is on the other end, and how the gateway hears that it authenticated. */
export interface Peer {
  address: string;
  port: number | undefined;
  authenticated(): void;
}

/** bytes an unauthenticated socket may send in all: a hello is a few hundred bytes (a token at most 1 KiB). */
const PREAUTH_BYTES = 16 * 1024;
/** milliseconds a refused socket stays open so its close frame can go out; no close handshake is awaited. */
const REFUSED_LINGER_MS = 100;

/** WebSocket close reasons are at most 123 bytes. */
function reason(code: ErrorCode, text: string): string {
  return Buffer.from(`${code}: ${text}`).subarray(0, 123).toString().replace(/\uFFFD$/, '');
}

export class ClientConnection implements AttachmentSink {
  private readonly channels = new Map<number, Attachment>();
  private readonly pump: OutputPump;
  private readonly rate = new RateLimiter();
  private readonly strikes = new StrikeCounter();
  /** Attachments whose last input was refused (TERMPLEX_ERR_INPUT_FULL already sent). */
  private readonly inputRefused = new WeakSet<Attachment>();
  /**
   * Sessions this socket created and that still run, attached or not: they
   * count against its limit. Each maps to the removal of its exit listener,
   * so a detached session does not keep a closed socket's object alive.
   */
  private readonly created = new Map<Session, () => void>();
  /** Sessions this socket attached read-only: it may never re-open them writable. */
  private readonly viewed = new Set<string>();
  /** hello: waiting for authentication; open: authenticated; refused: nothing it sends has any effect. */
  private state: 'hello' | 'open' | 'refused' = 'hello';
  private nextChannel = 1;
  private helloTimer: TimerHandle | undefined;
  private heartbeat: Heartbeat | undefined;
  private readonly log: Logger;
  private readonly stopCounting: () => void;

  constructor(
    private readonly ws: WebSocket,
    socket: Duplex,
    headBytes: number,
    private readonly settings: ConnectionSettings,
    private readonly peer: Peer,
  ) {
    this.log = settings.log.child({ remote: `${peer.address}:${peer.port}` });
    this.pump = new OutputPump(ws);
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
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
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
    if (this.helloTimer) this.settings.clock.clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.settings.refusals.warn({ code, remote: this.peer.address }, `${logAs}: ${why}`);
    this.ws.pause();
    this.ws.close(closeCode, reason(code, why));
    setTimeout(() => this.ws.terminate(), REFUSED_LINGER_MS).unref();
  }

  /** Server shutdown: say why, then close. */
  shutdown(): void {
    this.sendControl({ type: 'error', code: ErrorCode.Shutdown, message: 'the server is shutting down' });
    this.ws.close(CloseCode.Shutdown, reason(ErrorCode.Shutdown, 'the server is shutting down'));
  }

  // ---- AttachmentSink ------------------------------------------------------

  sendControl(message: ServerMessage): void {
    this.pump.sendText(encodeMessage(message));
  }

  schedule(attachment: Attachment): void {
    this.pump.schedule(attachment);
  }

  /** Unlinks an attachment from this socket and its session (also the way a channel is closed). */
  release(attachment: Attachment): void {
    this.pump.forget(attachment);
    if (this.channels.get(attachment.channel) === attachment) this.channels.delete(attachment.channel);
    attachment.session.detach(attachment);
  }

  // ---- inbound -------------------------------------------------------------

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'refused') return;
    if (this.state === 'hello') return this.onFirstMessage(data, isBinary);
    const rate = this.rate.take();
    if (rate !== 'ok') {
      if (rate === 'drop-and-report') this.sendError({ code: ErrorCode.RateLimit, message: 'too many messages; this one and the next are dropped until the rate falls' });
      return;
    }
    if (isBinary) return this.onInput(data);
    const decoded = decodeClientMessage(data.toString('utf8'));
    if (!decoded.ok) return this.malformed(decoded.error);
    this.dispatch(decoded.value);
  }

  private onFirstMessage(data: Buffer, isBinary: boolean): void {
    const decoded = isBinary ? undefined : decodeClientMessage(data.toString('utf8'));
    if (!decoded?.ok || decoded.value.type !== 'hello' || !this.settings.tokenCheck.matches(decoded.value.token)) {
      const why = !decoded?.ok || decoded.value.type !== 'hello' ? 'the first message must be hello' : 'wrong token';
      this.settings.authThrottle.fail(this.peer.address);
      this.refuse(CloseCode.AuthFailed, ErrorCode.Auth, why, 'authentication failed');
      return;
    }
    this.state = 'open';
    this.stopCounting();
    this.peer.authenticated();
    if (this.helloTimer) this.settings.clock.clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.log.debug({ client: decoded.value.client }, 'client authenticated');
    this.sendControl({ type: 'welcome', protocol: SUBPROTOCOL, server: this.settings.serverVersion, heartbeat: this.settings.pingIntervalMs });
    // A dead peer's sessions stay, detached, for their grace period.
    this.heartbeat = new Heartbeat(this.ws, this.settings.clock, this.settings.pingIntervalMs, () => this.log.info('peer missed two pongs: dropping it'));
  }

  private malformed(error: ProtocolError): void {
    this.sendError(error);
    if (this.strikes.strike()) {
      this.log.warn({ code: ErrorCode.Abuse }, 'closing: too many malformed frames');
      this.sendError({ code: ErrorCode.Abuse, message: 'too many malformed frames; closing' });
      this.ws.close(CloseCode.Abuse, reason(ErrorCode.Abuse, 'too many malformed frames'));
    }
  }

  private sendError(error: ProtocolError): void {
    const message = error.message.length > LIMITS.messageText ? error.message.slice(0, LIMITS.messageText - 3) + '...' : error.message;
    this.sendControl({ type: 'error', ...error, message });
  }

  private attachmentFor(channel: number, what: string): Attachment | undefined {
    const attachment = this.channels.get(channel);
    if (!attachment) this.sendError({ code: ErrorCode.UnknownChannel, message: `${what}: channel ${channel} is not open on this socket`, channel });
    return attachment;
  }

  private onInput(data: Buffer): void {
    const frame = decodeFrame(data, FrameKind.Input);
    if (!frame.ok) return this.malformed(frame.error);
    const attachment = this.attachmentFor(frame.value.channel, 'input');
    if (!attachment) return;
    const sessionId = attachment.session.id;
    if (attachment.readonly) {
      this.sendError({ code: ErrorCode.ReadOnly, message: 'input refused: this channel is attached read-only', channel: attachment.channel, sessionId });
      return;
    }
    if (attachment.session.write(frame.value.data)) {
      this.inputRefused.delete(attachment);
      return;
    }
    // One error per stretch of refused input, not one per frame of a paste.
    if (this.inputRefused.has(attachment)) return;
    this.inputRefused.add(attachment);
    this.sendError({
      code: ErrorCode.InputFull,
      message: `input refused: the program has not read the ${INPUT_QUEUE_BYTES >> 20} MiB of input before it; type again once it reads`,
      channel: attachment.channel, sessionId,
    });
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        return this.malformed({ code: ErrorCode.BadField, message: 'hello: already authenticated on this socket' });
      case 'open':
        return this.open(message);
      case 'resize': {
        const a = this.attachmentFor(message.channel, 'resize');
        a?.session.resizeFrom(a, message.cols, message.rows);
        return;
      }
      case 'ack': {
        const a = this.attachmentFor(message.channel, 'ack');
        const problem = a?.ack(message.offset);
        if (a && problem) this.sendError({ code: ErrorCode.OutOfBounds, message: problem, channel: a.channel, sessionId: a.session.id });
        return;
      }
      case 'close':
        return this.closeChannel(message.channel, message.detach === true);
      case 'ping':
        return this.sendControl({ type: 'pong', id: message.id });
    }
  }

  private open(message: OpenMessage): void {
    const { ref } = message;
    const fail = (code: ErrorCode, text: string, sessionId?: string) =>
      this.sendError(sessionId ? { code, message: text, ref, sessionId } : { code, message: text, ref });
    if (this.channels.size >= this.settings.maxSessionsPerSocket) {
      return fail(ErrorCode.SessionLimit, `this socket already has ${this.settings.maxSessionsPerSocket} channels open, its limit`, message.sessionId);
    }
    const manager = this.settings.manager;
    const readonly = message.readonly === true;
    let session;
    if (message.sessionId !== undefined) {
      session = manager.get(message.sessionId);
      if (!session) return fail(ErrorCode.UnknownSession, `session ${message.sessionId} does not exist (it never did, expired or exited)`, message.sessionId);
      if (!readonly && this.viewed.has(session.id)) {
        return fail(ErrorCode.ReadOnly, `this socket attached session ${session.id} read-only; it cannot re-open it writable`, session.id);
      }
    } else {
      // Checked before spawning: a refused open must not leave a session behind.
      if ((message.offset ?? 0) > 0) return fail(ErrorCode.OutOfBounds, `open.offset must be 0 for a new session, got ${message.offset}`);
      if (this.created.size >= this.settings.maxSessionsPerSocket) {
        return fail(ErrorCode.SessionLimit, `this socket already created ${this.created.size} sessions that are still running (detached ones count until they end), its limit`);
      }
      const created = manager.create(message.profile, message.cols, message.rows);
      if (!created.ok) return fail(created.error.code, created.error.message);
      session = created.session;
      const mine = session;
      this.created.set(mine, mine.onceExited(() => this.created.delete(mine)));
    }
    if (readonly) this.viewed.add(session.id);
    const from = message.offset ?? 0;
    if (from > session.head) {
      return fail(ErrorCode.OutOfBounds, `open.offset must be 0..${session.head} (the session's output so far), got ${from}`, session.id);
    }
    const start = Math.max(from, session.start);
    const channel = this.nextChannel++;
    const attachment = new Attachment(channel, session, this, readonly, message, start);
    this.channels.set(channel, attachment);
    session.attach(attachment);
    this.sendControl({
      type: 'opened', ref, channel, sessionId: session.id, profile: session.profile, offset: start, head: session.head,
      lost: start - from, cols: session.cols, rows: session.rows, readonly,
    });
    if (attachment.wantsToSend()) this.schedule(attachment);
  }

  private closeChannel(channel: number, detach: boolean): void {
    const attachment = this.attachmentFor(channel, 'close');
    if (!attachment) return;
    const session = attachment.session;
    this.release(attachment);
    this.sendControl({ type: 'closed', channel, sessionId: session.id });
    // A viewer's close only detaches it: read-only never ends a session for its writers.
    if (!detach && !attachment.readonly && !session.exited) void this.settings.manager.end(session, 'closed by a client');
  }

  private onClose(code: number): void {
    if (this.helloTimer) this.settings.clock.clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.heartbeat?.dispose();
    for (const attachment of [...this.channels.values()]) this.release(attachment);
    for (const stopListening of this.created.values()) stopListening();
    this.created.clear();
    this.log.debug({ closeCode: code }, 'socket closed');
  }
}
