/**
 * Everything an element must undo (listeners, observers, timers, addons, the
 * terminal itself) goes on one store and is undone in one place.
 */
export interface Disposable {
  dispose(): void;
}

export class DisposableStore {
  #items: Array<Disposable | (() => void)> = [];

  add<T extends Disposable | (() => void)>(item: T): T {
    this.#items.push(item);
    return item;
  }

  /** Undoes everything, newest first (a terminal's addons go before the terminal). */
  dispose(): void {
    const items = this.#items.reverse();
    this.#items = [];
    for (const item of items) {
      if (typeof item === 'function') item();
      else item.dispose();
    }
  }
}
