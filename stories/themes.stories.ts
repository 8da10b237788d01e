/**
 * Theming: a preset by attribute (`theme="dark|light|auto"`), and CSS custom
 * properties on the element (or any ancestor) over it, the colours a page
 * already manages. Changing those at runtime repaints the terminal. The
 * `palette` profile prints the 16 ANSI colours before starting a shell.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Themes',
  component: 'term-session',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

const WARM_PAPER = `
  --term-background: #fbf7ee;
  --term-selection: #eadfc8;`;

const SOLARIZED_COLOURS = `
  --term-background: #002b36;
  --term-foreground: #93a1a1;
  --term-cursor: #b58900;
  --term-selection: #073642;
  --term-black: #073642; --term-red: #dc322f; --term-green: #859900; --term-yellow: #b58900;
  --term-blue: #268bd2; --term-magenta: #d33682; --term-cyan: #2aa198; --term-white: #eee8d5;
  --term-bright-black: #586e75; --term-bright-red: #cb4b16; --term-bright-green: #859900; --term-bright-yellow: #657b83;
  --term-bright-blue: #839496; --term-bright-magenta: #6c71c4; --term-bright-cyan: #93a1a1; --term-bright-white: #fdf6e3;`;

const SOLARIZED = `${SOLARIZED_COLOURS}
  --term-font-family: "DejaVu Sans Mono", monospace;
  --term-padding: 12px;`;

function themed(name: string, style: string, preset?: string) {
  const markup = `<term-session${preset ? ` theme="${preset}"` : ''}>`;
  return html`<div class="story">
    ${connection(html`<term-session profile="palette" label=${name} theme=${preset ?? nothing} style=${style}></term-session>`)}
    ${style ? html`<pre><code>${markup}\n\nterm-session {${style}\n}</code></pre>` : html`<pre><code>${markup}</code></pre>`}
  </div>`;
}

/** The default preset: a dark palette, painted from the first frame (no white flash before the terminal opens). */
export const Dark: StoryObj = { render: () => themed('dark', '') };

/** The light preset, for white pages: every one of the 16 ANSI colours, white and bright white included, reads at 3:1 or more. */
export const Light: StoryObj = { render: () => themed('light', '', 'light') };

/** A preset with two custom properties over it: the rest of the palette stays the preset's. */
export const PresetWithOverrides: StoryObj = { name: 'Preset with overrides', render: () => themed('warm paper', WARM_PAPER, 'light') };

/** Any palette (here Solarized), plus font family and padding. */
export const CustomPalette: StoryObj = { name: 'Custom palette', render: () => themed('solarized', SOLARIZED) };

/** A page-level switch: the class on the wrapper sets `--term-*`, and the running terminal repaints (no reload, no event to send). */
export const RuntimeSwitch: StoryObj = {
  name: 'Runtime switch',
  render: () => {
    const toggle = (event: Event) => {
      const wrapper = (event.target as HTMLElement).closest('.story')!;
      wrapper.classList.toggle('solarized');
    };
    const cycle = (event: Event) => {
      const session = (event.target as HTMLElement).closest('.story')!.querySelector('term-session')!;
      session.theme = session.theme === 'light' ? 'dark' : 'light';
    };
    return html`<div class="story">
      ${unsafeHTML(`<style>.story.solarized {${SOLARIZED_COLOURS}\n}</style>`)}
      <p>
        <button type="button" @click=${toggle}>Toggle the <code>solarized</code> class</button>
        <button type="button" @click=${cycle}>Switch the preset (<code>theme</code>)</button>
      </p>
      ${connection(html`<term-session profile="palette" label="runtime switch" theme="light"></term-session>`)}
      <pre><code>.story.solarized {${SOLARIZED_COLOURS}\n}</code></pre>
    </div>`;
  },
};
