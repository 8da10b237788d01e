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
import type WebSocket from 'ws';
import { RateLimiter, StrikeCounter } from './abuse-limits.js';
import { Attachment, type AttachmentSink } from './attachment.js';
import type { Clock, TimerHandle } from './clock.js';
import { Heartbeat } from './heartbeat.js';
import type { Logger } from './logger.js';
import { OutputPump } from './output-pump.js';
import type { SessionManager } from './session-manager.js';
import type { TokenCheck } from './token.js';

export interface ConnectionSettings {
  manager: SessionManager;
  tokenCheck: TokenCheck;
  clock: Clock;
  log: Logger;
  helloTimeoutMs: number;
  pingIntervalMs: number;
  maxSessionsPerSocket: number;
  serverVersion: string;
}

/** WebSocket close reasons are at most 123 bytes. */
function reason(code: ErrorCode, text: string): string {
  return Buffer.from(`${code}: ${text}`).subarray(0, 123).toString().replace(/\uFFFD$/, '');
}

export class ClientConnection implements AttachmentSink {
  private readonly channels = new Map<number, Attachment>();
  private readonly pump: OutputPump;
  private readonly rate = new RateLimiter();
  private readonly strikes = new StrikeCounter();
  private authenticated = false;
  private nextChannel = 1;
  private helloTimer: TimerHandle | undefined;
  private heartbeat: Heartbeat | undefined;
  private readonly log: Logger;

  constructor(
    private readonly ws: WebSocket,
    private readonly settings: ConnectionSettings,
    remote: string,
  ) {
    this.log = settings.log.child({ remote });
    this.pump = new OutputPump(ws);
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', (code) => this.onClose(code));
    ws.on('error', (error) => this.log.debug({ err: error.message }, 'socket error'));
    if (ws.protocol !== SUBPROTOCOL) {
      const offered = ws.protocol ? `offered ${ws.protocol}` : 'offered no subprotocol';
      this.log.info({ code: ErrorCode.ProtocolVersion, offered: ws.protocol }, 'refused: wrong protocol version');
      ws.close(CloseCode.ProtocolVersion, reason(ErrorCode.ProtocolVersion, `server speaks ${SUBPROTOCOL}; client ${offered}`));
      return;
    }
    this.helloTimer = settings.clock.setTimeout(() => {
      this.helloTimer = undefined;
      if (this.authenticated) return;
      this.log.info({ code: ErrorCode.AuthTimeout }, 'closing: no hello in time');
      ws.close(CloseCode.AuthTimeout, reason(ErrorCode.AuthTimeout, `no hello within ${settings.helloTimeoutMs} ms`));
    }, settings.helloTimeoutMs);
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
    if (!this.authenticated) return this.onFirstMessage(data, isBinary);
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
      this.log.warn({ code: ErrorCode.Auth }, `authentication failed: ${why}`);
      this.ws.close(CloseCode.AuthFailed, reason(ErrorCode.Auth, why));
      return;
    }
    this.authenticated = true;
    if (this.helloTimer) this.settings.clock.clearTimeout(this.helloTimer);
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
    attachment.session.write(frame.value.data);
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
    let session;
    if (message.sessionId !== undefined) {
      session = manager.get(message.sessionId);
      if (!session) return fail(ErrorCode.UnknownSession, `session ${message.sessionId} does not exist (it never did, expired or exited)`, message.sessionId);
    } else {
      // Checked before spawning: a refused open must not leave a session behind.
      if ((message.offset ?? 0) > 0) return fail(ErrorCode.OutOfBounds, `open.offset must be 0 for a new session, got ${message.offset}`);
      const created = manager.create(message.profile, message.cols, message.rows);
      if (!created.ok) return fail(created.error.code, created.error.message);
      session = created.session;
    }
    const from = message.offset ?? 0;
    if (from > session.head) {
      return fail(ErrorCode.OutOfBounds, `open.offset must be 0..${session.head} (the session's output so far), got ${from}`, session.id);
    }
    const start = Math.max(from, session.start);
    const channel = this.nextChannel++;
    const readonly = message.readonly === true;
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
    if (!detach && !session.exited) void this.settings.manager.end(session, 'closed by a client');
  }

  private onClose(code: number): void {
    if (this.helloTimer) this.settings.clock.clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.heartbeat?.dispose();
    for (const attachment of [...this.channels.values()]) this.release(attachment);
    this.log.debug({ closeCode: code }, 'socket closed');
  }
}
