/**
 * Storybook for the termplex elements, configured by hand (no initialiser).
 * Offline by design: telemetry is off here and in the npm scripts
 * (STORYBOOK_DISABLE_TELEMETRY=1), and no addon fetches anything.
 * The Vite additions (source resolution, the elements' manifest, the live
 * server's URL and token) are in stories/support/storybook-vite.ts.
 */
import type { StorybookConfig } from '@storybook/web-components-vite';
import { termplexVite } from '../stories/support/storybook-vite.js';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // Docs pages render each element's manifest entry: attributes, properties,
  // events, CSS parts and custom properties.
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // No "Get started" checklist in the sidebar: this Storybook documents a kit, it is not a new project.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  viteFinal: async (vite) => termplexVite(vite),
};

export default config;
