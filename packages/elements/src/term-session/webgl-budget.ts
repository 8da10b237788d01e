/**
 * How many terminals on this page may draw with WebGL at once. Browsers cap
 * the live WebGL contexts of a page (Chromium at 16) and, past the cap, take
 * the oldest one away, which leaves that terminal blank. So a terminal asks
 * for a slot first; one without a slot draws with the DOM renderer and waits
 * in line, and a slot given back goes to the first in line.
 */

/** terminals: Chromium allows 16 contexts per page; 4 stay free for the page's own canvases (charts, maps, video effects). */
export const WEBGL_TERMINALS = 12;

export interface BudgetHolder {
  /** Called when a slot frees up for this holder, which waited in line. */
  granted(): void;
}

export class WebglBudget {
  readonly #live = new Set<BudgetHolder>();
  /** In the order they asked (a Set keeps insertion order). */
  readonly #waiting = new Set<BudgetHolder>();

  constructor(readonly limit: number) {}

  /** Holders with a slot. */
  get live(): number {
    return this.#live.size;
  }

  /** Holders in line for one. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** True if `holder` has a slot now; otherwise it waits in line and hears `granted()` when one frees. */
  request(holder: BudgetHolder): boolean {
    if (this.#live.has(holder)) return true;
    if (this.#live.size < this.limit) {
      this.#waiting.delete(holder);
      this.#live.add(holder);
      return true;
    }
    this.#waiting.add(holder);
    return false;
  }

  /** Gives back `holder`'s slot (or its place in line); the first in line gets the slot. */
  release(holder: BudgetHolder): void {
    this.#waiting.delete(holder);
    if (!this.#live.delete(holder)) return;
    const [next] = this.#waiting;
    if (!next) return;
    this.#waiting.delete(next);
    this.#live.add(next);
    // May release again at once (its WebGL failed to start): the slot then moves on down the line.
    next.granted();
  }
}

/** The page's one budget: every <term-session> shares the browser's cap. */
export const webglBudget = new WebglBudget(WEBGL_TERMINALS);
