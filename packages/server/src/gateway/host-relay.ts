/**
 * One browser socket served by a PTY host: every message passes through
 * unchanged, in both directions, over the socket's own link to the host
 * (the host speaks the client protocol on it). Back-pressure carries across:
 * a side whose buffer is over SOCKET_BUFFER_CAP stops the other from being
 * read until it drains, so a slow browser slows only its own sessions.
 */
import { CloseCode, ErrorCode, encodeMessage } from '@termplex/protocol';
import type WebSocket from 'ws';
import { closeReason } from '../core/close-reason.js';
import { SOCKET_BUFFER_CAP } from '../host/output-limits.js';
import type { SocketService } from '../session-service.js';

/** messages a browser may send before its link is up (it has not had `welcome` yet, so a few at most). */
const EARLY_MESSAGES = 64;

type Message = [data: Buffer, isBinary: boolean];

/** Sends `data` on `to`; while `to` holds more than the cap unsent, `from` is not read. */
function forward(from: WebSocket, to: WebSocket, [data, isBinary]: Message): void {
  if (to.readyState !== to.OPEN) return;
  to.send(data, { binary: isBinary }, () => {
    if (from.isPaused && to.bufferedAmount < SOCKET_BUFFER_CAP) from.resume();
  });
  if (to.bufferedAmount >= SOCKET_BUFFER_CAP && !from.isPaused) from.pause();
}

export class HostRelay implements SocketService {
  private link: WebSocket | undefined;
  private early: Message[] | undefined = [];
  private ended = false;

  constructor(private readonly browser: WebSocket) {
    browser.on('message', (data, isBinary) => {
      const message: Message = [data as Buffer, isBinary];
      if (this.link) return forward(browser, this.link, message);
      if (!this.early) return;
      this.early.push(message);
      if (this.early.length > EARLY_MESSAGES) {
        this.early = undefined;
        browser.close(CloseCode.Abuse, closeReason(ErrorCode.Abuse, `more than ${EARLY_MESSAGES} messages before welcome`));
      }
    });
    browser.on('close', () => {
      this.ended = true;
      this.link?.close(CloseCode.Normal);
    });
  }

  /** The link is up: what the browser sent meanwhile goes first, in order. */
  connect(link: WebSocket): void {
    if (this.ended) {
      link.close(CloseCode.Normal);
      return;
    }
    this.link = link;
    link.on('message', (data, isBinary) => forward(link, this.browser, [data as Buffer, isBinary]));
    link.on('close', (code, reason) => {
      if (this.ended) return;
      this.ended = true;
      // The host's own refusals (abuse, shutdown) reach the page as they are; a lost link means "come back later".
      const relayed = code >= 4000 && code < 5000 && code !== CloseCode.Shutdown;
      if (relayed) this.browser.close(code, reason.toString());
      else this.browser.close(CloseCode.HostUnavailable, closeReason(ErrorCode.HostUnavailable, 'the PTY host went away; reconnecting'));
    });
    for (const message of this.early ?? []) forward(this.browser, link, message);
    this.early = undefined;
  }

  /** The web server stops; the sessions keep running on the host, and the page reconnects. */
  shutdown(): void {
    if (this.ended) return;
    this.ended = true;
    const text = 'the web server is shutting down; the sessions keep running and this page reconnects when it is back';
    if (this.browser.readyState === this.browser.OPEN) this.browser.send(encodeMessage({ type: 'error', code: ErrorCode.Shutdown, message: text }));
    this.browser.close(CloseCode.Shutdown, closeReason(ErrorCode.Shutdown, 'the web server is shutting down'));
    this.link?.close(CloseCode.Normal);
  }
}
