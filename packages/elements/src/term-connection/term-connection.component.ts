import { ContextProvider } from '@lit/context';
import { ErrorCode } from '@termplex/protocol';
import { LitElement, html, type PropertyValues } from 'lit';
import { DEFAULT_RETRY, RETRY_BOUNDS, type RetryPolicy } from '../connection/backoff.js';
import { boundedInt } from '../connection/bounded-int.js';
import type { ConnectionState } from '../connection/connection-state.js';
import { DEFAULT_CONNECT_TIMEOUT, TIMEOUT_BOUNDS } from '../connection/connection-options.js';
import { TerminalConnection } from '../connection/terminal-connection.js';
import { connectionContext } from '../context.js';
import { emit } from '../events.js';
import { retryButtonStyles } from '../retry-button.styles.js';
import { browserWake } from './browser-wake.js';
import { reserveBannerSpace } from './banner-space.js';
import { Countdown } from './countdown.js';
import { renderBanner } from './outage-banner.js';
import { socketUrlFor } from './socket-url.js';
import { termConnectionStyles } from './term-connection.styles.js';
import { resumeStore, ticketFetcher, ticketUrlProblem } from './ticket-source.js';

const RETRY_ATTRIBUTES: Array<[attribute: string, property: 'retryAttempts' | 'retryDelay' | 'retryMaxDelay', key: keyof RetryPolicy]> = [
  ['retry-attempts', 'retryAttempts', 'maxAttempts'],
  ['retry-delay', 'retryDelay', 'baseDelay'],
  ['retry-max-delay', 'retryMaxDelay', 'maxDelay'],
];
const CREDENTIAL_PROPERTIES = ['url', 'token', 'ticket', 'ticketUrl'] as const;
const CONFIG_PROPERTIES = ['url', 'token', 'ticket', 'ticketUrl', 'retryAttempts', 'retryDelay', 'retryMaxDelay', 'connectTimeout'] as const;

/**
 * Owns one WebSocket to a termplex server. Every `<term-session>` inside it
 * (or pointing at it with `connection="id"`) shares that one socket. It
 * connects when the first session needs it and reconnects on its own, for as
 * long as the page is open unless `retry-attempts` sets a limit. When a
 * connection that was open is lost, one banner above the content says so,
 * counts the attempts, shows when the next one starts and offers "Retry now".
 *
 * @summary One multiplexed socket for any number of terminals.
 * @tag term-connection
 *
 * @slot - Sessions and any other content.
 *
 * @csspart banner - The outage banner (role="status"); `data-state` is `reconnecting` or `offline` (out of attempts).
 * @csspart banner-message - "Connection to the terminal server lost. Reconnecting… (attempt N)".
 * @csspart banner-countdown - When the next attempt starts.
 * @csspart banner-hint - That typed input is sent once the connection is back.
 * @csspart retry-button - The banner's "Retry now" button.
 *
 * @cssproperty --term-background - The banner's background.
 * @cssproperty --term-foreground - The banner's text colour.
 * @cssproperty --term-yellow - The banner's edge while reconnecting.
 * @cssproperty --term-red - The banner's edge once out of attempts.
 * @cssproperty --term-focus-ring - Focus indicator colour.
 *
 * @attr {string} url - WebSocket URL of the server (`ws://host:port/termplex`). Default: the server that served this script.
 * @attr {string} token - The server's access token, sent in the first frame (never in a URL). For trusted pages only; prefer setting the `token` property from script.
 * @attr {string} ticket - Instead of a token (public pages): a single-use ticket the site's backend got from POST /api/tickets. A new value reconnects with it, so sessions added later can be created.
 * @attr {string} ticket-url - Instead of a token: a same-origin URL the element POSTs to (with the page's cookies) for a fresh ticket, answered with JSON `{ticket}`, whenever new sessions need one.
 * @attr {number} retry-attempts - Reconnect attempts in a row before giving up (state `failed`). 0..1000; 0, the default, never gives up.
 * @attr {number} retry-delay - Milliseconds: ceiling of the first retry's random delay; it doubles per attempt. Default 500.
 * @attr {number} retry-max-delay - Milliseconds: the retry delay's ceiling stops doubling here. Default 5000: a restarted server is found within 5 s.
 * @attr {number} connect-timeout - Milliseconds from opening a socket to the server's welcome. Default 10000.
 * @attr {'idle'|'connecting'|'open'|'reconnecting'|'closed'|'failed'} state - Reflected, read-only: the socket's state, for CSS.
 *
 * @event {CustomEvent<{state: string, error?: {code: string, message: string}}>} term-connection-state - The state changed; `error` says why when it is `failed` or `reconnecting`.
 * @event {CustomEvent<{code: string, message: string}>} term-connection-error - A bad attribute value (`TERMPLEX_ERR_BAD_ATTRIBUTE`) or a server error that names no session.
 */
export class TermConnection extends LitElement {
  static override styles = [retryButtonStyles, termConnectionStyles];

  static override properties = {
    url: { type: String },
    token: { type: String },
    ticket: { type: String },
    ticketUrl: { type: String, attribute: 'ticket-url' },
    retryAttempts: { attribute: 'retry-attempts' },
    retryDelay: { attribute: 'retry-delay' },
    retryMaxDelay: { attribute: 'retry-max-delay' },
    connectTimeout: { attribute: 'connect-timeout' },
    state: { type: String, reflect: true },
  };

