/**
 * <term-player>: a recording of a real session (stories/casts/, made by
 * `npm run record-stories`), played with no server. The controls are the
 * element's attributes, from custom-elements.json.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { applyAttributes } from './support/attributes.js';
import { recordingOf } from './support/recordings.js';

const meta: Meta = {
  title: 'Elements/term-player',
  component: 'term-player',
  parameters: { termplex: { needsServer: false } },
  args: { src: recordingOf('default'), autoplay: true, speed: 1, 'idle-time-limit': 1 },
  render: (args, { argTypes }) => html`<div class="story">
    <term-player ${ref((element) => applyAttributes(element, args, argTypes))}></term-player>
    <story-event-log></story-event-log>
  </div>`,
};
export default meta;

type Story = StoryObj;

/** A shell session, played as it happened (pauses over a second shortened to one). */
export const Playing: Story = {};

/** Not playing: the last screen as the poster, and the control bar to start it. */
export const PosterAtTheEnd: Story = { name: 'Poster at the end', args: { autoplay: false, poster: 'end' } };

/** Colours from the same presets and custom properties as <term-session>. */
export const LightTheme: Story = { name: 'Light theme', args: { src: recordingOf('palette'), theme: 'light' } };

/** A file that is not a recording: the element says so, and fires term-player-error. */
export const BadFile: Story = { name: 'A bad file', args: { src: 'data:text/plain,not%20a%20recording', autoplay: false } };
