/**
 * What a terminal shows besides its screen: a read-only cue (a badge, and a
 * nudge when someone types into a viewer), the title the program set (in an
 * optional title bar), and the bell (a flash of the frame, and an event).
 */
import { html, nothing, type TemplateResult } from 'lit';

/** milliseconds the "typing is not sent" nudge and the bell flash last. */
const NUDGE_MS = 1500;
const BELL_MS = 200;
export const BELL_VALUES = ['visual', 'none'] as const;

/** The message for a `bell` value that is neither (unset is the visual bell); the visual bell rings then. */
export function bellError(value: string | undefined): string | undefined {
  if (value === undefined || (BELL_VALUES as readonly string[]).includes(value)) return undefined;
  return `bell must be one of ${BELL_VALUES.join(', ')}, got ${JSON.stringify(value)}`;
}

/** A key that would have typed something: printable characters, Enter, Backspace, Tab; not a bare modifier or a shortcut. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.type !== 'keydown' || event.metaKey || (event.ctrlKey && event.key.length > 1)) return false;
  return event.key.length === 1 || event.key === 'Enter' || event.key === 'Backspace' || event.key === 'Tab';
}

/** A viewer's terminal: no input, and a cursor that does not look like a place to type (a still underline, none when unfocused). */
export function readonlyOptions(readonly: boolean) {
  return readonly
    ? { disableStdin: true, cursorStyle: 'underline' as const, cursorBlink: false, cursorInactiveStyle: 'none' as const }
    : { disableStdin: false, cursorStyle: 'block' as const, cursorInactiveStyle: 'outline' as const };
}

export class ReadonlyCue {
  #nudged = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly requestUpdate: () => void) {}

  /** Someone typed into a viewer: say so for a moment (and to screen readers). */
  nudge(): void {
    clearTimeout(this.#timer);
    this.#nudged = true;
    this.requestUpdate();
    this.#timer = setTimeout(() => {
      this.#nudged = false;
      this.requestUpdate();
    }, NUDGE_MS);
  }

  render(readonly: boolean): TemplateResult | typeof nothing {
    if (!readonly) return nothing;
    return html`<div part="readonly-badge" class=${this.#nudged ? 'readonly-badge nudged' : 'readonly-badge'} aria-live="polite">
      ${this.#nudged ? 'Read-only: typing is not sent' : 'Read-only'}
    </div>`;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}

export function renderTitlebar(shown: boolean, title: string, label: string): TemplateResult | typeof nothing {
  if (!shown) return nothing;
  return html`<div part="titlebar"><span part="title">${title || label}</span></div>`;
}

/** The visual bell: the terminal's frame flashes once (restarted if the bell rings again meanwhile). */
export function ringBell(box: HTMLElement | null): void {
  if (!box) return;
  box.removeAttribute('data-bell');
  void box.offsetWidth; // restart the animation
  box.setAttribute('data-bell', '');
  setTimeout(() => box.removeAttribute('data-bell'), BELL_MS);
}
