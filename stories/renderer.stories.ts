/**
 * `renderer="webgl"`: xterm's WebGL addon draws the terminal, and the element
 * falls back to the DOM renderer by itself. The outline shows which renderer
 * draws each terminal now, from the read-only `active-renderer` attribute.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Renderer',
  component: 'term-session',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

/** The renderer in use, as a page's CSS can see it: green for WebGL, grey for DOM. */
const OUTLINES = html`<style>
  .renderer term-session { outline: 2px solid #8c959f; outline-offset: 1px; }
  .renderer term-session[active-renderer='webgl'] { outline-color: #1a7f37; }
  .renderer .grid { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; }
  .renderer .grid term-session { height: 9rem; }
</style>`;

/** One terminal drawn with WebGL (grey if this browser has no WebGL 2: it fell back to the DOM renderer). */
export const WebGL: StoryObj = {
  name: 'WebGL terminal',
  render: () => html`<div class="story renderer">
    ${OUTLINES}
    <p>Green outline: <code>active-renderer="webgl"</code>; grey: the DOM renderer took over.</p>
    ${connection(html`<term-session renderer="webgl" label="webgl"></term-session>`)}
  </div>`,
};

/** Removes the story's first WebGL terminal: its slot goes to the first one waiting. */
function removeOne(event: Event) {
  (event.target as HTMLElement).closest('.story')!.querySelector("term-session[active-renderer='webgl']")?.remove();
}

/**
 * 24 terminals that all ask for WebGL. Browsers keep about 16 WebGL contexts
 * live per page and blank the oldest past that, so 12 get WebGL and the rest
 * draw with the DOM renderer; remove a green one and the first grey one
 * turns green.
 */
export const Grid: StoryObj = {
  name: 'Grid of 24 (WebGL budget)',
  render: () => html`<div class="story renderer">
    ${OUTLINES}
    <p>
      All 24 have <code>renderer="webgl"</code>: 12 green (WebGL), 12 grey (DOM), every one drawn.
      <button @click=${removeOne}>Remove a WebGL terminal</button>
    </p>
    ${connection(html`<div class="grid">
      ${Array.from({ length: 24 }, (_, i) => html`<term-session renderer="webgl" font-size="11" label=${`terminal ${i + 1}`}></term-session>`)}
    </div>`)}
  </div>`,
};
