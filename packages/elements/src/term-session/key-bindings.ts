/**
 * The keys a <term-session> takes for itself before the shell sees them
 * (copy, paste, find...). xterm allows one custom key handler per terminal:
 * this is it, and features register their bindings here. A binding that
 * handles a keydown returns true: the key then goes neither to xterm (so
 * not to the shell) nor to the browser (Ctrl+Shift+C would open DevTools).
 */
import type { IDisposable, Terminal } from '@xterm/xterm';

export type KeyBinding = (event: KeyboardEvent) => boolean;

/** macOS and iOS: Cmd is the app modifier, and Ctrl belongs to the terminal. */
export const isApple = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export class KeyBindings {
  readonly #bindings = new Set<KeyBinding>();
  /** Bindings whose key the browser acts on itself (its paste): kept from xterm, not cancelled. */
  readonly #native = new Set<KeyBinding>();

  constructor(terminal: Terminal) {
    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return !this.#claimed(event);
      // A new keydown: whatever was claimed before has had its keypress (its keyup may never come here,
      // when the claim moved the focus away, e.g. into the find bar).
      this.#lastClaimed = undefined;
      for (const binding of this.#native) {
        if (binding(event)) {
          this.#lastClaimed = event.code;
          return false;
        }
      }
      for (const binding of this.#bindings) {
        if (binding(event)) {
          event.preventDefault();
          event.stopPropagation();
          this.#lastClaimed = event.code;
          return false;
        }
      }
      return true;
    });
  }

  /** The keyup (and keypress) of a claimed keydown stays away from xterm too. */
  #lastClaimed: string | undefined;
  #claimed(event: KeyboardEvent): boolean {
    const claimed = event.code === this.#lastClaimed;
    if (event.type === 'keyup' && claimed) this.#lastClaimed = undefined;
    return claimed;
  }

  add(binding: KeyBinding): IDisposable {
    this.#bindings.add(binding);
    return { dispose: () => this.#bindings.delete(binding) };
  }

  /** A key xterm must not see but the browser should still act on (e.g. its paste). */
  addNative(binding: KeyBinding): IDisposable {
    this.#native.add(binding);
    return { dispose: () => this.#native.delete(binding) };
  }
}
