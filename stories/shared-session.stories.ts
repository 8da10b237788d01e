/**
 * Several terminals on one server session: a writer and a read-only viewer.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Shared session',
  component: 'term-session',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

/** Once the writer has a session, attach a read-only viewer to the same id. */
function addViewer(event: CustomEvent<{ sessionId: string }>) {
  const writer = event.target as HTMLElement;
  if (writer.getAttribute('label') !== 'writer') return;
  const place = writer.closest('.row')!.querySelector('.viewer')!;
  if (place.querySelector('term-session')) return; // a reconnect re-opens: keep the viewer we have
  const viewer = document.createElement('term-session');
  viewer.setAttribute('readonly', '');
  viewer.setAttribute('session-id', event.detail.sessionId);
  viewer.setAttribute('label', 'viewer');
  place.append(viewer);
}

/**
 * Type on the left; the right shows the same session, read-only (keys typed
 * there go nowhere). Both sit on the same connection, so one socket carries
 * two channels of one session. The viewer takes the session's size instead of
 * fitting its box: the PTY follows the writers (the smallest one, as tmux does).
 */
export const ReadOnlyViewer: StoryObj = {
  name: 'Read-only viewer beside a writer',
  render: () => html`<div class="story">
    ${connection(html`<div class="row" @term-session-open=${addViewer}>
      <figure><figcaption>writer</figcaption><term-session label="writer"></term-session></figure>
      <figure><figcaption>viewer (readonly)</figcaption><div class="viewer"></div></figure>
    </div>`)}
    <story-event-log></story-event-log>
  </div>`,
};
