/**
 * The find bar: a compact box in the terminal's top-right corner, themed from
 * the terminal's own custom properties. Every colour has a `--term-find-*`
 * override; the match colours live here too (as private properties on the
 * bar) so one stylesheet says how a search looks, and match-colours.ts reads
 * them for xterm.
 */
import { css, unsafeCSS } from 'lit';
import { DEFAULT_THEME } from './theme.js';

const background = unsafeCSS(DEFAULT_THEME.background);
const foreground = unsafeCSS(DEFAULT_THEME.foreground);
const yellow = unsafeCSS(DEFAULT_THEME.yellow);
const red = unsafeCSS(DEFAULT_THEME.red);
const blue = unsafeCSS(DEFAULT_THEME.blue);

export const findBarStyles = css`
  [part~='find-bar'] {
    /* term-session.styles.ts resolves the theme preset into --_term-*; the page's --term-* otherwise. */
    --_find-screen: var(--_term-background, var(--term-background, ${background}));
    --_find-fg: var(--term-find-foreground, var(--_term-foreground, var(--term-foreground, ${foreground})));
    --_find-yellow: var(--_term-yellow, var(--term-yellow, ${yellow}));
    --_find-border: var(--term-find-border, color-mix(in srgb, var(--_find-fg) 30%, transparent));
    --_find-accent: var(--term-find-accent, var(--term-focus-ring, var(--term-blue, ${blue})));
    /* Read by match-colours.ts: the matches' backgrounds are the theme's yellow, faint, stronger for the current one. */
    --_find-match: var(--term-find-match, color-mix(in srgb, var(--_find-yellow) 30%, var(--_find-screen)));
    /* Only the current match is outlined (the selection covers its background): it is the one that stands out. */
    --_find-match-border: var(--term-find-match-border, none);
    --_find-active-match: var(--term-find-active-match, color-mix(in srgb, var(--_find-yellow) 55%, var(--_find-screen)));
    --_find-active-match-border: var(--term-find-active-match-border, var(--_find-yellow));

    position: absolute;
    z-index: 12;
    /* Top right, clear of xterm's scrollbar, and never the full width: the left of a narrow screen stays readable. */
    top: 6px;
    right: 18px;
    max-width: calc(100% - 48px);
    box-sizing: border-box;
    padding: 3px;
    border: 1px solid var(--_find-border);
    border-radius: 6px;
    font: 12px/1.4 system-ui, sans-serif;
    color: var(--_find-fg);
    background: var(--term-find-background, color-mix(in srgb, var(--_find-screen) 88%, var(--_find-fg)));
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.35);
  }
  :host([titlebar]) [part~='find-bar'] {
    top: 30px;
  }
  /* One row that shrinks its field rather than wrap; a regex's problem goes under it. */
  .find-row {
    display: flex;
    align-items: center;
    gap: 2px;
  }
  [part~='find-input'] {
    flex: 1 1 14em;
    width: 14em;
    min-width: 4em;
    box-sizing: border-box;
    padding: 2px 6px;
    border: 1px solid var(--_find-border);
    border-radius: 4px;
    font: inherit;
    color: inherit;
    background: var(--_find-screen);
    outline: none;
  }
  [part~='find-input']:focus {
    border-color: var(--_find-accent);
  }
  [part~='find-input'][aria-invalid='true'] {
    border-color: var(--term-find-error, var(--term-red, ${red}));
  }
  [part~='find-count'] {
    min-width: 5.5em;
    padding: 0 4px;
    text-align: center;
    white-space: nowrap;
    opacity: 0.8;
    font-variant-numeric: tabular-nums;
  }
  [part~='find-button'] {
    flex: none;
    width: 22px;
    height: 22px;
    padding: 0;
    border: 1px solid transparent;
    border-radius: 4px;
    font: inherit;
    color: inherit;
    background: transparent;
    cursor: pointer;
  }
  [part~='find-button']:hover {
    background: color-mix(in srgb, var(--_find-fg) 15%, transparent);
  }
  [part~='find-button']:focus-visible {
    outline: 2px solid var(--_find-accent);
    outline-offset: -2px;
  }
  [part~='find-button'][aria-pressed='true'] {
    border-color: var(--_find-accent);
    background: color-mix(in srgb, var(--_find-accent) 25%, transparent);
  }
  /* As wide as the row: a long reason wraps instead of widening the bar. */
  [part~='find-error'] {
    display: block;
    width: 0;
    min-width: 100%;
    padding: 2px 4px 0;
    color: var(--term-find-error, var(--term-red, ${red}));
  }
`;
