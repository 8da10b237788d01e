/**
 * A Node client that speaks termplex.v1 the way a page's TerminalConnection
 * does: hello with the token, `open` per terminal, output routed by channel,
 * input as binary frames, and acks as output is consumed (at least every
 * ACK_STEP bytes, the remainder a few ms later), so flow control sees a
 * normal prompt client unless the socket is made a slow reader.
 */
import {
  ACK_STEP,
  FrameKind,
  MAX_FRAME_DATA,
  SUBPROTOCOL,
  decodeFrame,
  decodeServerMessage,
  encodeFrame,
  encodeMessage,
  type ClientMessage,
  type OpenedMessage,
  type ServerMessage,
} from '@termplex/protocol';
import { BenchStream, type ChunkListener } from './bench-stream.js';
import { nowMs } from '../stats.js';
import { closeSocket, openSocket } from './open-socket.js';
import type { WebSocket } from '../node-deps.js';

/** milliseconds: how long a remainder below ACK_STEP waits before it is acked. */
const ACK_DELAY_MS = 5;
const REPLY_TIMEOUT_MS = 15_000;

export interface OpenRequest {
  profile?: string;
  cols?: number;
  rows?: number;
  sessionId?: string;
  offset?: number;
  /**
   * Attached before anything is delivered: replay frames can arrive right
   * behind `opened`, before the caller's `await` resumes.
   */
  listener?: ChunkListener;
}

export class TermplexSession extends BenchStream {
  /** Absolute offset of the next output byte. */
  offset: number;
  /** Bytes the server said were lost (opened.lost plus every `lost` message). */
  lostBytes: number;
  private acked: number;
  private ackTimer: NodeJS.Timeout | undefined;
  private whenClosed: (() => void) | undefined;

  constructor(
    private readonly client: TermplexClient,
    readonly opened: OpenedMessage,
  ) {
    super();
    this.offset = opened.offset;
    this.acked = opened.offset;
    this.lostBytes = opened.lost;
  }

  get channel(): number {
    return this.opened.channel;
  }

  get sessionId(): string {
    return this.opened.sessionId;
  }

  /** The socket this session shares with the others of its client. */
  get socket(): WebSocket {
    return this.client.socket;
  }

  /** @internal called by the client for each output frame on this channel. */
  receive(data: Uint8Array): void {
    this.offset += data.byteLength;
    this.deliver(data);
    if (this.offset - this.acked >= ACK_STEP) this.ack();
    else this.ackTimer ??= setTimeout(() => this.ack(), ACK_DELAY_MS);
  }

  /** @internal */
  handle(message: ServerMessage): void {
    if (message.type === 'lost') {
      this.lostBytes += message.bytes;
      this.offset = message.offset;
    } else if (message.type === 'exit') {
      this.markExited();
      this.whenClosed?.();
    } else if (message.type === 'closed') {
      this.whenClosed?.();
    }
  }

  private ack(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.offset === this.acked) return;
    this.acked = this.offset;
    this.client.send({ type: 'ack', channel: this.channel, offset: this.offset });
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.byteLength; at += MAX_FRAME_DATA) {
      this.client.sendBinary(encodeFrame(FrameKind.Input, this.channel, bytes.subarray(at, at + MAX_FRAME_DATA)));
    }
  }

  /** Ends the session on the server (a `close` without detach) and waits for `closed` or `exit`. */
  close(): Promise<void> {
    clearTimeout(this.ackTimer);
    if (this.exited || !this.client.isOpen) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      this.whenClosed = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.send({ type: 'close', channel: this.channel });
    });
  }

  /** Stops local timers without telling the server (the socket is gone). */
  dispose(): void {
    clearTimeout(this.ackTimer);
  }
}

interface Pending {
  resolve(opened: OpenedMessage): void;
  reject(error: Error): void;
}

export class TermplexClient {
  /** Server errors that named no pending open, kept for the report. */
  readonly errors: string[] = [];
  /** Output bytes on a channel this client has no session for (e.g. before its `opened`). */
  unroutedBytes = 0;
  private readonly sessions = new Map<number, TermplexSession>();
  private readonly pending = new Map<number, Pending>();
  private nextRef = 1;
  private heartbeat: NodeJS.Timeout | undefined;

