/**
 * WebSocket-level liveness: a ping every interval; a peer that has missed two
 * pongs is terminated (no close handshake: it is not listening). Browsers
 * answer these pings themselves, so a frozen tab's socket stays alive, but a
 * vanished network path does not.
 */
import type WebSocket from 'ws';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Disposable } from '../core/disposable.js';

export class Heartbeat implements Disposable {
  private missed = 0;
  private timer: TimerHandle | undefined;
  private readonly onPong = () => (this.missed = 0);

  constructor(
    private readonly ws: WebSocket,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onDead: () => void,
  ) {
    ws.on('pong', this.onPong);
    this.arm();
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      if (this.missed >= 2) {
        this.timer = undefined;
        this.onDead();
        this.ws.terminate();
        return;
      }
      this.missed++;
      this.ws.ping();
      this.arm();
    }, this.intervalMs);
  }

  dispose(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.ws.off('pong', this.onPong);
  }
}
