/**
 * The everyday details of a terminal: wide characters, links, copy and
 * paste, a read-only viewer, the title and the bell. The `details` profile
 * prints wide characters against a bar, a link, sets a title and rings the
 * bell before starting a shell.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Terminal details',
  component: 'term-session',
  parameters: { controls: { disable: true } },
};
export default meta;

const note = (text: string) => html`<p>${text}</p>`;

/** Emoji and CJK take two columns, combining marks none (Unicode 11 widths, as the shell counts): the bars line up. */
export const WideCharacters: StoryObj = {
  name: 'Wide characters',
  render: () => html`<div class="story">${note('Every line is 10 columns: the right-hand bars line up.')}${connection(html`<term-session profile="details"></term-session>`)}</div>`,
};

/** Links open on Ctrl+click (Cmd+click on macOS); hovering one says so. A plain click selects, as in a desktop terminal. */
export const Links: StoryObj = {
  render: () => html`<div class="story">${note('Hover the link, then Ctrl+click it.')}${connection(html`<term-session profile="details"></term-session>`)}</div>`,
};

/** Ctrl+Shift+C / Ctrl+Shift+V (Cmd+C / Cmd+V on macOS); Ctrl+C copies when text is selected. Here also copy-on-select. */
export const CopyAndPaste: StoryObj = {
  name: 'Copy and paste',
  render: () =>
    html`<div class="story">${note('Select text (it is copied at once: copy-on-select), then paste it with Ctrl+Shift+V or Ctrl+V. With shell-keys, Ctrl+C and Ctrl+V go to the shell.')}
    ${connection(html`<term-session copy-on-select></term-session>`)}</div>`,
};

/** A viewer of the same session: a "Read-only" badge, a still underline cursor, a dashed focus ring, and a nudge when someone types. */
export const ReadOnlyViewer: StoryObj = {
  name: 'Read-only viewer',
  render: () => {
    // The viewer joins once the writer's session exists: it attaches by id.
    const addViewer = (event: CustomEvent<{ sessionId: string }>) => {
      const writer = event.target as HTMLElement;
      if (writer.parentElement!.querySelector('term-session[readonly]')) return;
      const viewer = document.createElement('term-session');
      viewer.setAttribute('readonly', '');
      viewer.setAttribute('session-id', event.detail.sessionId);
      writer.after(viewer);
    };
    return html`<div class="story">${note('Type in the first terminal; the second watches. Typing into the second is not sent, and it says so.')}
      ${connection(html`<term-session @term-session-open=${addViewer}></term-session>`)}</div>`;
  },
};

/** The title the program sets, in the built-in title bar; BEL flashes the frame and fires term-bell. */
export const TitleAndBell: StoryObj = {
  name: 'Title and bell',
  render: () =>
    html`<div class="story">${note("Try printf '\\033]0;my title\\007' and printf '\\a'.")}${connection(html`<term-session titlebar profile="details"></term-session>`)}</div>`,
};

/** The wheel over a full-screen program that does not take the mouse (less, man) scrolls as far as it scrolls scrollback. */
export const WheelOverLess: StoryObj = {
  name: 'Wheel over less',
  render: () => html`<div class="story">${note('Run less /etc/services and scroll with the wheel: one notch moves as many lines as in the scrollback.')}${connection(html`<term-session></term-session>`)}</div>`,
};
