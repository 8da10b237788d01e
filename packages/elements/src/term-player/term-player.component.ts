/**
 * <term-player>: plays an asciicast recording (v2 or v3) in the same
 * xterm.js terminal, colours and custom properties as <term-session>.
 * Playback is a clock (position at a start time plus elapsed time by
 * `speed`) read once per animation frame; the screen is brought to the
 * position by Playback, which makes a seek one parse of the output up to
 * that point.
 */
import { ErrorCode } from '@termplex/protocol';
import type { Terminal } from '@xterm/xterm';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { LitElement, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { DisposableStore } from '../disposables.js';
import { emit } from '../events.js';
import { createTerminal } from '../term-session/create-terminal.js';
import { readFontFamily, themeNameError } from '../term-session/theme.js';
import { ThemeWatch } from '../term-session/theme-watch.js';
import { CastError, parseCast } from './cast-file.js';
import { Playback } from './playback.js';
import { formatPlayTime, parsePlayTime } from './play-time.js';
import { paletteStyles } from '../term-session/palette.styles.js';
import { termPlayerStyles } from './term-player.styles.js';

/**
 * Plays a terminal recording (asciicast v2 or v3, as `termplex-server --record` and asciinema write)
 * in the same terminal, colours and `--term-*` custom properties as <term-session>. `play()`,
 * `pause()` and `seek(seconds)` drive it from script; `currentTime`, `duration` and `paused` say
 * where it stands. Needs no server: a docs page can show a session from a static file.
 *
 * @summary A terminal recording, played.
 * @tag term-player
 *
 * @attr {string} src - URL of the `.cast` file. A new value loads it.
 * @attr {boolean} autoplay - Start playing once loaded.
 * @attr {boolean} loop - Start again at the end.
 * @attr {number} speed - Playback rate, 0.1..100 (default 1).
 * @attr {number} idle-time-limit - Seconds: longer pauses in the recording are shortened to this (default: the file's `idle_time_limit`, else none).
 * @attr {string} start-at - Where playback starts: seconds, `m:ss` or `h:mm:ss` (default 0).
 * @attr {string} poster - What shows before playing: the screen at a time (as `start-at`, or asciinema's `npt:m:ss`) or `end` (the last screen). Default: the screen at `start-at`.
 * @attr {boolean} no-controls - Hide the control bar (play/pause, position, time).
 * @attr {'dark'|'light'|'auto'} theme - Colour preset, as on <term-session>; `--term-*` custom properties override single colours.
 * @attr {string} label - Accessible name (default "Terminal recording").
 * @attr {boolean} live - With `session-id`, inside a `<term-connection>`: follow that running session as it happens, read-only (a viewer), instead of playing a file. Needs `<term-session>` defined (the bundle and `@termplex/elements` define it).
 * @attr {string} session-id - The session `live` follows.
 *
 * @fires term-player-play - Playback started; `detail.position` in seconds.
 * @fires term-player-pause - Playback paused (by `pause()`, the button, or a seek while playing does not pause).
 * @fires term-player-end - The end was reached (before `loop` starts again).
 * @fires term-player-error - The file could not be loaded or is not a recording (`TERMPLEX_ERR_BAD_RECORDING`), or an attribute is bad (`TERMPLEX_ERR_BAD_ATTRIBUTE`).
 *
 * @csspart terminal - The box around the xterm screen.
 * @csspart controls - The control bar.
 * @csspart play-button - Its play/pause button.
 * @csspart progress - Its position slider.
 * @csspart time - Its "position / duration" text.
 * @csspart error - The message shown instead of the terminal when the file cannot be played.
 * @csspart live - With `live`: the read-only <term-session> following the session.
 */
export class TermPlayer extends LitElement {
  static override styles = [unsafeCSS(xtermCss), paletteStyles, termPlayerStyles];

  static override properties = {
    src: { type: String },
    autoplay: { type: Boolean },
    loop: { type: Boolean },
    speed: { type: Number },
    idleTimeLimit: { type: Number, attribute: 'idle-time-limit' },
    startAt: { type: String, attribute: 'start-at' },
    poster: { type: String },
    noControls: { type: Boolean, attribute: 'no-controls' },
    theme: { type: String, reflect: true },
    label: { type: String },
    live: { type: Boolean },
    sessionId: { type: String, attribute: 'session-id' },
    _position: { state: true },
    _duration: { state: true },
    _playing: { state: true },
    _error: { state: true },
  };

  declare src: string | undefined;
  declare autoplay: boolean;
  declare loop: boolean;
  declare speed: number;
  declare idleTimeLimit: number | undefined;
  declare startAt: string | undefined;
  declare poster: string | undefined;
  declare noControls: boolean;
  declare theme: string;
  declare label: string;
  declare live: boolean;
  declare sessionId: string | undefined;
  declare _position: number;
  declare _duration: number;
  declare _playing: boolean;
  declare _error: string | undefined;

  #terminal: Terminal | undefined;
  #playback: Playback | undefined;
  readonly #store = new DisposableStore();
  /** Which load is current: an older fetch that finishes late is ignored. */
  #load = 0;
  #wantPlay = false;
  #clock = { position: 0, since: 0 };
  #frame = 0;
  /** The poster's screen is on show, not the one at the position: the first play draws the position first. */
  #posterShown = false;

  constructor() {
    super();
    this.autoplay = false;
    this.loop = false;
    this.speed = 1;
    this.noControls = false;
    this.theme = 'dark';
    this.label = 'Terminal recording';
    this.live = false;
    this._position = 0;
    this._duration = 0;
    this._playing = false;
  }

  /** The xterm.js Terminal the recording plays in (undefined before the first render). */
  get terminal(): Terminal | undefined {
    return this.live ? this.#liveTerminal() : this.#terminal;
  }

  /** seconds */
  get currentTime(): number {
    return this._position;
  }

  /** seconds; 0 until loaded */
  get duration(): number {
    return this._duration;
  }

  get paused(): boolean {
    return !this._playing;
  }

  /** Plays from where it stands (from the start when at the end); waits for the file when it is still loading. */
  play(): void {
    if (!this.#playback) {
      this.#wantPlay = true;
      return;
    }
    if (this._playing) return;
    if (this._position >= this._duration) void this.#moveTo(0);
    else if (this.#posterShown) void this.#moveTo(this._position);
    this._playing = true;
    this.#clock = { position: this._position, since: performance.now() };
    emit(this, 'term-player-play', { position: this._position });
    this.#tick();
  }

  pause(): void {
    this.#wantPlay = false;
    if (!this._playing) return;
    this._playing = false;
    cancelAnimationFrame(this.#frame);
    emit(this, 'term-player-pause', { position: this._position });
  }

  /** Moves to `seconds` (clamped to the recording: Infinity is the end); playing goes on from there. Resolves once the screen shows it. */
  seek(seconds: number): Promise<void> {
    if (!this.#playback || Number.isNaN(seconds)) return Promise.resolve();
    const position = Math.min(Math.max(seconds, 0), this._duration);
    this.#clock = { position, since: performance.now() };
    return this.#moveTo(position);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#wantPlay && this.#playback) this.play();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const playing = this._playing;
    this.pause();
    this.#wantPlay = playing;
  }

  protected override firstUpdated(): void {
    this.#createTerminal();
  }

  #createTerminal(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.xterm-host');
    if (!container || this.#terminal) return;
    const themes = this.#store.add(new ThemeWatch(this, container, () => this.theme, (theme) => this.#terminal && (this.#terminal.options.theme = theme)));
    const { terminal } = createTerminal(
      container,
      { theme: themes.theme, fontFamily: readFontFamily(this), disableStdin: true, cursorBlink: false, scrollback: 1000 },
      this.#store,
      // Queries in the recording (cursor position, colours) were answered when it was made: never again.
      () => true,
    );
    this.#terminal = terminal;
    terminal.textarea?.setAttribute('aria-label', this.label);
  }

  /**
   * Following a running session is what a read-only <term-session> does
   * (resume, replay, the viewer's badge): the player hands it the session.
   * It finds the <term-connection> around the player, across this shadow root.
   */
  #renderLive() {
    if (!this.sessionId) return html`<div part="error" class="error" role="alert">live needs session-id: the session to follow</div>`;
    return html`<term-session part="live" readonly session-id=${this.sessionId} theme=${this.theme} label=${this.label}></term-session>`;
  }

  /** The live viewer's terminal, when following a session. */
  #liveTerminal(): Terminal | undefined {
    return (this.renderRoot.querySelector('term-session') as (HTMLElement & { terminal?: Terminal }) | null)?.terminal ?? undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A player switched from live to a file gets its terminal now.
    if (changed.has('live')) this.#createTerminal();
    // firstUpdated made the terminal in this same update, so the first src loads here too.
    if ((changed.has('src') || changed.has('live')) && !this.live) void this.#open(this.src);
    if (changed.has('theme')) {
      const problem = themeNameError(this.theme);
      if (problem) this.#report(ErrorCode.BadAttribute, problem, false);
    }
    if (changed.has('speed') && !(this.speed >= 0.1 && this.speed <= 100)) {
      this.#report(ErrorCode.BadAttribute, `speed must be a number 0.1..100, got ${JSON.stringify(this.getAttribute('speed'))}`, false);
    }
    if (changed.has('speed') && this._playing) this.#clock = { position: this._position, since: performance.now() };
  }

  /** Attributes changed before the file loads count; the playback rate, clamped. */
  #rate(): number {
    return this.speed >= 0.1 && this.speed <= 100 ? this.speed : 1;
  }

  #time(name: 'start-at' | 'poster', value: string | undefined): number | undefined {
    if (value === undefined || value === '') return undefined;
    if (name === 'poster' && value.trim() === 'end') return Infinity;
    const seconds = parsePlayTime(value);
    if (seconds === undefined) this.#report(ErrorCode.BadAttribute, `${name} must be seconds, m:ss or h:mm:ss${name === 'poster' ? ', or "end"' : ''}; got ${JSON.stringify(value)}`, false);
    return seconds;
  }

  async #open(src: string | undefined): Promise<void> {
    const load = ++this.#load;
    const wasPlaying = this._playing || this.#wantPlay;
    this.pause();
    this.#playback = undefined;
    this._error = undefined;
    this._position = 0;
    this._duration = 0;
    if (!src) return;
    let text: string;
    try {
      const response = await fetch(src);
      if (!response.ok) throw new CastError(`could not load ${src}: HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      if (load === this.#load) this.#report(ErrorCode.BadRecording, error instanceof CastError ? error.message : `could not load ${src}: ${(error as Error).message}`, true);
      return;
    }
    if (load !== this.#load || !this.#terminal) return;
    let playback: Playback;
    try {
      const limit = this.idleTimeLimit !== undefined && this.idleTimeLimit > 0 ? this.idleTimeLimit : undefined;
      this.#terminal.reset();
      playback = new Playback(this.#terminal, parseCast(text, limit));
    } catch (error) {
      if (!(error instanceof CastError)) throw error;
      this.#report(ErrorCode.BadRecording, `${src} is not a recording this player can play: ${error.message}`, true);
      return;
    }
    this.#playback = playback;
    this._duration = playback.cast.duration;
    const start = Math.min(this.#time('start-at', this.startAt) ?? 0, this._duration);
    const autoplay = this.autoplay || wasPlaying;
    const poster = autoplay ? undefined : this.#time('poster', this.poster);
    await this.seek(poster ?? start);
    if (load !== this.#load) return;
    if (poster !== undefined) {
      // The poster is a picture: playing starts at start-at.
      this._position = start;
      this.#clock = { position: start, since: performance.now() };
      this.#posterShown = true;
    }
    if (autoplay && this.isConnected) this.play();
  }

  #moveTo(position: number): Promise<void> {
    this._position = position;
    this.#posterShown = false;
    return this.#playback?.moveTo(position) ?? Promise.resolve();
  }

  #tick = (): void => {
    if (!this._playing || !this.#playback) return;
    const position = this.#clock.position + ((performance.now() - this.#clock.since) / 1000) * this.#rate();
    if (position >= this._duration) {
      void this.#moveTo(this._duration).then(() => this.#ended());
      this._playing = false;
      return;
    }
    void this.#moveTo(position);
    this.#frame = requestAnimationFrame(this.#tick);
  };

  #ended(): void {
    emit(this, 'term-player-end', { position: this._duration });
    if (this.loop && this.isConnected) {
      void this.#moveTo(0);
      this.play();
    }
  }

  #report(code: ErrorCode, message: string, fatal: boolean): void {
    if (fatal) this._error = message;
    emit(this, 'term-player-error', { code, message });
  }

  #toggle = (): void => {
    if (this._playing) this.pause();
    else this.play();
  };

  #scrub = (event: Event): void => {
    void this.seek(Number((event.target as HTMLInputElement).value));
  };

  protected override render() {
    if (this.live) return this.#renderLive();
    const time = `${formatPlayTime(this._position)} / ${formatPlayTime(this._duration)}`;
    return html`
      <div part="terminal" class="screen" ?hidden=${this._error !== undefined}><div class="xterm-host"></div></div>
      ${this._error === undefined ? nothing : html`<div part="error" class="error" role="alert">${this._error}</div>`}
      ${this.noControls || this._error !== undefined
        ? nothing
        : html`<div part="controls" class="controls" role="group" aria-label=${`${this.label}: playback`}>
            <button part="play-button" type="button" aria-pressed=${this._playing ? 'true' : 'false'} @click=${this.#toggle}>${this._playing ? 'Pause' : 'Play'}</button>
            <input part="progress" type="range" min="0" max=${this._duration} step="0.01" .value=${String(this._position)}
              aria-label="Position" aria-valuetext=${time} @input=${this.#scrub}>
            <span part="time" class="time">${time}</span>
          </div>`}
    `;
  }
}
