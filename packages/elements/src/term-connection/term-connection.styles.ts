import { css, unsafeCSS } from 'lit';
import { DEFAULT_THEME } from '../term-session/theme.js';

const { background, foreground, yellow, red } = DEFAULT_THEME;

export const termConnectionStyles = css`
  /* The banner's containing block (see banner-space.ts). */
  :host {
    display: block;
    position: relative;
  }
  [part='banner'] {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    z-index: 20;
    box-sizing: border-box;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    padding: 8px 12px;
    border-left: 4px solid var(--term-yellow, ${unsafeCSS(yellow)});
    border-radius: 4px;
    background: var(--term-background, ${unsafeCSS(background)});
    color: var(--term-foreground, ${unsafeCSS(foreground)});
    font: 14px/1.4 system-ui, sans-serif;
  }
  [part='banner'][data-state='offline'] {
    border-left-color: var(--term-red, ${unsafeCSS(red)});
  }
  [part='banner'][hidden] {
    display: none;
  }
  [part='banner-message'] {
    font-weight: 600;
  }
  [part='banner-countdown'],
  [part='banner-hint'] {
    opacity: 0.8;
  }
  /* On the banner's line, at its end. */
  [part='retry-button'] {
    margin-left: auto;
    padding: 2px 12px;
  }
`;