  declare url: string | undefined;
  declare token: string | undefined;
  declare ticket: string | undefined;
  declare ticketUrl: string | undefined;
  declare retryAttempts: string | number | undefined;
  declare retryDelay: string | number | undefined;
  declare retryMaxDelay: string | number | undefined;
  declare connectTimeout: string | number | undefined;
  /** Read-only: the socket's state. */
  declare state: ConnectionState;

  /** The DOM-free client this element wraps; shared with sessions through Lit's context protocol. */
  readonly connection: TerminalConnection;
  readonly #reported = new Set<string>();
  #stopWake: (() => void) | undefined;
  #stopBannerSpace: (() => void) | undefined;
  readonly #countdown = new Countdown(() => this.requestUpdate());

  constructor() {
    super();
    this.state = 'idle';
    this.connection = new TerminalConnection({
      url: socketUrlFor(import.meta.url),
      beforeConnect: () => this.#apply(),
      resumeStore: resumeStore(() => this.connection.url),
    });
    this.connection.onStateChange((state, error) => {
      this.state = state;
      emit(this, 'term-connection-state', error ? { state, error } : { state });
    });
    this.connection.onError((error) => emit(this, 'term-connection-error', { code: error.code, message: error.message }));
    this.connection.onOutageChange((outage) => {
      this.#countdown.set(outage?.retryIn);
      this.requestUpdate();
    });
    new ContextProvider(this, { context: connectionContext, initialValue: this.connection });
  }

  /** Connects now: after `failed` or `disconnect()`, or to skip a reconnect delay. */
  connect(): void {
    this.connection.connect();
  }

  /** Closes the socket and stays `closed` until `connect()`. Server sessions live on for their grace period. */
  disconnect(): void {
    this.connection.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopWake ??= browserWake(() => this.connection.wake());
    this.#countdown.resume();
    if (this.hasUpdated && !this.#stopBannerSpace) this.requestUpdate(); // re-added after a removal
    if (this.connection.state === 'closed' && this.connection.sessionCount > 0) this.connection.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (remove + insert in one task) must not drop the socket. Sessions
    // removed with this element (a page swapping its content) queue their
    // close after this callback's microtask; closing the socket one microtask
    // later lets them end their server sessions rather than leave them
    // detached for the grace period.
    queueMicrotask(() => queueMicrotask(() => {
      if (this.isConnected) return;
      this.#stopWake?.();
      this.#stopWake = undefined;
      this.#stopBannerSpace?.();
      this.#stopBannerSpace = undefined;
      this.#countdown.stop();
      this.connection.disconnect();
    }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!CONFIG_PROPERTIES.some((name) => changed.has(name))) return;
    this.#reported.clear();
    this.#apply();
    const live = this.state === 'open' || this.state === 'connecting' || this.state === 'reconnecting';
    // A new token is read by the next attempt; an open socket is already authenticated.
    // A new ticket reconnects (with the resume credential, so nothing is lost): it is how a page adds sessions.
    const reconnect = changed.has('url') || (changed.has('ticket') && Boolean(this.ticket));
    if (reconnect && live && this.hasUpdated) {
      this.connection.disconnect();
      this.connection.connect();
    } else if (CREDENTIAL_PROPERTIES.some((name) => changed.has(name)) && this.state === 'failed' && this.connection.sessionCount > 0) {
      this.connection.connect();
    }
  }

  protected override render() {
    return html`${renderBanner(this.connection.outage, this.#countdown.secondsLeft, () => this.connection.connect())}<slot></slot>`;
  }

  protected override updated(): void {
    // Here, not in firstUpdated: an element removed and inserted again needs it again.
    if (this.#stopBannerSpace || !this.isConnected) return;
    const banner = this.renderRoot.querySelector<HTMLElement>('[part="banner"]')!;
    this.#stopBannerSpace = reserveBannerSpace(this.renderRoot as ShadowRoot, banner);
  }

  /** Copies attributes onto the connection; runs before every socket, so late settings count. */
  #apply(): void {
    this.connection.url = this.url || socketUrlFor(import.meta.url);
    if (this.url && !/^wss?:\/\//i.test(this.url)) this.#report(`url must be a ws:// or wss:// URL, got ${JSON.stringify(this.url)}`);
    this.connection.token = this.token || undefined;
    this.connection.ticket = this.ticket || undefined;
    const ticketUrl = this.ticketUrl || undefined;
    const problem = ticketUrl && ticketUrlProblem(ticketUrl);
    if (problem) this.#report(problem);
    this.connection.fetchTicket = ticketUrl && !problem ? ticketFetcher(ticketUrl) : undefined;
    const retry: RetryPolicy = { ...DEFAULT_RETRY };
    for (const [attribute, property, key] of RETRY_ATTRIBUTES) {
      const value = this[property];
      if (value === undefined || value === null) continue;
      const [min, max] = RETRY_BOUNDS[key];
      const read = boundedInt(attribute, value, min, max);
      if (read.ok) retry[key] = read.value;
      else this.#report(read.message);
    }
    let connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    if (this.connectTimeout !== undefined && this.connectTimeout !== null) {
      const read = boundedInt('connect-timeout', this.connectTimeout, ...TIMEOUT_BOUNDS);
      if (read.ok) connectTimeout = read.value;
      else this.#report(read.message);
    }
    if (retry.maxDelay < retry.baseDelay) {
      this.#report(`retry-max-delay must be at least retry-delay (${retry.baseDelay}), got ${retry.maxDelay}`);
      retry.maxDelay = retry.baseDelay;
    }
    this.connection.configure({ retry, connectTimeout });
  }

  #report(message: string): void {
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    emit(this, 'term-connection-error', { code: ErrorCode.BadAttribute, message });
  }
}
