/**
 * Whole seconds until the outage's next attempt, for the banner: `tick` runs
 * as each whole second passes, one timer at a time, none once it is due.
 */
export class Countdown {
  /** Date.now() milliseconds when it is due. */
  #at: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly tick: () => void) {}

  /** Counts down `ms` from now; undefined: nothing to count down. */
  set(ms: number | undefined): void {
    this.#at = ms === undefined ? undefined : Date.now() + ms;
    this.resume();
  }

  /** Seconds left, rounded up; undefined when nothing is counted down. */
  get secondsLeft(): number | undefined {
    return this.#at === undefined ? undefined : Math.ceil((this.#at - Date.now()) / 1000);
  }

  /** (Re)arms the timer for the next whole second; stop() disarms it. */
  resume(): void {
    this.stop();
    const left = this.#at === undefined ? 0 : this.#at - Date.now();
    if (left <= 0) return;
    this.#timer = setTimeout(() => {
      this.tick();
      this.resume();
    }, left % 1000 || 1000);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
