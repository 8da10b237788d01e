/**
 * Theming through CSS custom properties on the element (or any ancestor):
 * the colours a page already manages. The `palette` profile prints the 16
 * ANSI colours before starting a shell.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Themes',
  component: 'term-session',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

const LIGHT = `
  border: 1px solid #d0d7de;
  --term-background: #ffffff;
  --term-foreground: #1f2328;
  --term-cursor: #0969da;
  --term-selection: #b6e3ff;
  --term-black: #24292f; --term-red: #cf222e; --term-green: #116329; --term-yellow: #4d2d00;
  --term-blue: #0969da; --term-magenta: #8250df; --term-cyan: #1b7c83; --term-white: #6e7781;
  --term-bright-black: #57606a; --term-bright-red: #a40e26; --term-bright-green: #1a7f37; --term-bright-yellow: #633c01;
  --term-bright-blue: #218bff; --term-bright-magenta: #a475f9; --term-bright-cyan: #3192aa; --term-bright-white: #8c959f;`;

const SOLARIZED = `
  --term-background: #002b36;
  --term-foreground: #93a1a1;
  --term-cursor: #b58900;
  --term-selection: #073642;
  --term-font-family: "DejaVu Sans Mono", monospace;
  --term-padding: 12px;
  --term-black: #073642; --term-red: #dc322f; --term-green: #859900; --term-yellow: #b58900;
  --term-blue: #268bd2; --term-magenta: #d33682; --term-cyan: #2aa198; --term-white: #eee8d5;
  --term-bright-black: #586e75; --term-bright-red: #cb4b16; --term-bright-green: #859900; --term-bright-yellow: #657b83;
  --term-bright-blue: #839496; --term-bright-magenta: #6c71c4; --term-bright-cyan: #93a1a1; --term-bright-white: #fdf6e3;`;

function themed(name: string, style: string) {
  return html`<div class="story">
    ${connection(html`<term-session profile="palette" label=${name} style=${style}></term-session>`)}
    ${style ? html`<pre><code>term-session {${style}\n}</code></pre>` : html`<p>No custom properties: the built-in dark palette.</p>`}
  </div>`;
}

/** The default: a dark palette, painted from the first frame (no white flash before the terminal opens). */
export const Dark: StoryObj = { render: () => themed('dark', '') };

/** A light page's terminal: background, foreground, cursor, selection and the 16 ANSI colours. */
export const Light: StoryObj = { render: () => themed('light', LIGHT) };

/** Any palette (here Solarized), plus font family and padding. */
export const CustomPalette: StoryObj = { name: 'Custom palette', render: () => themed('solarized', SOLARIZED) };
