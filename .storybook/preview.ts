/**
 * Every story's frame: the elements' API (attributes, properties, events, CSS
 * parts and custom properties) comes from the custom-elements manifest that
 * `npm run build` generates from the JSDoc on the element classes, so the
 * controls and docs are written once, where the code lives.
 */
import '@termplex/elements';
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from 'virtual:termplex-custom-elements';
import '../stories/support/event-log.js';
import { liveServer } from '../stories/support/live-server.js';
import '../stories/support/stories.css';

setCustomElementsManifest(manifest);

/** Without a server (a static build) a live story says so above its terminals. */
const noServerNote: Decorator = (story, context) => {
  if (liveServer || context.parameters.termplex?.needsServer === false) return story();
  return html`<p class="no-server" role="note">
      <strong>No termplex server.</strong> This is a static build of the stories, so these terminals cannot connect and
      show their failed state. Run <code>npm run storybook</code> for live terminals.
    </p>
    ${story()}`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [noServerNote],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
