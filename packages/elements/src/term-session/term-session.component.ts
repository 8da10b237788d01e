/// <reference path="../css-inline.d.ts" />
import { ContextConsumer } from '@lit/context';
import { ErrorCode } from '@termplex/protocol';
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { LitElement, html, unsafeCSS, type PropertyValues } from 'lit';
import { connectionContext } from '../context.js';
import { DisposableStore } from '../disposables.js';
import { emit } from '../events.js';
import { retryButtonStyles } from '../retry-button.styles.js';
import { createTerminal, fitIfLaidOut } from './create-terminal.js';
import { altScreenWheel } from './alt-wheel.js';
import { clipboardSupport } from './clipboard.js';
import { FindBar } from './find-bar.js';
import { findBarStyles } from './find-bar.styles.js';
import type { FindOptions } from './find-query.js';
import { findConnection } from './find-connection.js';
import { bellError, isTyping, ReadonlyCue, readonlyOptions, renderTitlebar, ringBell } from './session-cues.js';
import type { KeyBindings } from './key-bindings.js';
import { OutputStream } from './output-stream.js';
import { TerminalRenderer, type Renderer } from './renderer.js';
import { SessionLifecycle } from './session-lifecycle.js';
import { renderOverlay } from './state-overlay.js';
import { OPTION_ATTRIBUTES, terminalOptions, type OptionAttribute } from './terminal-options.js';
import { paletteStyles } from './palette.styles.js';
import { termSessionStyles } from './term-session.styles.js';
import { readFontFamily, themeNameError } from './theme.js';
import { ThemeWatch } from './theme-watch.js';

/** milliseconds: a drag-resize settles before the terminal refits and tells the server. */
const RESIZE_DEBOUNCE = 80;

