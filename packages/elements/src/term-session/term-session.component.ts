/// <reference path="../css-inline.d.ts" />
import { ContextConsumer } from '@lit/context';
import { ErrorCode, type OpenedMessage, type ProtocolError } from '@termplex/protocol';
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { LitElement, html, unsafeCSS, type PropertyValues } from 'lit';
import type { ConnectionState } from '../connection/connection-state.js';
import type { SessionChannel } from '../connection/session-channel.js';
import type { SessionHandler } from '../connection/session-handler.js';
import type { TerminalConnection } from '../connection/terminal-connection.js';
import { connectionContext } from '../context.js';
import { DisposableStore } from '../disposables.js';
import { emit } from '../events.js';
import { createTerminal, fitIfLaidOut } from './create-terminal.js';
import { findConnection } from './find-connection.js';
import { closedNotice, errorNotice, exitNotice, lossNotice } from './notices.js';
import { OutputStream } from './output-stream.js';
import { persistKey, persistStore } from './persist-store.js';
import { renderOverlay } from './state-overlay.js';
import { OPTION_ATTRIBUTES, terminalOptions, type OptionAttribute } from './terminal-options.js';
import { termSessionStyles } from './term-session.styles.js';
import { readFontFamily, readTheme } from './theme.js';

/** milliseconds: a drag-resize settles before the terminal refits and tells the server. */
const RESIZE_DEBOUNCE = 80;

/**
 * A real terminal (xterm.js) attached to a server session over the page's
 * shared `<term-connection>`. Without `session-id` it starts a new session.
 * Type into it, or send input with `write()`. After the process exits, press
 * Enter in the terminal (or call `restart()`) to start a new session.
 *
 * @summary One terminal session.
 * @tag term-session
 *
 * @attr {string} session-id - Attach to this existing session; reflected once the server assigns one.
 * @attr {string} profile - Server profile for a new session (the server's default when absent).
 * @attr {boolean} readonly - Attach as a viewer: no input, and the terminal adopts the session's size.
 * @attr {boolean} persist - Keep the server session when the element is removed and re-attach after a page reload (sessionStorage).
 * @attr {string} connection - Id of the `<term-connection>` to use (default: nearest ancestor, else the page's only one).
 * @attr {number} font-size - Pixels, 4..128 (default 14).
 * @attr {string} font-family - Overrides `--term-font-family`.
 * @attr {number} scrollback - Lines kept above the screen, 0..100000 (default 1000).
 * @attr {boolean} screen-reader - xterm's screen-reader mode.
 * @attr {string} label - Accessible name (default "Terminal").
 *
 * @event {CustomEvent<{sessionId: string}>} term-session-open - Attached to a session (new or existing).
 * @event {CustomEvent<{code: number|null, signal: string|null}>} term-session-exit - The process ended.
 * @event {CustomEvent<{code: string, message: string}>} term-session-error - An error for this session only (unknown session or profile, bad attribute, ...).
 * @event {CustomEvent<{title: string}>} term-title-change - The program set the window title.
 *
 * @csspart terminal - The box around the xterm screen.
 * @csspart overlay - The connection-state badge or panel.
 * @csspart overlay-message - Why the connection failed.
 * @csspart retry-button - Reconnects after a failure.
 *
 * @cssproperty --term-background - Background, also painted before the terminal exists.
 * @cssproperty --term-foreground - Default text colour.
 * @cssproperty --term-cursor - Cursor colour.
 * @cssproperty --term-selection - Selection background.
 * @cssproperty --term-font-family - Monospace font stack.
 * @cssproperty --term-padding - Space around the screen (default 6px).
 * @cssproperty --term-focus-ring - Focus indicator colour.
 * @cssproperty --term-black - ANSI colour 0.
 * @cssproperty --term-red - ANSI colour 1.
 * @cssproperty --term-green - ANSI colour 2.
 * @cssproperty --term-yellow - ANSI colour 3.
 * @cssproperty --term-blue - ANSI colour 4.
 * @cssproperty --term-magenta - ANSI colour 5.
 * @cssproperty --term-cyan - ANSI colour 6.
 * @cssproperty --term-white - ANSI colour 7.
 * @cssproperty --term-bright-black - ANSI colour 8.
 * @cssproperty --term-bright-red - ANSI colour 9.
 * @cssproperty --term-bright-green - ANSI colour 10.
 * @cssproperty --term-bright-yellow - ANSI colour 11.
 * @cssproperty --term-bright-blue - ANSI colour 12.
 * @cssproperty --term-bright-magenta - ANSI colour 13.
 * @cssproperty --term-bright-cyan - ANSI colour 14.
 * @cssproperty --term-bright-white - ANSI colour 15.
 */
