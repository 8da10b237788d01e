import { css } from 'lit';

/** <term-session>'s own; its box and colours are paletteStyles. */
export const termSessionStyles = css`
  :host {
    height: 360px;
  }
  [part='terminal'] {
    position: absolute;
    inset: 0;
    padding: var(--term-padding, 6px);
    box-sizing: border-box;
    outline: none;
  }
  /* addon-fit measures this box's computed size, so the padding lives outside it. */
  .xterm-host,
  .xterm-host .xterm {
    height: 100%;
  }
  /* xterm paints its viewport black; the host already has the theme's background. */
  .xterm-host .xterm-viewport {
    background-color: transparent;
  }
  :host(:focus-within) [part='terminal'] {
    box-shadow: inset 0 0 0 2px var(--term-focus-ring, #89b4fa);
  }
  [part~='overlay'] {
    position: absolute;
    z-index: 10;
    font: 12px/1.4 system-ui, sans-serif;
    color: #fff;
    background: rgb(0 0 0 / 0.7);
  }
  /* Bottom right: below a short screen's output and its prompt, so it hides the least. */
  .badge {
    bottom: 8px;
    right: 8px;
    padding: 3px 10px;
    border-radius: 999px;
    pointer-events: none;
    /* A fast connect never shows the badge at all. */
    animation: appear 0s 300ms both;
  }
  .panel {
    top: 50%;
    left: 50%;
    transform: translate(-50%, -50%);
    max-width: 80%;
    padding: 12px 16px;
    border-radius: 8px;
    display: flex;
    flex-direction: column;
    gap: 8px;
    align-items: center;
    text-align: center;
  }
  /* A viewer: the focus ring is dashed, and a badge says it (style it away with ::part(readonly-badge)). */
  :host([readonly]:focus-within) [part='terminal'] {
    box-shadow: none;
    outline: 2px dashed var(--term-focus-ring, #89b4fa);
    outline-offset: -2px;
  }
  .readonly-badge {
    position: absolute;
    z-index: 10;
    top: 6px;
    right: 8px;
    padding: 1px 8px;
    border-radius: 999px;
    font: 11px/1.5 system-ui, sans-serif;
    color: var(--_term-background);
    background: var(--_term-foreground);
    opacity: 0.7;
    pointer-events: none;
    transition: opacity 150ms;
  }
  .readonly-badge.nudged {
    opacity: 1;
  }
  /* The program's title, in the optional title bar (\`titlebar\`). */
  :host([titlebar]) [part='terminal'] {
    top: 24px;
  }
  [part='titlebar'] {
    position: absolute;
    inset: 0 0 auto 0;
    height: 24px;
    padding: 0 10px;
    display: flex;
    align-items: center;
    font: 12px/1 system-ui, sans-serif;
    border-bottom: 1px solid color-mix(in srgb, var(--_term-foreground) 20%, transparent);
  }
  [part='title'] {
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  /* Visual bell: the frame flashes once. */
  [part='terminal'][data-bell] {
    animation: bell 200ms ease-out;
  }
  @keyframes bell {
    from {
      box-shadow: inset 0 0 0 3px var(--term-bell, var(--_term-yellow));
    }
  }
  /* "Ctrl+click to open", next to the pointer over a link. */
  [part='link-hint'] {
    position: absolute;
    z-index: 11;
    left: 0;
    top: 0;
    padding: 2px 6px;
    border-radius: 4px;
    font: 11px/1.4 system-ui, sans-serif;
    color: #fff;
    background: rgb(0 0 0 / 0.8);
    pointer-events: none;
    white-space: nowrap;
  }
  [part='link-hint'][hidden] {
    display: none;
  }
  @keyframes appear {
    from {
      visibility: hidden;
    }
  }
`;