/**
 * A real terminal (xterm.js) attached to a server session over the page's
 * shared `<term-connection>`. Without `session-id` it starts a new session.
 * Type into it, or send input with `write()`; input typed while the connection
 * is down is held (up to 64 KiB) and sent when the session is back. After the
 * process exits, or when the session ended while the server was away, press
 * Enter in the terminal (or call `restart()`) to start a new session of the
 * same profile.
 *
 * Ctrl+Shift+F (Cmd+F on macOS) opens a find bar that searches the whole
 * scrollback (plain Ctrl+F stays the shell's): typing finds the newest match,
 * Enter and Shift+Enter step to the next and previous one, toggles match case
 * and regular expressions, and Escape closes it and returns to the terminal.
 * Scripts use `find()`, `openFind()` and `closeFind()`.
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
 * @attr {'dark'|'light'|'auto'} theme - Colour preset (default `dark`); `auto` follows `prefers-color-scheme`. Each is a full palette: `--term-*` custom properties override single colours on top, and a change to them (inline, a class on an ancestor, a stylesheet) repaints the terminal. Reflected. An unknown value is reported as `TERMPLEX_ERR_BAD_ATTRIBUTE` and dark is used.
 * @attr {number} minimum-contrast-ratio - 1..21 (default 3): xterm darkens or lightens text that has less contrast than this against its background (dim text: half), so a palette on a background it was not made for stays readable; 1 turns that off. With the DOM renderer, reverse video in the default colours is drawn at exactly this ratio (an xterm 6.0 bug).
 * @attr {boolean} shell-keys - Ctrl+C and Ctrl+V always go to the shell. Without it, Ctrl+C copies when text is selected (and interrupts otherwise) and Ctrl+V pastes; Ctrl+Shift+C/V, Ctrl+Insert/Shift+Insert (Cmd+C/V on macOS) copy and paste either way.
 * @attr {boolean} copy-on-select - Selecting text copies it.
 * @attr {boolean} clipboard-write - Programs may set the clipboard (OSC 52 writes; reads are never allowed). Off by default: a remote program could plant a command for the next paste.
 * @attr {boolean} titlebar - Show a title bar with the title the program set (`terminal-title`), else the label.
 * @attr {'visual'|'none'} bell - What the bell does besides `term-bell`: flash the frame (default) or nothing.
 * @attr {string} terminal-title - Reflected, read-only: the title the program last set (OSC 0/2).
 * @attr {'dom'|'webgl'} renderer - `dom` (default) or `webgl`: draw with xterm's WebGL addon, falling back to the DOM renderer by itself when WebGL is unavailable, when its context is lost, or while 12 terminals on the page already use WebGL (browsers keep about 16 contexts live and blank the oldest past that; a waiting terminal upgrades when one of the 12 goes). Changing it switches at once; after a lost context, set it to `dom` and back to try WebGL again.
 * @attr {'dom'|'webgl'} active-renderer - Read-only, set by the element: the renderer drawing now (absent until the terminal exists).
 *
 * @event {CustomEvent<{sessionId: string}>} term-session-open - Attached to a session (new or existing).
 * @event {CustomEvent<{code: number|null, signal: string|null}>} term-session-exit - The process ended.
 * @event {CustomEvent<{code: string, message: string}>} term-session-error - An error for this session only (unknown session or profile, bad attribute, ...).
 * @event {CustomEvent<{title: string}>} term-title-change - The program set the window title.
 * @event {CustomEvent<{}>} term-bell - The program rang the bell.
 *
 * @csspart terminal - The box around the xterm screen.
 * @csspart titlebar - The title bar (with `titlebar`).
 * @csspart title - The title in it.
 * @csspart readonly-badge - "Read-only" on a viewer; it says "typing is not sent" when someone types.
 * @csspart link-hint - "Ctrl+click to open" (Cmd on macOS) next to the pointer over a link.
 * @csspart overlay - The state badge (connecting, reconnecting, offline, session ended) or the failed-connection panel.
 * @csspart overlay-message - Why the connection failed.
 * @csspart overlay-pending - How many bytes of typed input wait to be sent.
 * @csspart retry-button - Reconnects after a failure.
 * @csspart find-bar - The find bar (top right, over the screen).
 * @csspart find-input - Its search field.
 * @csspart find-count - "3 of 12", "No results" ("1000+" past the 1000 matches highlighted).
 * @csspart find-error - Why a regular expression is not valid, under the field.
 * @csspart find-button - Every button in the bar; each also has its own part: `find-case`, `find-regex` (toggles with `aria-pressed`), `find-previous`, `find-next`, `find-close`.
 *
 * @cssproperty --term-background - Background (default: the `theme` preset's), also painted before the terminal exists. This and every colour below override the preset one by one, and are followed when they change.
 * @cssproperty --term-foreground - Default text colour.
 * @cssproperty --term-cursor - Cursor colour.
 * @cssproperty --term-selection - Selection background.
 * @cssproperty --term-font-family - Monospace font stack (read when the terminal is created).
 * @cssproperty --term-padding - Space around the screen (default 6px).
 * @cssproperty --term-focus-ring - Focus indicator colour (dashed on a viewer).
 * @cssproperty --term-bell - The visual bell's flash (default --term-yellow).
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
 * @cssproperty --term-find-background - The find bar's background (default: the terminal background, 12% towards the foreground).
 * @cssproperty --term-find-foreground - Its text and icons (default --term-foreground).
 * @cssproperty --term-find-border - Its border and the field's (default: the foreground at 30%).
 * @cssproperty --term-find-accent - Pressed toggles and the focused field (default --term-focus-ring, else --term-blue).
 * @cssproperty --term-find-error - A bad regular expression's message and the field's border (default --term-red).
 * @cssproperty --term-find-match - Background of every match (default: 30% --term-yellow over the background). Any CSS colour; translucent ones are blended over the background.
 * @cssproperty --term-find-match-border - Outline of every match (default `none`: only the current match is outlined).
 * @cssproperty --term-find-active-match - Background of the current match (default: 55% --term-yellow over the background).
 * @cssproperty --term-find-active-match-border - Outline of the current match (default --term-yellow), which is also selected.
 */
export class TermSession extends LitElement {
  static override styles = [unsafeCSS(xtermCss), paletteStyles, retryButtonStyles, termSessionStyles, findBarStyles];
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
    shellKeys: { type: Boolean, attribute: 'shell-keys' },
    copyOnSelect: { type: Boolean, attribute: 'copy-on-select' },
    clipboardWrite: { type: Boolean, attribute: 'clipboard-write' },
    titlebar: { type: Boolean, reflect: true },
    bell: {},
    terminalTitle: { attribute: 'terminal-title', reflect: true },
    renderer: {},
    theme: { reflect: true },
    minimumContrastRatio: { attribute: 'minimum-contrast-ratio' },
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
  declare shellKeys: boolean;
  declare copyOnSelect: boolean;
  declare clipboardWrite: boolean;
  declare titlebar: boolean;
  declare bell: string | undefined;
  /** Read-only: the title the program last set (reflected as `terminal-title`). */
  declare terminalTitle: string;
  declare renderer: Renderer | undefined;
  declare theme: string | undefined;
  declare minimumContrastRatio: string | number | undefined;

