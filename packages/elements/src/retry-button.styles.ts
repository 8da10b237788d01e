/** The retry button both elements show (a failed terminal's "Retry", the outage banner's "Retry now"), styled once. */
import { css, unsafeCSS } from 'lit';
import { DEFAULT_THEME } from './term-session/theme.js';

export const retryButtonStyles = css`
  [part='retry-button'] {
    font: inherit;
    padding: 4px 14px;
    border-radius: 4px;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  [part='retry-button']:focus-visible {
    outline: 2px solid var(--term-focus-ring, ${unsafeCSS(DEFAULT_THEME.blue)});
    outline-offset: 2px;
  }
`;
