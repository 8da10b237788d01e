/**
 * Storybook for the termplex elements, configured by hand (no initialiser).
 *
 * Offline by design: telemetry is off here and in the npm scripts
 * (STORYBOOK_DISABLE_TELEMETRY=1), and no addon fetches anything.
 *
 * Workspace packages resolve to their TypeScript source (the `source` export
 * condition, as in the test runner and rollup), so stories never depend on a
 * dist/ build, and Vite turns `xterm.css?inline` into a string by itself.
 *
 * The live server: `npm run storybook` (stories/serve.mjs) starts the
 * reference server and passes its wsUrl and token in TERMPLEX_STORYBOOK_SERVER;
 * it reaches the stories as the compile-time constant __TERMPLEX_SERVER__.
 * A static build has no such variable and the constant is null: the stories
 * then render their terminals with the "no server" overlay.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, type Plugin } from 'vite';

const manifestPath = fileURLToPath(new URL('../packages/elements/custom-elements.json', import.meta.url));
const manifestId = 'virtual:termplex-custom-elements';

/**
 * The manifest as a module. It is a build output (`npm run build`, which
 * `npm install` runs); when it is missing the stories still work, only the
 * controls and docs lose their descriptions, and the build says why.
 */
function customElementsManifest(): Plugin {
  return {
    name: 'termplex-custom-elements-manifest',
    resolveId: (id) => (id === manifestId ? '\0' + manifestId : null),
    load(id) {
      if (id !== '\0' + manifestId) return null;
      if (!existsSync(manifestPath)) {
        this.warn(`${manifestPath} is missing: run npm run build to document the elements`);
        return 'export default { schemaVersion: "1.0.0", modules: [] };';
      }
      this.addWatchFile(manifestPath);
      return `export default ${readFileSync(manifestPath, 'utf8')};`;
    },
  };
}

function serverFromEnv(): { wsUrl: string; token: string } | null {
  const raw = process.env.TERMPLEX_STORYBOOK_SERVER;
  if (!raw) return null;
  const parsed = JSON.parse(raw) as { wsUrl?: unknown; token?: unknown };
  if (typeof parsed.wsUrl !== 'string' || typeof parsed.token !== 'string') {
    throw new TypeError('TERMPLEX_STORYBOOK_SERVER must be JSON {"wsUrl": string, "token": string}');
  }
  return { wsUrl: parsed.wsUrl, token: parsed.token };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // Docs pages render each element's manifest entry: attributes, properties,
  // events, CSS parts and custom properties.
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(vite) {
    return {
      ...vite,
      plugins: [...(vite.plugins ?? []), customElementsManifest()],
      resolve: { ...vite.resolve, conditions: ['source', ...defaultClientConditions] },
      // xterm.js alone is ~300 KB minified; one chunk per story frame is fine here.
      build: { ...vite.build, chunkSizeWarningLimit: 2048 },
      define: { ...vite.define, __TERMPLEX_SERVER__: JSON.stringify(serverFromEnv()) },
    };
  },
};

export default config;
