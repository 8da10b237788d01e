/**
 * The server side of one <term-session>: which session it is attached to,
 * what happens on open, exit, loss and error, persistence across reloads,
 * and starting over. The element owns the terminal; this owns the session.
 */
import { ErrorCode, type OpenedMessage, type ProtocolError } from '@termplex/protocol';
import type { Terminal } from '@xterm/xterm';
import type { ConnectionState } from '../connection/connection-state.js';
import type { SessionChannel } from '../connection/session-channel.js';
import type { SessionHandler } from '../connection/session-handler.js';
import type { TerminalConnection } from '../connection/terminal-connection.js';
import { emit } from '../events.js';
import { closedNotice, errorNotice, exitNotice, goneNotice, lossNotice, unsentNotice } from './notices.js';
import type { OutputStream } from './output-stream.js';
import { persistKey, persistStore } from './persist-store.js';
import type { OverlayView } from './state-overlay.js';

/** The element's attributes this reads and writes. */
export interface LifecycleHost extends HTMLElement {
  sessionId: string | undefined;
  profile: string | undefined;
  readonly: boolean;
  persist: boolean;
  requestUpdate(): void;
}

export class SessionLifecycle {
  /** The connection's state as last reported, for the overlay. */
  state: { state: ConnectionState; error: ProtocolError | undefined } = { state: 'idle', error: undefined };
  #client: TerminalConnection | undefined;
  #terminal: Terminal | undefined;
  #stream: OutputStream | undefined;
  #session: SessionChannel | undefined;
  /** The process exited, the open failed, or the session was gone after an outage: Enter starts a new session. */
  #ended = false;
  /** Bytes of input waiting to be sent (held by the output stream). */
  #pending = 0;
  /** The id of the session this terminal has had open (announced with term-session-open). */
  #announced: string | undefined;
  /** The profile of that session, so a new one after it ended is of the same kind. */
  #profile: string | undefined;
  /** The id came from sessionStorage, not the page: if it is gone, start fresh quietly. */
  #fromStore = false;
  /** Notices from before the terminal existed (a bad attribute, no connection). */
  #early: string[] = [];

  constructor(private readonly host: LifecycleHost) {}

  get client(): TerminalConnection | undefined {
    return this.#client;
  }
  get attached(): boolean {
    return this.#session?.status === 'attached';
  }

