/**
 * A session's life on the server, seen from its terminal: it ends, or it was
 * never there.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Session lifecycle',
  component: 'term-session',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

/**
 * The `countdown` profile prints three lines and exits with code 3. The
 * terminal keeps its output, adds one dim line with the exit code, and fires
 * `term-session-exit` ({code: 3, signal: null}). Press Enter in it (or call
 * `restart()`) to start a new session.
 */
export const SessionExits: StoryObj = {
  name: 'A session that exits',
  render: () => html`<div class="story">
    ${connection(html`<term-session profile="countdown" label="countdown"></term-session>`)}
    <story-event-log></story-event-log>
  </div>`,
};

/**
 * Left: `session-id` names a session the server does not have. The error
 * (`TERMPLEX_ERR_UNKNOWN_SESSION`) is written into that terminal only and
 * fired as `term-session-error`; the terminal on the right, on the same
 * connection, is unaffected. Press Enter in the left one to start a new session.
 */
export const UnknownSession: StoryObj = {
  name: 'Unknown session id',
  render: () => html`<div class="story">
    ${connection(html`<div class="row">
      <term-session session-id="0123456789abcdef0123456789abcdef" label="unknown session"></term-session>
      <term-session label="healthy neighbour"></term-session>
    </div>`)}
    <story-event-log></story-event-log>
  </div>`,
};

/**
 * `profile` names something the server has no profile for: the same kind of
 * error, `TERMPLEX_ERR_UNKNOWN_PROFILE`, in that terminal only.
 */
export const UnknownProfile: StoryObj = {
  name: 'Unknown profile',
  render: () => html`<div class="story">
    ${connection(html`<term-session profile="no-such-profile" label="unknown profile"></term-session>`)}
    <story-event-log></story-event-log>
  </div>`,
};
