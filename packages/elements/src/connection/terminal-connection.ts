/**
 * One WebSocket to a termplex server, shared by any number of sessions.
 * A plain class with no DOM: the socket, timers and randomness are injected
 * and the browser's hints arrive through wake(), so it is unit-tested in Node.
 */
import {
  ErrorCode,
  FrameKind,
  SUBPROTOCOL,
  decodeFrame,
  decodeServerMessage,
  encodeMessage,
  type ClientMessage,
  type ProtocolError,
  type ServerMessage,
} from '@termplex/protocol';
import { attemptLimit, backoffDelay, type RetryPolicy } from './backoff.js';
import { DEFAULT_SETTINGS, NEVER_OPENED_RETRIES, resolveSettings, type ConnectionSettings, type TerminalConnectionOptions } from './connection-options.js';
import type { ConnectionState } from './connection-state.js';
import { CredentialKeeper, type Credentials } from './credentials.js';
import { Heartbeat } from './heartbeat.js';
import { Listeners } from './listeners.js';
import { OutageTracker, type Outage } from './outage.js';
import { refusalFor } from './refusal.js';
import { SessionChannel, type ChannelHost } from './session-channel.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionHandler, SessionSpec } from './session-handler.js';
import { globalSocketFactory, realTimers, type SocketFactory, type SocketLike, type Timers } from './socket.js';

export { DEFAULT_CONNECT_TIMEOUT, NEVER_OPENED_RETRIES, type TerminalConnectionOptions } from './connection-options.js';
export type { Outage } from './outage.js';

export class TerminalConnection {
  url: string;
  readonly #credentials: CredentialKeeper;
  readonly #createSocket: SocketFactory;
  readonly #timers: Timers;
  readonly #random: () => number;
  #connectTimeout = DEFAULT_SETTINGS.connectTimeout;
  #retry: RetryPolicy = DEFAULT_SETTINGS.retry;
  readonly #beforeConnect: () => void;
  readonly #clientName: string;
  readonly #heartbeat: Heartbeat;
  readonly #host: ChannelHost;
  #state: ConnectionState = 'idle';
  #error: ProtocolError | undefined;
  #socket: SocketLike | undefined;
  /** Failed attempts in a row; reset by a `welcome` or connect(). */
  #failures = 0;
  #welcomed = false;
  #retryTimer: unknown;
  #connectTimer: unknown;
  readonly #sessions = new SessionRegistry();
  readonly #stateListeners = new Listeners<[ConnectionState, ProtocolError | undefined]>();
  readonly #errorListeners = new Listeners<[ProtocolError]>();
  readonly #outage = new OutageTracker();

