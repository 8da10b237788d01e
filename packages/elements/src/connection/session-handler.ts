/**
 * What a session (usually a <term-session>) asks of a TerminalConnection, and
 * what the connection tells it back. Every callback is optional.
 */
import type { OpenedMessage, ProtocolError, SnapshotMessage } from '@termplex/protocol';
import type { ConnectionState } from './connection-state.js';

export interface SessionSpec {
  /** Attach to this existing session; without it the server starts a new one. */
  sessionId?: string;
  /** Server-side profile name for a new session; the server's default when absent. */
  profile?: string;
  cols: number;
  rows: number;
  /** Attach as a viewer: no input, and this client's size never constrains the PTY. */
  readonly?: boolean;
  /**
   * Absolute output offset already held. A fresh attach (a reloaded page) leaves
   * it at 0 and gets the whole ring, which redraws the screen.
   */
  offset?: number;
}

export interface SessionHandler {
  /** Attached (first time or again after a reconnect). Bytes in [info.offset, info.head) are replay. */
  opened?(info: OpenedMessage): void;
  /** Output bytes; `end` is the absolute offset just past them. Call `parsed(end)` once the terminal has parsed them. */
  output?(data: Uint8Array, end: number): void;
  /**
   * The output this terminal missed is gone from the server's history, but
   * the server kept the screen: `data` draws it (on a reset terminal) as it
   * stood at `snapshot.offset`, where output continues. Not output: never acked.
   */
  restored?(data: Uint8Array, snapshot: SnapshotMessage): void;
  /** `bytes` of output are gone for good (the ring no longer held them); output continues at `offset`. */
  lost?(bytes: number, offset: number): void;
  /** The PTY's size changed. */
  size?(cols: number, rows: number): void;
  /** The process ended; the session will not be re-attached. */
  exit?(code: number | null, signal: string | null): void;
  /** Something went wrong for this session only. */
  error?(error: ProtocolError): void;
  /** The socket dropped: no channel (input() refuses) until `opened` again. */
  detached?(): void;
  /** The server ended the channel. */
  closed?(): void;
  /** The connection's state changed (with the reason when it failed). */
  state?(state: ConnectionState, error: ProtocolError | undefined): void;
}
