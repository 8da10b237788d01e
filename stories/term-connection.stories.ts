/**
 * <term-connection>: one WebSocket for every terminal inside it.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { connection } from './support/connection.js';
import './support/connection-status.js';

const meta: Meta = {
  title: 'Elements/term-connection',
  component: 'term-connection',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

/**
 * Three sessions, three shells, one socket: the line above the terminals
 * counts the WebSockets this page has opened. Typing in one terminal shows
 * output only there.
 */
export const ThreeTerminals: StoryObj = {
  name: 'Three terminals, one connection',
  render: () => html`<div class="story">
    <story-connection-status></story-connection-status>
    ${connection(html`<div class="row">
      <term-session label="first terminal"></term-session>
      <term-session label="second terminal"></term-session>
      <term-session label="third terminal"></term-session>
    </div>`)}
    <story-event-log></story-event-log>
  </div>`,
};
