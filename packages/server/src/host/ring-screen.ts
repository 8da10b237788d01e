/**
 * A session's screen model, started only when the session's output outgrows
 * its ring. Until then a replay from byte 0 draws the screen exactly, so a
 * session that never printed more than the ring holds (most of them: a shell
 * at a prompt) costs no model at all. When the ring is about to let its
 * first byte go, the model is created, given everything the ring holds (with
 * the resizes at the offsets where they happened), and from then on every
 * byte as it arrives: a snapshot stands at the head of the stream, so what a
 * returning client replays after it is only what comes next. Through a flood
 * the model sleeps (see ScreenModels) and wakes from the ring when asked.
 */
import type { ScreenModel, ScreenModels, ScreenSnapshot } from './screen-model.js';

/**
 * bytes of the ring's end a model that slept through a flood wakes from: a
 * flood's screen is its last few screenfuls, and parsing the whole ring at
 * every wake (a slow client falls behind again and again) costs memory and CPU.
 */
const WAKE_BYTES = 256 * 1024;

/** resizes remembered before the model starts; older ones go first (a screen resized this often is redrawn anyway). */
const MAX_EARLY_RESIZES = 1024;

interface Resize {
  /** The output offset at which the PTY took this size. */
  offset: number;
  cols: number;
  rows: number;
}

/** What RingScreen reads from the session's ring when the model starts. */
export interface HeldOutput {
  readonly start: number;
  readonly head: number;
  readonly capacity: number;
  slice(from: number, to: number): Buffer;
}

export class RingScreen {
  private model: ScreenModel | undefined;
  private readonly early: Resize[] = [];

  constructor(
    private readonly screens: ScreenModels,
    private readonly initial: { cols: number; rows: number },
  ) {}

  /** The PTY took this size when `offset` bytes had been written. */
  resized(offset: number, cols: number, rows: number): void {
    if (this.model) return this.model.resize(cols, rows);
    this.early.push({ offset, cols, rows });
    if (this.early.length > MAX_EARLY_RESIZES) this.early.shift();
  }

  /** Call before `data` goes into `ring`. */
  output(data: Uint8Array, ring: HeldOutput): void {
    if (!this.model) {
      if (ring.head - ring.start + data.byteLength <= ring.capacity) return;
      this.model = this.screens.create(this.initial);
      this.catchUp(ring);
    }
    this.model.write(data);
  }

  /** Everything the ring holds (from byte 0: nothing has left it yet), each resize where it happened. */
  private catchUp(ring: HeldOutput): void {
    let at = ring.start;
    for (const resize of this.early) {
      if (resize.offset > at) this.model!.writeBacklog(ring.slice(at, resize.offset));
      at = Math.max(at, resize.offset);
      this.model!.resize(resize.cols, resize.rows);
    }
    this.early.length = 0;
    if (ring.head > at) this.model!.writeBacklog(ring.slice(at, ring.head));
  }

  /**
   * The screen as of every byte so far; undefined while there is no model
   * (nothing has left the ring). A model that slept through a flood wakes
   * from the ring's last WAKE_BYTES: what a flood leaves on screen, though
   * modes set before them are not known to it.
   */
  snapshot(ring: HeldOutput): Promise<ScreenSnapshot | undefined> {
    if (!this.model) return Promise.resolve(undefined);
    if (this.model.behind) {
      const from = Math.max(ring.start, ring.head - WAKE_BYTES);
      this.model.restart(from, ring.slice(from, ring.head));
    }
    return this.model.snapshot();
  }

  dispose(): void {
    this.model?.dispose();
  }
}