  readonly #lifecycle = new SessionLifecycle(this);
  readonly #readonlyCue = new ReadonlyCue(() => this.requestUpdate());
  readonly #find = new FindBar(this);
  #terminal: Terminal | undefined;
  #fit: FitAddon | undefined;
  #keys: KeyBindings | undefined;
  #stream: OutputStream | undefined;
  #renderer: TerminalRenderer | undefined;
  #themes: ThemeWatch | undefined;
  #consumer: ContextConsumer<typeof connectionContext, this> | undefined;
  #store = new DisposableStore();

  constructor() {
    super();
    this.readonly = false;
    this.persist = false;
    this.screenReader = false;
    this.label = 'Terminal';
    this.shellKeys = false;
    this.copyOnSelect = false;
    this.clipboardWrite = false;
    this.titlebar = false;
    this.terminalTitle = '';
  }

  /** The xterm.js Terminal (undefined until the element is first rendered). `terminal.write()` writes to the screen only. */
  get terminal(): Terminal | undefined {
    return this.#terminal;
  }

  /** True while attached to a session on the server. */
  get attached(): boolean {
    return this.#lifecycle.attached;
  }

  /** The renderer drawing now, `webgl` or `dom` (also the `active-renderer` attribute); undefined until the terminal exists. */
  get activeRenderer(): Renderer | undefined {
    return this.#renderer?.active;
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
    this.#lifecycle.close();
  }

  /** Leaves the current session (ending it unless `persist`) and starts a new one. */
  restart(): void {
    this.#lifecycle.restart();
  }

  /**
   * Searches the whole scrollback for `text` from the current match (or selection), downwards, or upwards with
   * `backwards`, wrapping at either end; selects the match found and scrolls it into view. Returns whether there was
   * one. The find bar takes on the same text and options. Throws a `SyntaxError` naming the pattern when `regex` is
   * set and `text` is not a valid regular expression.
   */
  find(text: string, options?: FindOptions): boolean {
    return this.#find.find(text, options);
  }

  /** Opens the find bar (as Ctrl+Shift+F, Cmd+F on macOS, does) and focuses its input. */
  openFind(): Promise<void> {
    return this.#find.open();
  }

