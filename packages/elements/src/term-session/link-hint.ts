/**
 * Links in output open on Ctrl+click (Cmd+click on macOS), as in VS Code's
 * terminal: a plain click belongs to the terminal (selecting, a program's
 * mouse mode), and double-clicking a URL to select it must not open it
 * twice. Hovering a link shows which click opens it.
 */
import type { ILinkHandler } from '@xterm/xterm';
import { isApple } from './key-bindings.js';
import { openSafeLink } from './safe-links.js';

export const LINK_HINT_TEXT = `${isApple ? '⌘' : 'Ctrl'}+click to open`;

/** True for the click that opens a link: with Ctrl (Cmd on macOS), the main button. */
export function opensLink(event: MouseEvent | undefined): boolean {
  return event !== undefined && event.button === 0 && (isApple ? event.metaKey : event.ctrlKey);
}

/** The hover hint: one small label in the terminal's box, next to the pointer. */
export class LinkHint {
  readonly #label: HTMLElement;

  constructor(private readonly box: HTMLElement) {
    this.#label = document.createElement('div');
    this.#label.setAttribute('part', 'link-hint');
    this.#label.setAttribute('role', 'tooltip');
    this.#label.textContent = LINK_HINT_TEXT;
    this.#label.hidden = true;
    box.append(this.#label);
  }

  show(event: MouseEvent): void {
    const area = this.box.getBoundingClientRect();
    // Below and right of the pointer, kept inside the box.
    const x = Math.min(event.clientX - area.left + 12, Math.max(0, area.width - 140));
    const y = Math.min(event.clientY - area.top + 16, Math.max(0, area.height - 24));
    this.#label.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    this.#label.hidden = false;
  }

  hide(): void {
    this.#label.hidden = true;
  }

  dispose(): void {
    this.#label.remove();
  }

  /** The activate/hover/leave trio for both kinds of link (plain-text URLs and OSC 8). */
  get handlers(): { activate(event: MouseEvent, uri: string): void; hover(event: MouseEvent): void; leave(): void } {
    return {
      activate: (event, uri) => {
        if (!opensLink(event)) return;
        this.hide();
        openSafeLink(event, uri);
      },
      hover: (event) => this.show(event),
      leave: () => this.hide(),
    };
  }

  /** xterm's `linkHandler` option (OSC 8 hyperlinks), http(s) only. */
  get linkHandler(): ILinkHandler {
    const { activate, hover, leave } = this.handlers;
    return { activate, hover, leave, allowNonHttpProtocols: false };
  }
}
