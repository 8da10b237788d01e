/**
 * Every story's frame: the elements' API (attributes, properties, events, CSS
 * parts and custom properties) comes from the custom-elements manifest that
 * `npm run build` generates from the JSDoc on the element classes, so the
 * controls and docs are written once, where the code lives.
 */
import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from 'virtual:termplex-custom-elements';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    backgrounds: { disable: true },
  },
};

export default preview;
