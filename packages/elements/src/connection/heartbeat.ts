/**
 * Application-level heartbeat. Browsers answer WebSocket pings for us but never
 * tell us about them, so a half-dead socket (laptop lid closed, NAT entry
 * expired) is only noticed by sending `ping` and missing its `pong`.
 */
import type { Timers } from './socket.js';

export class Heartbeat {
  #interval = 0;
  #nextId = 1;
  #awaiting: number | undefined;
  #pingTimer: unknown;
  #deadlineTimer: unknown;

  constructor(
    private readonly timers: Timers,
    private readonly sendPing: (id: number) => void,
    private readonly onDead: () => void,
    /** milliseconds a pong may take before the socket counts as dead. */
    public timeout: number,
  ) {}

  /** Starts pinging every `interval` milliseconds (the server's `welcome.heartbeat`). */
  start(interval: number): void {
    this.stop();
    this.#interval = interval;
    this.#schedule();
  }

  pong(id: number): void {
    if (id !== this.#awaiting) return; // a late answer to an older ping proves nothing new
    this.#awaiting = undefined;
    this.timers.clearTimeout(this.#deadlineTimer);
    this.#schedule();
  }

  stop(): void {
    this.timers.clearTimeout(this.#pingTimer);
    this.timers.clearTimeout(this.#deadlineTimer);
    this.#awaiting = undefined;
    this.#interval = 0;
  }

  #schedule(): void {
    if (this.#interval <= 0) return;
    this.#pingTimer = this.timers.setTimeout(() => {
      const id = this.#nextId++;
      this.#awaiting = id;
      this.#deadlineTimer = this.timers.setTimeout(() => {
        this.stop();
        this.onDead();
      }, this.timeout);
      this.sendPing(id);
    }, this.#interval);
  }
}