  /** What the overlay shows for this terminal. */
  get overlay(): OverlayView {
    return { ...this.state, outage: this.#client?.outage !== undefined, ended: this.#ended, pending: this.#pending };
  }

  /** From the output stream: how many bytes of input it holds now. */
  held(bytes: number): void {
    this.#pending = bytes;
    this.host.requestUpdate();
  }

  useConnection(client: TerminalConnection): void {
    this.#client = client;
    this.#open();
  }

  useTerminal(terminal: Terminal, stream: OutputStream): void {
    this.#terminal = terminal;
    this.#stream = stream;
    for (const line of this.#early.splice(0)) stream.notice(line);
    this.#open();
  }

  /** Keystrokes from the terminal: to the session, or Enter to start over once it ended. */
  typed(data: string): void {
    if (!this.#ended) this.#stream?.input(data);
    else if (data.includes('\r')) this.restart();
  }

  resize(cols: number, rows: number): void {
    this.#session?.resize(cols, rows);
  }

  /** From the output stream: the terminal parsed output up to `end` (flow control). */
  parsed(end: number): void {
    this.#session?.parsed(end);
  }

  /** From the output stream: input to send now. */
  input(data: string): void {
    this.#session?.input(data);
  }

  /** Leaves the current session (ending it unless `persist`) and starts a new one. */
  restart(): void {
    this.#leave();
    this.host.sessionId = undefined;
    if (this.host.persist) persistStore.remove(persistKey(this.host));
    this.#open();
  }

  /** The page set another session-id: show that session instead. */
  switchTo(sessionId: string): void {
    if (!this.#session || sessionId === this.#session.sessionId) return;
    this.#leave();
    this.#terminal?.reset();
    this.#open();
  }

  /** Ends the session on the server, even with `persist`. */
  close(): void {
    if (!this.#session) return;
    this.#session.close();
    this.#session = undefined;
    if (this.host.persist) persistStore.remove(persistKey(this.host));
    this.#end(closedNotice());
  }

  /** The element left the page: detach (persist) or end the session, forget the terminal and connection. */
  dispose(): void {
    this.#session?.close({ detach: this.host.persist });
    this.#session = undefined;
    // Without persist the session just ended; a later re-insert must not try to attach to it.
    if (!this.host.persist) this.host.sessionId = undefined;
    this.#terminal = this.#stream = this.#client = undefined;
    this.#ended = false;
    this.#pending = 0;
    this.#announced = this.#profile = undefined;
  }

  reportError(error: ProtocolError, restartable = false): void {
    this.notice(errorNotice(error.code, error.message, restartable));
    emit(this.host, 'term-session-error', { code: error.code, message: error.message });
  }

  notice(line: string): void {
    if (this.#stream) this.#stream.notice(line);
    else this.#early.push(line);
  }

  #leave(): void {
    this.#session?.close({ detach: this.host.persist });
    this.#session = undefined;
    this.#ended = false;
    this.#announced = undefined;
    this.#stream?.reset();
    this.host.requestUpdate();
  }

  #open(): void {
    if (!this.#terminal || !this.#client || this.#session) return;
    const { host } = this;
    const stored = host.persist && !host.sessionId ? persistStore.get(persistKey(host)) : undefined;
    this.#fromStore = stored !== undefined;
    const sessionId = host.sessionId || stored;
    const profile = host.profile || this.#profile;
    this.#session = this.#client.open(
      {
        cols: this.#terminal.cols,
        rows: this.#terminal.rows,
        readonly: host.readonly,
        ...(sessionId ? { sessionId, offset: 0 } : {}),
        ...(profile && !sessionId ? { profile } : {}),
      },
      this.#handler(),
    );
  }

  #handler(): SessionHandler {
    return {
      opened: (info) => this.#opened(info),
      output: (data, end) => this.#stream?.output(data, end),
      restored: (data, snapshot) => {
        if (this.host.readonly) this.#terminal?.resize(snapshot.cols, snapshot.rows);
        this.#stream?.restore(data, snapshot.offset);
      },
      lost: (bytes, offset) => {
        this.notice(lossNotice(bytes));
        this.#stream?.skipTo(offset);
      },
      size: (cols, rows) => this.host.readonly && this.#terminal?.resize(cols, rows),
      exit: (code, signal) => {
        if (this.host.persist) persistStore.remove(persistKey(this.host));
        this.#end(exitNotice(code, signal));
        emit(this.host, 'term-session-exit', { code, signal });
      },
      error: (error) => this.#error(error),
      closed: () => this.#end(closedNotice()),
      detached: () => this.#stream?.detached(),
      state: (state, error) => {
        this.state = { state, error };
        this.host.requestUpdate();
      },
    };
  }

  #opened(info: OpenedMessage): void {
    const { host } = this;
    this.#fromStore = false;
    host.sessionId = info.sessionId;
    this.#profile = info.profile;
    if (host.persist) persistStore.set(persistKey(host), info.sessionId);
    if (host.readonly) this.#terminal?.resize(info.cols, info.rows);
    this.#stream?.opened(info.offset, info.head);
    if (info.lost > 0) this.notice(lossNotice(info.lost));
    if (this.#announced !== info.sessionId) {
      this.#announced = info.sessionId;
      emit(host, 'term-session-open', { sessionId: info.sessionId });
    }
  }

  #error(error: ProtocolError): void {
    const openFailed = this.#session?.status === 'ended';
    const unknown = openFailed && error.code === ErrorCode.UnknownSession;
    // Not granted: a ticket page whose resume credential was lost cannot reach it either.
    if ((unknown || (openFailed && error.code === ErrorCode.NotGranted)) && this.#fromStore) {
      // The remembered session expired while the page was away: start a new one quietly.
      persistStore.remove(persistKey(this.host));
      this.#session = undefined;
      this.#open();
      return;
    }
    if (unknown && this.#announced !== undefined && this.#announced === this.#session?.sessionId) {
      // The re-attach after an outage found the server without this terminal's session
      // (restarted, or the grace period ran out): say so in words; the code still goes to the event.
      if (this.host.persist) persistStore.remove(persistKey(this.host));
      this.#end(goneNotice());
      emit(this.host, 'term-session-error', { code: error.code, message: error.message });
      return;
    }
    this.reportError(error, openFailed);
    if (openFailed) this.#end();
  }

  /** The session is over for good: Enter starts a new one; input held for it is dropped, and said so. */
  #end(notice?: string): void {
    this.#ended = true;
    const unsent = this.#stream?.dropHeld() ?? 0;
    if (notice) this.notice(notice);
    if (unsent > 0) this.notice(unsentNotice(unsent));
    this.host.requestUpdate();
  }
}