  constructor(options: TerminalConnectionOptions) {
    this.#timers = options.timers ?? realTimers;
    if (typeof options.url !== 'string' || options.url === '') throw new TypeError('url must be a ws:// or wss:// URL, got ' + String(options.url));
    this.#heartbeat = new Heartbeat(this.#timers, (id) => this.#send({ type: 'ping', id }), () => this.#drop(), DEFAULT_SETTINGS.heartbeatTimeout);
    this.configure(options);
    this.url = options.url;
    this.#credentials = new CredentialKeeper(options.resumeStore);
    this.token = options.token;
    this.ticket = options.ticket;
    this.fetchTicket = options.fetchTicket;
    this.#clientName = options.clientName ?? 'termplex-elements';
    this.#createSocket = options.createSocket ?? globalSocketFactory;
    this.#random = options.random ?? Math.random;
    this.#beforeConnect = options.beforeConnect ?? (() => {});
    this.#host = {
      timers: this.#timers,
      sendControl: (message) => this.#send(message),
      sendBytes: (frame) => this.#socket?.send(frame),
      release: (session) => this.#sessions.release(session),
    };
  }

  /**
   * Timeouts and retry policy; each given value is checked (TypeError naming
   * the option and its bound) and takes effect from the next attempt.
   */
  configure(options: ConnectionSettings): void {
    const settings = resolveSettings(options, { connectTimeout: this.#connectTimeout, heartbeatTimeout: this.#heartbeat.timeout, retry: this.#retry });
    this.#connectTimeout = settings.connectTimeout;
    this.#heartbeat.timeout = settings.heartbeatTimeout;
    this.#retry = settings.retry;
  }

  /** The server token (a trusted page). Read by the next attempt. */
  get token(): string | undefined {
    return this.#credentials.token;
  }
  set token(value: string | undefined) {
    this.#credentials.token = value;
  }
  /** A single-use ticket (a public page); a new value is used by the next attempt. */
  get ticket(): string | undefined {
    return this.#credentials.ticket;
  }
  set ticket(value: string | undefined) {
    this.#credentials.ticket = value;
  }
  /** Where fresh tickets come from when the sessions need new ones. */
  get fetchTicket(): (() => Promise<string>) | undefined {
    return this.#credentials.fetchTicket;
  }
  set fetchTicket(value: (() => Promise<string>) | undefined) {
    this.#credentials.fetchTicket = value;
  }

  get state(): ConnectionState {
    return this.#state;
  }
  /** Why the connection is `failed` or `reconnecting`, if known. */
  get error(): ProtocolError | undefined {
    return this.#error;
  }
  /** While the connection is lost after having been open (reconnecting, or out of attempts): how it is going. */
  get outage(): Outage | undefined {
    return this.#outage.current;
  }
  /** Sessions registered and not ended. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  onStateChange(listener: (state: ConnectionState, error: ProtocolError | undefined) => void): () => void {
    return this.#stateListeners.add(listener);
  }
  /** The outage began, moved on to another attempt, gave up, or ended (undefined). */
  onOutageChange(listener: (outage: Outage | undefined) => void): () => void {
    return this.#outage.onChange(listener);
  }
  /** Errors the server sent that belong to no session. */
  onError(listener: (error: ProtocolError) => void): () => void {
    return this.#errorListeners.add(listener);
  }

  /** Registers a session, connecting if idle or closed. It is attached whenever the socket is open. */
  open(spec: SessionSpec, handler: SessionHandler): SessionChannel {
    const session = new SessionChannel(this.#host, spec, handler);
    this.#sessions.add(session);
    if (this.#state === 'idle' || this.#state === 'closed') this.connect();
    else if (this.#state === 'open') this.#send(this.#sessions.attach(session));
    else session.onState(this.#state, this.#error);
    return session;
  }

  /** Connects now: from idle, closed or failed, and as an immediate retry while reconnecting. */
  connect(): void {
    if (this.#state === 'open' || this.#socket) return;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#failures = 0;
    // A fresh start forgets that a socket was ever welcomed; "retry now" while reconnecting
    // or during an outage does not (it keeps the outage's attempt limit, not the never-opened one).
    if (this.#state !== 'reconnecting' && !this.#outage.current) this.#welcomed = false;
    this.#startSocket();
  }

  /** Closes the socket and stays `closed` (no retries) until connect() or a new session. Sessions stay registered. */
  disconnect(): void {
    this.#abandonSocket(1000, 'disconnect');
    this.#timers.clearTimeout(this.#retryTimer);
    this.#outage.end();
    this.#setState('closed', undefined);
  }

  /** disconnect(), and forget every session and listener. */
  dispose(): void {
    this.disconnect();
    for (const session of this.#sessions.all()) session.close();
    this.#stateListeners.clear();
    this.#errorListeners.clear();
    this.#outage.clear();
  }

  #startSocket(): void {
    this.#beforeConnect();
    if (!this.#credentials.available) {
      this.#fail({ code: ErrorCode.Auth, message: 'a token or a ticket is required: set the token, ticket or ticket-url attribute of <term-connection>' });
      return;
    }
    this.#outage.trying();
    this.#setState(this.#welcomed || this.#failures > 0 ? 'reconnecting' : 'connecting', this.#error);
    let socket: SocketLike;
    try {
      socket = this.#createSocket(this.url, SUBPROTOCOL);
    } catch (error) {
      this.#fail({ code: ErrorCode.ConnectionFailed, message: `cannot open a WebSocket to ${this.url}: ${(error as Error).message}` });
      return;
    }
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => socket === this.#socket && this.#hello(socket);
    socket.onmessage = (event) => socket === this.#socket && this.#receive(event.data);
    socket.onclose = (event) => socket === this.#socket && this.#closed(event.code, event.reason);
    // The close event follows an error and carries what little the browser reveals.
    socket.onerror = () => {};
    this.#connectTimer = this.#timers.setTimeout(() => this.#drop(), this.#connectTimeout);
  }

  #hello(socket: SocketLike): void {
    const needsNew = this.#sessions.all().some((session) => session.sessionId === undefined);
    const send = (credentials: Credentials | ProtocolError) => {
      if (socket !== this.#socket) return;
      if ('code' in credentials) return this.#fail(credentials);
      socket.send(encodeMessage({ type: 'hello', ...credentials, client: this.#clientName }));
    };
    const next = this.#credentials.next(needsNew);
    if (next instanceof Promise) void next.then(send);
    else send(next);
  }

  #receive(data: unknown): void {
    if (typeof data === 'string') {
      const decoded = decodeServerMessage(data);
      if (decoded.ok) this.#handle(decoded.value);
      else this.#errorListeners.emit(decoded.error);
      return;
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
    if (!bytes) return;
    const snapshot = bytes[0] === FrameKind.Snapshot;
    const frame = decodeFrame(bytes, snapshot ? FrameKind.Snapshot : FrameKind.Output);
    if (!frame.ok) this.#errorListeners.emit(frame.error);
    else if (snapshot) this.#sessions.snapshot(frame.value.channel, frame.value.data);
    else this.#sessions.output(frame.value.channel, frame.value.data);
  }

  #handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.#timers.clearTimeout(this.#connectTimer);
        this.#failures = 0;
        this.#welcomed = true;
        this.#credentials.welcomed(message.resume);
        this.#outage.end();
        this.#setState('open', undefined);
        this.#heartbeat.start(message.heartbeat);
        for (const session of this.#sessions.all()) if (session.status === 'waiting') this.#send(this.#sessions.attach(session));
        return;
      case 'pong':
        return this.#heartbeat.pong(message.id);
      case 'error': {
        const { type: _type, ...error } = message;
        if (this.#fetchTicketFor(error)) return;
        if (!this.#sessions.routeError(error)) this.#errorListeners.emit(error);
        return;
      }
      default:
        return this.#sessions.route(message);
    }
  }

  /**
   * A new session this connection's grant does not cover (it came back with
   * its resume credential alone): reconnect, which fetches a ticket for it;
   * the session waits meanwhile, and the others resume from their offsets.
   */
  #fetchTicketFor(error: ProtocolError): boolean {
    if (error.code !== ErrorCode.NotGranted || error.ref === undefined) return false;
    const session = this.#sessions.pending(error.ref);
    if (!session || session.sessionId !== undefined || !this.#credentials.ticketWouldHelp) return false;
    this.#abandonSocket(1000, 'reconnecting with a ticket');
    this.#startSocket();
    return true;
  }

  #send(message: ClientMessage): void {
    if (this.#state === 'open') this.#socket?.send(encodeMessage(message));
  }

  /** The socket is dead or hopeless (timeout, missed pong): stop using it and go on as if it closed. */
  #drop(): void {
    this.#abandonSocket(4000, 'unresponsive');
    this.#retryOrFail(1006);
  }

  #closed(code: number, reason: string): void {
    this.#abandonSocket();
    const refusal = refusalFor(code, reason);
    if (refusal && !this.#credentials.refused(refusal.code)) this.#fail(refusal);
    else this.#retryOrFail(code);
  }

  #abandonSocket(code?: number, reason?: string): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#timers.clearTimeout(this.#connectTimer);
    this.#heartbeat.stop();
    this.#sessions.detachAll();
    if (socket && code !== undefined) socket.close(code, reason);
  }

  #retryOrFail(closeCode: number): void {
    this.#failures++;
    const limit = attemptLimit(this.#retry, this.#welcomed ? Infinity : NEVER_OPENED_RETRIES);
    if (this.#failures > limit) {
      const message = this.#welcomed
        ? `lost the connection to ${this.url}; ${limit} reconnect attempts failed (last close code ${closeCode})`
        : `could not connect to ${this.url} after ${this.#failures} attempts (server unreachable, or it refused this page's Origin; last close code ${closeCode})`;
      this.#fail({ code: ErrorCode.ConnectionFailed, message }, true);
      return;
    }
    const delay = backoffDelay(this.#failures - 1, this.#retry, this.#random);
    this.#retryTimer = this.#timers.setTimeout(() => this.#startSocket(), delay);
    if (this.#welcomed) this.#outage.waiting(delay);
    this.#setState('reconnecting', { code: ErrorCode.ConnectionFailed, message: `connection to ${this.url} lost (close code ${closeCode}); retrying` });
  }

  /**
   * A hint that retrying now would work (back online, tab visible again): while
   * waiting to reconnect, skip the rest of the backoff delay. No-op otherwise.
   */
  wake(): void {
    if (this.#state !== 'reconnecting' || this.#socket) return;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#startSocket();
  }

  /** `outOfAttempts`: an outage gave up (it stays an outage); anything else is an answer that ends it. */
  #fail(error: ProtocolError, outOfAttempts = false): void {
    this.#abandonSocket();
    if (outOfAttempts) this.#outage.gaveUp();
    else this.#outage.end();
    this.#setState('failed', error);
  }

  #setState(state: ConnectionState, error: ProtocolError | undefined): void {
    if (state === this.#state && error === this.#error) return;
    this.#state = state;
    this.#error = error;
    this.#stateListeners.emit(state, error);
    for (const session of this.#sessions.all()) session.onState(state, error);
  }
}
