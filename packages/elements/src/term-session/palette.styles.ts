/**
 * The host's box and colours, shared by <term-session> and <term-player> so a
 * recording looks like the live terminal: the page's --term-* over the
 * preset's colours, painted from the first frame (before xterm exists: no
 * white flash).
 */
import { css, unsafeCSS } from 'lit';
import { LIGHT_PALETTE } from './theme-presets.js';
import { DEFAULT_THEME } from './theme.js';

const background = unsafeCSS(DEFAULT_THEME.background);
const foreground = unsafeCSS(DEFAULT_THEME.foreground);
const yellow = unsafeCSS(DEFAULT_THEME.yellow);
const light = { background: unsafeCSS(LIGHT_PALETTE.background), foreground: unsafeCSS(LIGHT_PALETTE.foreground), yellow: unsafeCSS(LIGHT_PALETTE.yellow) };

export const paletteStyles = css`
  :host {
    display: block;
    position: relative;
    box-sizing: border-box;
    min-width: 0;
    overflow: hidden;
    /* Everything in here uses these. */
    --_term-background: var(--term-background, ${background});
    --_term-foreground: var(--term-foreground, ${foreground});
    --_term-yellow: var(--term-yellow, ${yellow});
    background: var(--_term-background);
    color: var(--_term-foreground);
  }
  /* \`theme\` is reflected, so a preset set from script counts too; an unknown one stays dark, as the terminal does. */
  :host([theme='light']) {
    --_term-background: var(--term-background, ${light.background});
    --_term-foreground: var(--term-foreground, ${light.foreground});
    --_term-yellow: var(--term-yellow, ${light.yellow});
  }
  @media (prefers-color-scheme: light) {
    :host([theme='auto']) {
      --_term-background: var(--term-background, ${light.background});
      --_term-foreground: var(--term-foreground, ${light.foreground});
      --_term-yellow: var(--term-yellow, ${light.yellow});
    }
  }
  :host([hidden]) {
    display: none;
  }
`;
