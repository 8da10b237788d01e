/**
 * The sessions side of one authenticated socket: its channels (one per
 * attachment), message dispatch and abuse limits. The socket is a browser's
 * WebSocket (the server runs its sessions itself) or a web server's link to
 * this PTY host carrying one browser socket's traffic; either way it speaks
 * the client protocol from `open` on. Errors go back with the channel, ref or
 * session id they belong to, and never disturb the socket's other sessions.
 */
import {
  CloseCode, decodeClientMessage, decodeFrame, encodeFrame, encodeMessage, ErrorCode, FrameKind, LIMITS,
  type ClientMessage, type OpenMessage, type ProtocolError, type ServerMessage,
} from '@termplex/protocol';
import type WebSocket from 'ws';
import { RateLimiter, StrikeCounter } from './message-limits.js';
import { closeReason } from '../core/close-reason.js';
import type { Logger } from '../core/logger.js';
import { Attachment, type AttachmentSink } from './attachment.js';
import { OutputPump } from './output-pump.js';
import type { PtyExit } from './pty-backend.js';
import { INPUT_QUEUE_BYTES } from './pty-input-queue.js';
import type { ScreenSnapshot } from './screen-model.js';
import type { AttachRules, SessionManager } from './session-manager.js';
import type { Session } from './session.js';
import type { VisitorAccess } from './visitors.js';

export interface ChannelSettings {
  manager: SessionManager;
  log: Logger;
  maxSessionsPerSocket: number;
  /** A ticket or resume socket: its visitor decides what it may open. Undefined: the token. */
  visitor?: VisitorAccess;
}

export class ChannelConnection implements AttachmentSink, AttachRules {
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
  private nextChannel = 1;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly settings: ChannelSettings,
    private readonly log: Logger,
  ) {
    this.pump = new OutputPump(ws);
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', () => this.onClose());
  }

  /** Shutdown of whatever serves this socket: say why, then close. */
  shutdown(code: ErrorCode = ErrorCode.Shutdown, text = 'the server is shutting down'): void {
    this.sendControl({ type: 'error', code, message: text });
    this.ws.close(CloseCode.Shutdown, closeReason(code, text));
  }

  private sendControl(message: ServerMessage): void {
    this.pump.sendText(encodeMessage(message));
  }

  // ---- AttachmentSink: what sessions report, as wire messages ---------------

  schedule(attachment: Attachment): void {
    this.pump.schedule(attachment);
  }

  sizeChanged(attachment: Attachment, cols: number, rows: number): void {
    this.sendControl({ type: 'size', channel: attachment.channel, cols, rows });
  }

  skipped(attachment: Attachment, bytes: number, offset: number): void {
    this.sendControl({ type: 'lost', channel: attachment.channel, sessionId: attachment.session.id, bytes, offset });
  }

  restored(attachment: Attachment, snapshot: ScreenSnapshot): void {
    const { channel } = attachment;
    this.sendControl({
      type: 'snapshot', channel, sessionId: attachment.session.id, offset: snapshot.offset, cols: snapshot.cols, rows: snapshot.rows, bytes: snapshot.data.byteLength,
    });
    this.pump.sendBinary(encodeFrame(FrameKind.Snapshot, channel, snapshot.data));
  }

  finished(attachment: Attachment, exit: PtyExit): void {
    this.sendControl({ type: 'exit', channel: attachment.channel, sessionId: attachment.session.id, code: exit.code, signal: exit.signal });
    this.release(attachment);
  }

  // ---- AttachRules ---------------------------------------------------------

  mayCreate(profile: string | undefined): ProtocolError | undefined {
    if (this.created.size < this.settings.maxSessionsPerSocket) return this.settings.visitor?.mayCreate(profile);
    return {
      code: ErrorCode.SessionLimit,
      message: `this socket already created ${this.created.size} sessions that are still running (detached ones count until they end), its limit`,
    };
  }

  mayWrite(sessionId: string): ProtocolError | undefined {
    if (!this.viewed.has(sessionId)) return undefined;
    return { code: ErrorCode.ReadOnly, message: `this socket attached session ${sessionId} read-only; it cannot re-open it writable` };
  }

  // ---- inbound -------------------------------------------------------------

  /** Unlinks an attachment from this socket and its session (also the way a channel is closed). */
  private release(attachment: Attachment): void {
    this.pump.forget(attachment);
    if (this.channels.get(attachment.channel) === attachment) this.channels.delete(attachment.channel);
    attachment.session.detach(attachment);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
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

  private malformed(error: ProtocolError): void {
    this.sendError(error);
    if (this.strikes.strike()) {
      this.log.warn({ code: ErrorCode.Abuse }, 'closing: too many malformed frames');
      this.sendError({ code: ErrorCode.Abuse, message: 'too many malformed frames; closing' });
      this.ws.close(CloseCode.Abuse, closeReason(ErrorCode.Abuse, 'too many malformed frames'));
    }
  }

  private sendError(error: ProtocolError & { channel?: number; ref?: number; sessionId?: string }): void {
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
    if (this.channels.size >= this.settings.maxSessionsPerSocket) {
      const text = `this socket already has ${this.settings.maxSessionsPerSocket} channels open, its limit`;
      return this.sendError({ code: ErrorCode.SessionLimit, message: text, ref, ...(message.sessionId ? { sessionId: message.sessionId } : {}) });
    }
    const { visitor } = this.settings;
    let readonly = message.readonly === true;
    if (visitor && message.sessionId !== undefined) {
      const access = visitor.access(message.sessionId);
      if ('code' in access) return this.sendError({ ...access, ref, sessionId: message.sessionId });
      readonly ||= access.readonly;
    }
    const request = visitor ? { ...message, readonly, profile: message.profile ?? visitor.profile, limits: visitor.limits } : { ...message, readonly };
    const decision = this.settings.manager.decide(request, this);
    if (!decision.ok) return this.sendError({ ...decision.error, ref, ...(decision.sessionId ? { sessionId: decision.sessionId } : {}) });
    const { session, start, lost } = decision;
    if (decision.created) {
      this.created.set(session, session.onceExited(() => this.created.delete(session)));
      visitor?.adopt(session);
    }
    if (readonly) this.viewed.add(session.id);
    const channel = this.nextChannel++;
    const attachment = new Attachment(channel, session, this, readonly, message, start);
    this.channels.set(channel, attachment);
    session.attach(attachment);
    this.sendControl({
      type: 'opened', ref, channel, sessionId: session.id, profile: session.profile, offset: start, head: session.head,
      lost, cols: session.cols, rows: session.rows, readonly,
    });
    attachment.outputReady();
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

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const attachment of [...this.channels.values()]) this.release(attachment);
    for (const stopListening of this.created.values()) stopListening();
    this.created.clear();
    this.settings.visitor?.leave();
  }
}
