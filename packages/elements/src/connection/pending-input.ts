/**
 * Input typed while a session cannot take it (the socket is down, the
 * re-attach is not answered yet, or replay is still being drawn), held in
 * order and handed over in one piece when it can. Bounded: a chunk that would
 * pass the limit is refused whole (never cut, never dropped quietly), and the
 * caller tells the user.
 */
const encoder = new TextEncoder();

/** The UTF-8 bytes `data` becomes on the wire. */
export function utf8Length(data: string): number {
  return encoder.encode(data).byteLength;
}

/** bytes (UTF-8): minutes of typing or a sizeable paste, and all a dead connection may pile up per terminal. */
export const PENDING_INPUT_LIMIT = 64 * 1024;

export class PendingInput {
  #held = '';
  #bytes = 0;

  constructor(readonly limit: number = PENDING_INPUT_LIMIT) {}

  /** UTF-8 bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Holds `data` after what is held already; false (holding nothing of it) when it would pass the limit. */
  add(data: string): boolean {
    const bytes = utf8Length(data);
    if (this.#bytes + bytes > this.limit) return false;
    this.#held += data;
    this.#bytes += bytes;
    return true;
  }

  /** Everything held, oldest first; nothing is held afterwards. */
  take(): string {
    const held = this.#held;
    this.#held = '';
    this.#bytes = 0;
    return held;
  }
}
