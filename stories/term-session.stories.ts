/**
 * <term-session>: one terminal. The controls are the element's attributes,
 * read from custom-elements.json (its JSDoc); changing one changes the live
 * element, as a page's script would.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { applyAttributes } from './support/attributes.js';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Elements/term-session',
  component: 'term-session',
  args: { 'font-size': 14, scrollback: 1000, label: 'Terminal' },
  render: (args, { argTypes }) => html`<div class="story">
    ${connection(html`<term-session ${ref((element) => applyAttributes(element, args, argTypes))}></term-session>`)}
    <story-event-log></story-event-log>
  </div>`,
};
export default meta;

type Story = StoryObj;

/** A shell on the server, in the page. Type into it; resize the frame and it refits. */
export const SingleTerminal: Story = { name: 'Single terminal' };

/** Attributes change a live terminal in place: here a larger font and a short scrollback. */
export const LargeFont: Story = { name: 'Large font', args: { 'font-size': 20, scrollback: 200 } };
