/**
 * Every story's frame. The elements' API (attributes, properties, events, CSS
 * parts and custom properties) comes from the custom-elements manifest that
 * `npm run build` generates from the JSDoc on the element classes, so the
 * controls and docs are written once, where the code lives.
 */
import '@termplex/elements';
import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from 'virtual:termplex-custom-elements';
import '../stories/support/event-log.js';
import { attributeControlsOnly, methodsFrom, noServerNote } from '../stories/support/preview-annotations.js';
import '../stories/support/stories.css';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [noServerNote],
  argTypesEnhancers: [attributeControlsOnly, methodsFrom(manifest)],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
