/**
 * Keeps a terminal's theme in step with the `--term-*` custom properties
 * around it, after creation as well as at it.
 *
 * There is no event for "a computed style changed", so the watcher makes one.
 * Its sentinel (an element in the shadow root, which inherits every
 * `--term-*` from the host) gets a 1 ms transition on each of the 20 colour
 * properties with `allow-discrete`: unregistered custom properties animate
 * discretely, and without allow-discrete (or with a 0 s duration) no
 * transition starts at all. Then whatever changes a computed value (an inline
 * style, a class on <html>, a stylesheet added or swapped, a media query, a
 * rule in an enclosing shadow root) fires `transitionrun` on the sentinel,
 * and nothing else does. A MutationObserver on every ancestor's `style` and
 * `class` plus <head> would miss media queries and shadow-root styles, and
 * wake 24 terminals on every class toggle anywhere on the page; this costs
 * nothing while idle.
 *
 * Re-reads are coalesced to one per animation frame, and a theme equal to the
 * applied one is not applied again, so nothing repaints when nothing changed.
 *
 * Two changes start no transition, so they are caught another way: one made
 * while the terminal was not rendered (display: none; a ResizeObserver sees
 * the sentinel come back from zero size), and a move under other ancestors
 * (the element calls schedule() when it is connected again).
 *
 * Browsers without `transition-behavior` (before Chromium 117, Firefox 129,
 * Safari 17.4) start no transition: there the theme follows the `theme`
 * attribute and these two cases only. Verified in Chromium.
 */
import type { ITheme } from '@xterm/xterm';
import type { Disposable } from '../disposables.js';
import { THEME_PRESETS } from './theme-presets.js';
import { presetName, readTheme, sameTheme, THEME_PROPERTIES } from './theme.js';

/** 1 ms: the shortest duration that still starts a transition; step-start shows the new value at once. */
const TRANSITION = THEME_PROPERTIES.map(([, property]) => `${property} 1ms step-start allow-discrete`).join(', ');

export class ThemeWatch implements Disposable {
  #applied: ITheme;
  #frame = 0;
  #hidden = false;
  readonly #dark = matchMedia('(prefers-color-scheme: dark)');
  readonly #resize: ResizeObserver;
  readonly #schedule = () => this.schedule();
  readonly #onTransition = (event: TransitionEvent) => {
    // Transitions of xterm's own elements (its scrollbar fades) bubble here too.
    if (event.target === this.sentinel && event.propertyName.startsWith('--term-')) this.schedule();
  };

  /**
   * `themeName` is the element's `theme` value, read on each refresh; `apply`
   * gets each new theme (not the first: that one is `theme`, for the
   * terminal's options).
   */
  constructor(
    private readonly host: Element,
    private readonly sentinel: HTMLElement,
    private readonly themeName: () => unknown,
    private readonly apply: (theme: ITheme) => void,
  ) {
    this.#applied = this.#read();
    sentinel.style.transition = TRANSITION;
    sentinel.addEventListener('transitionrun', this.#onTransition);
    // `auto` follows the reader's colour scheme as it changes (the OS switching to dark at dusk).
    this.#dark.addEventListener('change', this.#schedule);
    this.#resize = new ResizeObserver(([entry]) => {
      const hidden = entry.contentRect.width === 0 || entry.contentRect.height === 0;
      if (this.#hidden && !hidden) this.schedule();
      this.#hidden = hidden;
    });
    this.#resize.observe(sentinel);
  }

  /** The theme applied last (at first, the one read at creation). */
  get theme(): ITheme {
    return this.#applied;
  }

  /** Re-reads now and applies the theme if it differs: for a changed `theme` attribute. */
  refresh(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const theme = this.#read();
    if (sameTheme(theme, this.#applied)) return;
    this.#applied = theme;
    this.apply(theme);
  }

  /** Re-reads on the next frame; any number of calls before it cost one read. */
  schedule(): void {
    this.#frame ||= requestAnimationFrame(() => this.refresh());
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame);
    this.#resize.disconnect();
    this.#dark.removeEventListener('change', this.#schedule);
    this.sentinel.removeEventListener('transitionrun', this.#onTransition);
    this.sentinel.style.removeProperty('transition');
  }

  #read(): ITheme {
    return readTheme(this.host, THEME_PRESETS[presetName(this.themeName(), () => this.#dark.matches)]);
  }
}
