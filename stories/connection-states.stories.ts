/**
 * What a terminal shows while its connection is not open: a badge while
 * connecting or reconnecting, a panel with the reason and a Retry button when
 * a page that never got in failed, and one banner for the whole connection
 * when a connection that was open is lost. The overlay is drawn over the
 * terminal, never into its output.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { connection } from './support/connection.js';
import './support/connection-status.js';
import { SCRIPTED_HOST, dropSockets, setServerAway } from './support/demo-sockets.js';

const meta: Meta = {
  title: 'Scenarios/Connection states',
  component: 'term-connection',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

const frame = (content: TemplateResult) => html`<div class="story">
  <story-connection-status></story-connection-status>
  ${content}
  <story-event-log></story-event-log>
</div>`;

/**
 * `connecting`: the socket's handshake has not finished. A real server gets
 * through this in milliseconds, so this story's socket is scripted (host
 * `${SCRIPTED_HOST}`, no network) never to answer, and `connect-timeout` is
 * ten minutes.
 */
export const Connecting: StoryObj = {
  parameters: { termplex: { needsServer: false } },
  render: () => frame(connection(html`<term-session></term-session>`, { url: `ws://${SCRIPTED_HOST}/never-answers`, connectTimeout: 600_000 })),
};

/**
 * `reconnecting`: press "Drop the connection" to close the page's socket the
 * way a network blip would. The banner above the terminal (and a small badge
 * on it) shows while the element waits (random backoff up to `retry-delay`,
 * here 5 s), then it reconnects and re-attaches
 * the session, replaying whatever output it missed. Try it while
 * `seq 100000` runs.
 */
export const Reconnecting: StoryObj = {
  render: () =>
    frame(html`<p><button type="button" @click=${dropSockets}>Drop the connection</button></p>
      ${connection(html`<term-session></term-session>`, { retryDelay: 5000 })}`),
};

/**
 * An outage: press "Server goes away" and the page's socket drops and every
 * new one fails, as if nothing listened. One banner above the terminals says
 * what is happening, counts the attempts and shows when the next one starts;
 * each terminal shows only a small badge, and how many typed bytes wait to be
 * sent (type something). Press "Server is back": it reconnects by itself
 * within the 5 s backoff cap and sends what was typed. It never gives up.
 */
export const ServerAway: StoryObj = {
  name: 'Server away and back',
  render: () => {
    setServerAway(false); // a story opened after this one starts with the server there
    return frame(html`<p>
        <button type="button" @click=${() => setServerAway(true)}>Server goes away</button>
        <button type="button" @click=${() => setServerAway(false)}>Server is back</button>
      </p>
      ${connection(html`<div class="row">
        <term-session label="first terminal"></term-session>
        <term-session label="second terminal"></term-session>
      </div>`)}`);
  },
};

/**
 * `failed`: nothing listens at the URL (here 127.0.0.1 port 1). A page that
 * never got in gives up after a few attempts, because a browser reports a
 * refused Origin exactly like an unreachable server. Retry starts over.
 */
export const FailedUnreachable: StoryObj = {
  name: 'Failed: server unreachable',
  parameters: { termplex: { needsServer: false } },
  render: () => frame(connection(html`<term-session></term-session>`, { url: 'ws://127.0.0.1:1/termplex' })),
};

/**
 * `failed` at once, without retries: the server closed the socket with 4001
 * because the token is wrong, and the same token would be refused again.
 * (Set the right `token` and the element reconnects by itself.)
 */
export const FailedWrongToken: StoryObj = {
  name: 'Failed: wrong token',
  render: () => frame(connection(html`<term-session></term-session>`, { token: 'not-the-token' })),
};
