/**
 * <term-session>: one terminal. The controls below the story are the
 * element's attributes, read from custom-elements.json (its JSDoc).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { connection } from './support/connection.js';

interface SessionArgs {
  profile: string;
  'font-size': number;
  'font-family': string;
  scrollback: number;
  'screen-reader': boolean;
  label: string;
}

const meta: Meta<SessionArgs> = {
  title: 'Elements/term-session',
  component: 'term-session',
  // The attributes this story applies; the property rows in the docs are the same settings from script.
  parameters: { controls: { include: ['profile', 'font-size', 'font-family', 'scrollback', 'screen-reader', 'label'] } },
  args: { profile: '', 'font-size': 14, 'font-family': '', scrollback: 1000, 'screen-reader': false, label: 'Terminal' },
  render: (args) => html`<div class="story">
    ${connection(html`<term-session
      profile=${args.profile || nothing}
      font-size=${args['font-size']}
      font-family=${args['font-family'] || nothing}
      scrollback=${args.scrollback}
      ?screen-reader=${args['screen-reader']}
      label=${args.label}
    ></term-session>`)}
    <story-event-log></story-event-log>
  </div>`,
};
export default meta;

type Story = StoryObj<SessionArgs>;

/** A shell on the server, in the page. Type into it; resize the frame and it refits. */
export const SingleTerminal: Story = { name: 'Single terminal' };

/** Attributes change a live terminal in place: here a larger font and a short scrollback. */
export const LargeFont: Story = { name: 'Large font', args: { 'font-size': 20, scrollback: 200 } };