  /** nowMs() when the socket finished its handshake, before `hello`. */
  connectedAt = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? this.onBinary(data) : this.onText(data.toString())));
    socket.on('close', () => {
      clearInterval(this.heartbeat);
      for (const session of this.sessions.values()) session.dispose();
      for (const p of this.pending.values()) p.reject(new Error('socket closed before the server answered'));
      this.pending.clear();
    });
  }

  static async connect(wsUrl: string, token: string): Promise<TermplexClient> {
    const socket = await openSocket(wsUrl, [SUBPROTOCOL]);
    const client = new TermplexClient(socket);
    client.connectedAt = nowMs();
    const welcome = new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no welcome within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      socket.once('message', (data: Buffer) => {
        clearTimeout(timer);
        const decoded = decodeServerMessage(data.toString());
        if (decoded.ok && decoded.value.type === 'welcome') resolve(decoded.value);
        else reject(new Error(`expected welcome, got ${data.toString().slice(0, 200)}`));
      });
      socket.once('close', (code: number, reason: Buffer) => reject(new Error(`socket closed before welcome: ${code} ${reason.toString()}`)));
    });
    client.send({ type: 'hello', token, client: 'termplex-bench' });
    const message = await welcome;
    if (message.type === 'welcome') {
      let id = 0;
      client.heartbeat = setInterval(() => client.send({ type: 'ping', id: ++id }), message.heartbeat).unref();
    }
    return client;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(message: ClientMessage): void {
    if (this.isOpen) this.socket.send(encodeMessage(message));
  }

  sendBinary(frame: Uint8Array): void {
    if (this.isOpen) this.socket.send(frame, { binary: true });
  }

  /**
   * Resolves when `opened` arrives for this request; rejects with the
   * server's error code and message. The session is registered before any
   * microtask runs, so output frames right behind `opened` are never dropped.
   */
  open(request: OpenRequest = {}): Promise<TermplexSession> {
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no answer to open ref ${ref} within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(ref);
        reject(error);
      };
      this.pending.set(ref, {
        resolve: (opened) => {
          clearTimeout(timer);
          const session = new TermplexSession(this, opened);
          if (request.listener) session.listen(request.listener);
          this.sessions.set(opened.channel, session);
          resolve(session);
        },
        reject: fail,
      });
      const message: ClientMessage = { type: 'open', ref, cols: request.cols ?? 80, rows: request.rows ?? 24 };
      if (request.sessionId !== undefined) message.sessionId = request.sessionId;
      else message.profile = request.profile ?? 'sh';
      if (request.offset !== undefined) message.offset = request.offset;
      this.send(message);
    });
  }

  close(): Promise<void> {
    clearInterval(this.heartbeat);
    return closeSocket(this.socket);
  }

  private onBinary(data: Buffer): void {
    const frame = decodeFrame(data, FrameKind.Output);
    if (!frame.ok) {
      this.errors.push(`${frame.error.code}: ${frame.error.message}`);
      return;
    }
    const session = this.sessions.get(frame.value.channel);
    if (session) session.receive(frame.value.data);
    else this.unroutedBytes += frame.value.data.byteLength;
  }

  private onText(text: string): void {
    const decoded = decodeServerMessage(text);
    if (!decoded.ok) {
      this.errors.push(`${decoded.error.code}: ${decoded.error.message}`);
      return;
    }
    const message = decoded.value;
    if (message.type === 'opened') {
      const p = this.pending.get(message.ref);
      this.pending.delete(message.ref);
      p?.resolve(message);
    } else if (message.type === 'error' && message.ref !== undefined && this.pending.has(message.ref)) {
      this.pending.get(message.ref)!.reject(new Error(`${message.code}: ${message.message}`));
    } else if (message.type === 'error') {
      this.errors.push(`${message.code}: ${message.message}`);
    } else if ('channel' in message) {
      this.sessions.get(message.channel)?.handle(message);
    }
  }
}
