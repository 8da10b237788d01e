import { ContextProvider } from '@lit/context';
import { ErrorCode } from '@termplex/protocol';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { DEFAULT_RETRY, RETRY_BOUNDS, type RetryPolicy } from '../connection/backoff.js';
import { boundedInt } from '../connection/bounded-int.js';
import type { ConnectionState } from '../connection/connection-state.js';
import { DEFAULT_CONNECT_TIMEOUT, TIMEOUT_BOUNDS } from '../connection/connection-options.js';
import { TerminalConnection } from '../connection/terminal-connection.js';
import { connectionContext } from '../context.js';
import { emit } from '../events.js';
import { browserWake } from './browser-wake.js';
import { socketUrlFor } from './socket-url.js';

const RETRY_ATTRIBUTES: Array<[attribute: string, property: 'retryAttempts' | 'retryDelay' | 'retryMaxDelay', key: keyof RetryPolicy]> = [
  ['retry-attempts', 'retryAttempts', 'maxAttempts'],
  ['retry-delay', 'retryDelay', 'baseDelay'],
  ['retry-max-delay', 'retryMaxDelay', 'maxDelay'],
];
const CONFIG_PROPERTIES = ['url', 'token', 'retryAttempts', 'retryDelay', 'retryMaxDelay', 'connectTimeout'] as const;

/**
 * Owns one WebSocket to a termplex server. Every `<term-session>` inside it
 * (or pointing at it with `connection="id"`) shares that one socket. It
 * connects when the first session needs it and reconnects on its own.
 *
 * @summary One multiplexed socket for any number of terminals.
 * @tag term-connection
 *
 * @slot - Sessions and any other content.
 *
 * @attr {string} url - WebSocket URL of the server (`ws://host:port/termplex`). Default: the server that served this script.
 * @attr {string} token - The server's access token, sent in the first frame (never in a URL). Prefer setting the `token` property from script.
 * @attr {number} retry-attempts - Reconnect attempts in a row before giving up (state `failed`). 0..1000, default 10.
 * @attr {number} retry-delay - Milliseconds: ceiling of the first retry's random delay; it doubles per attempt. Default 500.
 * @attr {number} retry-max-delay - Milliseconds: the retry delay's ceiling stops doubling here. Default 15000.
 * @attr {number} connect-timeout - Milliseconds from opening a socket to the server's welcome. Default 10000.
 * @attr {'idle'|'connecting'|'open'|'reconnecting'|'closed'|'failed'} state - Reflected, read-only: the socket's state, for CSS.
 *
 * @event {CustomEvent<{state: string, error?: {code: string, message: string}}>} term-connection-state - The state changed; `error` says why when it is `failed` or `reconnecting`.
 * @event {CustomEvent<{code: string, message: string}>} term-connection-error - A bad attribute value (`TERMPLEX_ERR_BAD_ATTRIBUTE`) or a server error that names no session.
 */
export class TermConnection extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  static override properties = {
    url: { type: String },
    token: { type: String },
    retryAttempts: { attribute: 'retry-attempts' },
    retryDelay: { attribute: 'retry-delay' },
    retryMaxDelay: { attribute: 'retry-max-delay' },
    connectTimeout: { attribute: 'connect-timeout' },
    state: { type: String, reflect: true },
  };

  declare url: string | undefined;
  declare token: string | undefined;
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

  constructor() {
    super();
    this.state = 'idle';
    this.connection = new TerminalConnection({ url: socketUrlFor(import.meta.url), beforeConnect: () => this.#apply() });
    this.connection.onStateChange((state, error) => {
      this.state = state;
      emit(this, 'term-connection-state', error ? { state, error } : { state });
    });
    this.connection.onError((error) => emit(this, 'term-connection-error', { code: error.code, message: error.message }));
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
    if (this.connection.state === 'closed' && this.connection.sessionCount > 0) this.connection.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (remove + insert in one task) must not drop the socket.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#stopWake?.();
      this.#stopWake = undefined;
      this.connection.disconnect();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!CONFIG_PROPERTIES.some((name) => changed.has(name))) return;
    this.#reported.clear();
    this.#apply();
    const live = this.state === 'open' || this.state === 'connecting' || this.state === 'reconnecting';
    // A new token is read by the next attempt; an open socket is already authenticated.
    if (changed.has('url') && live && this.hasUpdated) {
      this.connection.disconnect();
      this.connection.connect();
    } else if ((changed.has('url') || changed.has('token')) && this.state === 'failed' && this.connection.sessionCount > 0) {
      this.connection.connect();
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  /** Copies attributes onto the connection; runs before every socket, so late settings count. */
  #apply(): void {
    this.connection.url = this.url || socketUrlFor(import.meta.url);
    if (this.url && !/^wss?:\/\//i.test(this.url)) this.#report(`url must be a ws:// or wss:// URL, got ${JSON.stringify(this.url)}`);
    this.connection.token = this.token || undefined;
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
