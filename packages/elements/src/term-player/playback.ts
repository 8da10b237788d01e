/**
 * Brings a terminal to any point of a recording. Forward it writes the
 * events in between (consecutive output joined into one write); backward it
 * resets the terminal and writes from the start, so a seek costs one parse
 * of the output up to that point and nothing per event. A resize waits
 * until the output before it is parsed: xterm.js applies writes later, and
 * a resize at once. Moves are queued, and a move asked for while another
 * runs replaces any that had not begun.
 */
import type { Terminal } from '@xterm/xterm';
import { eventsUntil, type Cast } from './cast-file.js';

export class Playback {
  /** Events [0, applied) are on the screen. */
  #applied = 0;
  #running: Promise<void> = Promise.resolve();
  #wanted: number | undefined;

  constructor(private readonly terminal: Terminal, readonly cast: Cast) {
    terminal.resize(cast.cols, cast.rows);
  }

  /** Seconds: the screen shows every event up to this time once the promise resolves. */
  moveTo(time: number): Promise<void> {
    const idle = this.#wanted === undefined;
    this.#wanted = time;
    if (idle) this.#running = this.#running.then(() => this.#drain());
    return this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#wanted !== undefined) {
      const time = this.#wanted;
      this.#wanted = undefined;
      await this.#apply(eventsUntil(this.cast, time));
    }
  }

  async #apply(until: number): Promise<void> {
    if (until < this.#applied) {
      this.terminal.reset();
      this.terminal.resize(this.cast.cols, this.cast.rows);
      this.#applied = 0;
    }
    const { events } = this.cast;
    let text = '';
    for (let i = this.#applied; i < until; i++) {
      const event = events[i];
      if (event.output !== undefined) {
        text += event.output;
        continue;
      }
      if (text) await this.#write(text);
      text = '';
      if (event.size) this.terminal.resize(event.size.cols, event.size.rows);
    }
    this.#applied = until;
    if (text) await this.#write(text);
  }

  #write(text: string): Promise<void> {
    return new Promise((resolve) => this.terminal.write(text, resolve));
  }
}