  /** Closes the find bar and removes the highlights (as Escape in it does); the current match stays selected. */
  closeFind(): void {
    this.#find.close();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.#terminal) this.requestUpdate(); // re-added after a removal
    this.#themes?.schedule(); // moved: new ancestors may set other --term-*, and a move starts no transition
    void this.#resolveConnection();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (remove + insert in one task) keeps the session and the terminal.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#lifecycle.dispose();
      this.#store.dispose();
      this.#store = new DisposableStore();
      this.#terminal = this.#fit = this.#stream = this.#keys = this.#renderer = this.#themes = undefined;
    });
  }

  protected override render() {
    return html`${renderTitlebar(this.titlebar, this.terminalTitle, this.label)}<div part="terminal" role="group" aria-label=${this.label}><div class="xterm-host"></div></div>
      ${this.#readonlyCue.render(this.readonly)}
      ${this.#find.render()}
      ${renderOverlay(this.#lifecycle.overlay, () => this.#lifecycle.client?.connect())}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.#terminal && this.isConnected) this.#createTerminal();
    else if (this.#terminal && OPTION_ATTRIBUTES.some((name) => changed.has(name))) {
      Object.assign(this.#terminal.options, this.#options(OPTION_ATTRIBUTES.filter((name) => changed.has(name))));
      if (!this.readonly) fitIfLaidOut(this.#fit!, this.#terminal.element!.parentElement!);
    }
    if (changed.has('label')) this.#terminal?.textarea?.setAttribute('aria-label', this.label);
    if (changed.has('readonly') && this.#terminal) Object.assign(this.#terminal.options, readonlyOptions(this.readonly));
    if (changed.has('renderer')) this.#renderer?.use(this.renderer); // after a create, the same value: nothing
    if (changed.has('bell')) {
      const error = bellError(this.bell);
      if (error) this.#lifecycle.reportError({ code: ErrorCode.BadAttribute, message: error });
    }
    if (changed.has('theme')) {
      const error = themeNameError(this.theme);
      if (error) this.#lifecycle.reportError({ code: ErrorCode.BadAttribute, message: error });
      this.#themes?.refresh(); // after a create, the same theme: nothing repaints
    }
    if (changed.has('sessionId') && this.sessionId) this.#lifecycle.switchTo(this.sessionId);
  }

  /** BEL from the program: an event, and the visual bell unless `bell="none"`. */
  #ring(): void {
    emit(this, 'term-bell', {});
    if (this.bell !== 'none') ringBell(this.renderRoot.querySelector<HTMLElement>('[part="terminal"]'));
  }

  async #resolveConnection(): Promise<void> {
    await customElements.whenDefined('term-connection');
    if (!this.isConnected || this.#lifecycle.client) return;
    this.#consumer ??= new ContextConsumer(this, { context: connectionContext });
    const found = findConnection(this, this.#consumer.value);
    if (found.ok) this.#lifecycle.useConnection(found.connection);
    else this.#lifecycle.reportError({ code: ErrorCode.NoConnection, message: found.message });
  }

  #options(names?: OptionAttribute[]) {
    return terminalOptions(this, readFontFamily(this), (message) => this.#lifecycle.reportError({ code: ErrorCode.BadAttribute, message }), names);
  }

  #createTerminal(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.xterm-host')!;
    const themes = (this.#themes = this.#store.add(new ThemeWatch(this, container, () => this.theme, (theme) => this.#terminal && (this.#terminal.options.theme = theme))));
    const options = { ...this.#options(), theme: themes.theme, ...readonlyOptions(this.readonly) };
    const { terminal, fit, keys } = createTerminal(container, options, this.#store, () => this.#stream?.replaying ?? false);
    const lifecycle = this.#lifecycle;
    this.#terminal = terminal;
    this.#fit = fit;
    this.#keys = keys;
    this.#stream = new OutputStream(terminal, {
      parsed: (end) => lifecycle.parsed(end),
      input: (data) => lifecycle.input(data),
      held: (bytes) => lifecycle.held(bytes),
    });
    terminal.textarea?.setAttribute('aria-label', this.label);
    if (!this.readonly) fitIfLaidOut(fit, container);
    const report = (message: string) => this.#lifecycle.reportError({ code: ErrorCode.BadAttribute, message });
    this.#renderer = this.#store.add(new TerminalRenderer(terminal, { host: this, report, switched: () => !this.readonly && fitIfLaidOut(fit, container) }));
    this.#renderer.use(this.renderer);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => !this.readonly && fitIfLaidOut(fit, container), RESIZE_DEBOUNCE);
    });
    observer.observe(container);
    this.#store.add(() => (observer.disconnect(), clearTimeout(timer)));
    this.#store.add(terminal.onResize(({ cols, rows }) => lifecycle.resize(cols, rows)));
    this.#store.add(terminal.onTitleChange((title) => {
      this.terminalTitle = title;
      emit(this, 'term-title-change', { title });
    }));
    this.#store.add(terminal.onBell(() => this.#ring()));
    for (const d of clipboardSupport(terminal, keys, {
      shellKeys: () => this.shellKeys,
      copyOnSelect: () => this.copyOnSelect,
      allowOsc52Write: () => this.clipboardWrite,
    })) this.#store.add(d);
    for (const d of this.#find.attach(terminal, keys)) this.#store.add(d); // before the read-only nudge: the find key is not typing
    this.#store.add(keys.add((event) => (this.readonly && isTyping(event) && this.#readonlyCue.nudge(), false)));
    altScreenWheel(terminal, (data) => !this.readonly && lifecycle.typed(data));
    this.#store.add(terminal.onData((data) => lifecycle.typed(data)));
    this.#store.add(terminal.onBinary((data) => lifecycle.typed(data)));
    lifecycle.useTerminal(terminal, this.#stream);
  }
}
