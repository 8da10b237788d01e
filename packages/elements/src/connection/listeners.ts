/** A minimal listener list for a DOM-free class; `add` returns its own remover. */
export class Listeners<Args extends unknown[]> {
  readonly #set = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  emit(...args: Args): void {
    for (const listener of [...this.#set]) listener(...args);
  }

  clear(): void {
    this.#set.clear();
  }
}