export class TermSession extends LitElement {
  static override styles = [unsafeCSS(xtermCss), termSessionStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties = {
    sessionId: { attribute: 'session-id', reflect: true },
    profile: {},
    readonly: { type: Boolean, reflect: true },
    persist: { type: Boolean, reflect: true },
    connection: {},
    fontSize: { attribute: 'font-size' },
    fontFamily: { attribute: 'font-family' },
    scrollback: {},
    screenReader: { type: Boolean, attribute: 'screen-reader' },
    label: {},
  };

  declare sessionId: string | undefined;
  declare profile: string | undefined;
  declare readonly: boolean;
  declare persist: boolean;
  declare connection: string | undefined;
  declare fontSize: string | number | undefined;
  declare fontFamily: string | undefined;
  declare scrollback: string | number | undefined;
  declare screenReader: boolean;
  declare label: string;

  #state: { state: ConnectionState; error: ProtocolError | undefined } = { state: 'idle', error: undefined };
  #terminal: Terminal | undefined;
  #fit: FitAddon | undefined;
  #stream: OutputStream | undefined;
  #session: SessionChannel | undefined;
  #client: TerminalConnection | undefined;
  #consumer: ContextConsumer<typeof connectionContext, this> | undefined;
  #store = new DisposableStore();
  /** The process exited or the open failed: Enter starts a new session. */
  #ended = false;
  #announced: string | undefined;
  /** The id came from sessionStorage, not the page: if it is gone, start fresh quietly. */
  #fromStore = false;
  /** Notices from before the terminal existed (a bad attribute, no connection). */
  #early: string[] = [];

  constructor() {
    super();
    this.readonly = false;
    this.persist = false;
    this.screenReader = false;
    this.label = 'Terminal';
  }

  /** The xterm.js Terminal (undefined until the element is first rendered). `terminal.write()` writes to the screen only. */
  get terminal(): Terminal | undefined {
    return this.#terminal;
  }

  /** True while attached to a session on the server. */
  get attached(): boolean {
    return this.#session?.status === 'attached';
  }

  /** Sends `data` to the session as if typed; held until the session is open and its replay drawn. */
  write(data: string): void {
    if (!this.readonly) this.#stream?.input(data);
  }

  override focus(options?: FocusOptions): void {
    if (this.#terminal) this.#terminal.focus();
    else super.focus(options);
  }

  /** Ends the session on the server (even with `persist`). The element stays; Enter starts a new one. */
  close(): void {
    if (!this.#session) return;
    this.#session.close();
    this.#session = undefined;
    if (this.persist) persistStore.remove(persistKey(this));
    this.#ended = true;
    this.#notice(closedNotice());
  }

  /** Leaves the current session (ending it unless `persist`) and starts a new one. */
  restart(): void {
    this.#session?.close({ detach: this.persist });
    this.#session = undefined;
    this.#ended = false;
    this.#announced = undefined;
    if (this.persist) persistStore.remove(persistKey(this));
    this.sessionId = undefined;
    this.#stream?.reset();
    this.#openSession();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.#terminal) this.requestUpdate(); // re-added after a removal
    void this.#resolveConnection();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (remove + insert in one task) keeps the session and the terminal.
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  protected override render() {
    return html`<div part="terminal" role="group" aria-label=${this.label}><div class="xterm-host"></div></div>
      ${renderOverlay(this.#state.state, this.#state.error, () => this.#client?.connect())}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.#terminal && this.isConnected) this.#createTerminal();
    else if (this.#terminal && OPTION_ATTRIBUTES.some((name) => changed.has(name))) {
      Object.assign(this.#terminal.options, this.#options(OPTION_ATTRIBUTES.filter((name) => changed.has(name))));
      if (!this.readonly) fitIfLaidOut(this.#fit!, this.#terminal.element!.parentElement!);
    }
    if (changed.has('label')) this.#terminal?.textarea?.setAttribute('aria-label', this.label);
    // A new session-id from the page (not the one the server just assigned): switch to it.
    if (changed.has('sessionId') && this.sessionId && this.#session && this.sessionId !== this.#session.sessionId) {
      this.#session.close({ detach: this.persist });
      this.#session = undefined;
      this.#terminal?.reset();
      this.#stream?.reset();
      this.#openSession();
    }
  }

  async #resolveConnection(): Promise<void> {
    await customElements.whenDefined('term-connection');
    if (!this.isConnected || this.#client) return;
    this.#consumer ??= new ContextConsumer(this, { context: connectionContext });
    const found = findConnection(this, this.#consumer.value);
    if (!found.ok) return this.#reportError({ code: ErrorCode.NoConnection, message: found.message });
    this.#client = found.connection;
    this.#openSession();
  }

  #options(names?: OptionAttribute[]) {
    return terminalOptions(this, readFontFamily(this), (message) => this.#reportError({ code: ErrorCode.BadAttribute, message }), names);
  }

  #createTerminal(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.xterm-host')!;
    const options = { ...this.#options(), theme: readTheme(this), disableStdin: this.readonly };
    const { terminal, fit } = createTerminal(container, options, this.#store, () => this.#stream?.replaying ?? false);
    this.#terminal = terminal;
    this.#fit = fit;
    this.#stream = new OutputStream(terminal, {
      parsed: (end) => this.#session?.parsed(end),
      input: (data) => this.#session?.input(data),
    });
    for (const line of this.#early.splice(0)) this.#stream.notice(line);
    terminal.textarea?.setAttribute('aria-label', this.label);
    if (!this.readonly) fitIfLaidOut(fit, container);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => !this.readonly && fitIfLaidOut(fit, container), RESIZE_DEBOUNCE);
    });
    observer.observe(container);
    this.#store.add(() => (observer.disconnect(), clearTimeout(timer)));
    this.#store.add(terminal.onResize(({ cols, rows }) => this.#session?.resize(cols, rows)));
    this.#store.add(terminal.onTitleChange((title) => emit(this, 'term-title-change', { title })));
    this.#store.add(terminal.onData((data) => this.#typed(data)));
    this.#store.add(terminal.onBinary((data) => this.#typed(data)));
    this.#openSession();
  }

  #typed(data: string): void {
    if (this.#ended) {
      if (data.includes('\r')) this.restart();
      return;
    }
    this.#stream?.input(data);
  }

  #openSession(): void {
    if (!this.#terminal || !this.#client || this.#session) return;
    const stored = this.persist && !this.sessionId ? persistStore.get(persistKey(this)) : undefined;
    this.#fromStore = stored !== undefined;
    const sessionId = this.sessionId || stored;
    this.#session = this.#client.open(
      {
        cols: this.#terminal.cols,
        rows: this.#terminal.rows,
        readonly: this.readonly,
        ...(sessionId ? { sessionId, offset: 0 } : {}),
        ...(this.profile && !sessionId ? { profile: this.profile } : {}),
      },
      this.#handler(),
    );
  }

  #handler(): SessionHandler {
    const stream = () => this.#stream!;
    return {
      opened: (info) => this.#opened(info),
      output: (data, end) => stream().output(data, end),
      lost: (bytes, offset) => {
        this.#notice(lossNotice(bytes));
        stream().skipTo(offset);
      },
      size: (cols, rows) => this.readonly && this.#terminal?.resize(cols, rows),
      exit: (code, signal) => {
        this.#ended = true;
        if (this.persist) persistStore.remove(persistKey(this));
        this.#notice(exitNotice(code, signal));
        emit(this, 'term-session-exit', { code, signal });
      },
      error: (error) => this.#sessionError(error),
      closed: () => {
        this.#ended = true;
        this.#notice(closedNotice());
      },
      state: (state, error) => {
        this.#state = { state, error };
        this.requestUpdate();
      },
    };
  }

  #opened(info: OpenedMessage): void {
    this.#fromStore = false;
    this.sessionId = info.sessionId;
    if (this.persist) persistStore.set(persistKey(this), info.sessionId);
    if (this.readonly) this.#terminal?.resize(info.cols, info.rows);
    this.#stream!.opened(info.offset, info.head);
    if (info.lost > 0) this.#notice(lossNotice(info.lost));
    if (this.#announced !== info.sessionId) {
      this.#announced = info.sessionId;
      emit(this, 'term-session-open', { sessionId: info.sessionId });
    }
  }

  #sessionError(error: ProtocolError): void {
    const openFailed = this.#session?.status === 'ended';
    if (openFailed && this.#fromStore && error.code === ErrorCode.UnknownSession) {
      // The remembered session expired while the page was away: start a new one quietly.
      persistStore.remove(persistKey(this));
      this.#session = undefined;
      this.#openSession();
      return;
    }
    if (openFailed) this.#ended = true;
    this.#reportError(error, openFailed);
  }

  #reportError(error: ProtocolError, restartable = false): void {
    this.#notice(errorNotice(error.code, error.message, restartable));
    emit(this, 'term-session-error', { code: error.code, message: error.message });
  }

  #notice(line: string): void {
    if (this.#stream) this.#stream.notice(line);
    else this.#early.push(line);
  }

  #teardown(): void {
    this.#session?.close({ detach: this.persist });
    this.#session = undefined;
    // Without persist the session just ended; a later re-insert must not try to attach to it.
    if (!this.persist) this.sessionId = undefined;
    this.#store.dispose();
    this.#store = new DisposableStore();
    this.#terminal = this.#fit = this.#stream = undefined;
    this.#client = undefined;
    this.#ended = false;
    this.#announced = undefined;
  }
}
