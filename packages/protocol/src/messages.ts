/**
 * Control messages: JSON text frames, a discriminated union on `type`.
 * Terminal data (input and output bytes) never travels here; see frames.ts.
 */
import type { ErrorCode } from './errors.js';

// ---- client -> server -------------------------------------------------------

/**
 * First frame on every socket. Nothing else is accepted until it succeeds.
 * It carries the server's token (a trusted page), or a ticket and/or a
 * resume credential (a public page): never both kinds.
 */
export interface HelloMessage {
  type: 'hello';
  token?: string;
  /** A single-use ticket from POST /api/tickets: grants what it names. */
  ticket?: string;
  /** The `resume` of an earlier `welcome`: the sessions that connection opened, and nothing new. */
  resume?: string;
  /** Free-form client name for the server's logs. */
  client?: string;
}

/**
 * Start a new session (no `sessionId`) or attach to an existing one.
 * `ref` is chosen by the client and echoed in `opened` or `error`, so the
 * answer can be matched before a channel exists.
 */
export interface OpenMessage {
  type: 'open';
  ref: number;
  sessionId?: string;
  profile?: string;
  cols: number;
  rows: number;
  /** Absolute output offset the client already holds; the server replays from here. */
  offset?: number;
  /** Attach as a viewer: no input, and the client's size never constrains the PTY. */
  readonly?: boolean;
}

export interface ResizeMessage {
  type: 'resize';
  channel: number;
  cols: number;
  rows: number;
}

/** Flow control: every output byte before `offset` has been parsed by the terminal. */
export interface AckMessage {
  type: 'ack';
  channel: number;
  offset: number;
}

/** Leave a channel. `detach: true` keeps the session running (for reloads); otherwise it ends. */
export interface CloseMessage {
  type: 'close';
  channel: number;
  detach?: boolean;
}

/** Application-level heartbeat: browsers cannot see WebSocket pings. */
export interface PingMessage {
  type: 'ping';
  id: number;
}

export type ClientMessage = HelloMessage | OpenMessage | ResizeMessage | AckMessage | CloseMessage | PingMessage;

// ---- server -> client -------------------------------------------------------

export interface WelcomeMessage {
  type: 'welcome';
  protocol: string;
  /** Server software version, informational. */
  server: string;
  /** milliseconds: how often the client should ping. */
  heartbeat: number;
  /**
   * Ticket and resume sockets only: the credential a later socket (a
   * reconnect, a reload) sends as `hello.resume` to reach again exactly the
   * sessions this one opens, after the ticket itself is used up or expired.
   */
  resume?: string;
  /** ISO 8601: when `resume` stops working. */
  resumeExpiresAt?: string;
}

export interface OpenedMessage {
  type: 'opened';
  ref: number;
  channel: number;
  sessionId: string;
  profile: string;
  /** Absolute offset of the first output byte that follows on this channel. */
  offset: number;
  /** Offset of the session's output at attach time: bytes in [offset, head) are replay. */
  head: number;
  /** Bytes the client asked for that the ring no longer holds (0 when none). */
  lost: number;
  cols: number;
  rows: number;
  readonly: boolean;
}

/** Output was dropped mid-stream (a slow client fell behind the ring). */
export interface LostMessage {
  type: 'lost';
  channel: number;
  sessionId: string;
  bytes: number;
  /** Absolute offset where output continues. */
  offset: number;
}

/**
 * The ring moved past what the client had (a long absence, a slow client):
 * instead of a gap, the screen as it stood at output offset `offset` comes
 * next as one Snapshot frame of `bytes` bytes. The client resets its
 * terminal, draws the snapshot (it was taken at `cols` x `rows`), and output
 * continues at `offset`; snapshot bytes are not output and are never acked.
 */
export interface SnapshotMessage {
  type: 'snapshot';
  channel: number;
  sessionId: string;
  offset: number;
  cols: number;
  rows: number;
  bytes: number;
}

/** The PTY's size changed (policy: the smallest writable client). */
export interface SizeMessage {
  type: 'size';
  channel: number;
  cols: number;
  rows: number;
}

export interface ExitMessage {
  type: 'exit';
  channel: number;
  sessionId: string;
  /** Exit status, or null when a signal ended the process. */
  code: number | null;
  /** Signal name such as "SIGTERM", or null. */
  signal: string | null;
}

export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  channel?: number;
  ref?: number;
  sessionId?: string;
}

export interface ClosedMessage {
  type: 'closed';
  channel: number;
  sessionId: string;
}

export interface PongMessage {
  type: 'pong';
  id: number;
}

export type ServerMessage =
  | WelcomeMessage
  | OpenedMessage
  | LostMessage
  | SnapshotMessage
  | SizeMessage
  | ExitMessage
  | ErrorMessage
  | ClosedMessage
  | PongMessage;

export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}
