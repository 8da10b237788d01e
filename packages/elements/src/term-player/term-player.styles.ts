import { css } from 'lit';

/** The control bar and error box; the box and colours are paletteStyles, as on <term-session>. */
export const termPlayerStyles = css`
  .screen {
    padding: 4px;
    overflow-x: auto;
  }
  .controls {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.25em 0.5em;
    font: 12px/1.4 system-ui, sans-serif;
    border-top: 1px solid color-mix(in srgb, var(--_term-foreground) 20%, transparent);
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid color-mix(in srgb, var(--_term-foreground) 35%, transparent);
    border-radius: 4px;
    min-width: 4.5em;
    padding: 0.1em 0.5em;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_term-foreground);
    outline-offset: 1px;
  }
  input[type='range'] {
    flex: 1;
    accent-color: var(--_term-foreground);
  }
  .time {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .error {
    padding: 1em;
    font: 14px/1.5 system-ui, sans-serif;
  }
`;
