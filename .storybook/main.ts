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
 * The live server: `npm run storybook` (stories/serve.ts) starts the
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

interface ManifestMember {
  name: string;
  privacy?: string;
  static?: boolean;
}
interface Manifest {
  modules?: Array<{ declarations?: Array<{ members?: ManifestMember[] }> }>;
}

/** Storybook lists every member it is given; the docs are for the public API only. */
function publicApiOnly(manifest: Manifest): Manifest {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      declaration.members = declaration.members?.filter((m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !/^[#_]/.test(m.name));
    }
  }
  return manifest;
}

/**
 * The manifest as a module. It is committed and refreshed by `npm run build`;
 * when it is missing the stories still work, only the controls and docs lose
 * their descriptions, and the build says why.
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
      return `export default ${JSON.stringify(publicApiOnly(JSON.parse(readFileSync(manifestPath, 'utf8'))))};`;
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
      // Storybook's renderer imports lit/directive-helpers.js, which Vite would
      // otherwise serve unbundled: a second copy of lit-html beside the
      // pre-bundled one ("Multiple versions of Lit loaded").
      optimizeDeps: { ...vite.optimizeDeps, include: [...(vite.optimizeDeps?.include ?? []), 'lit/directive-helpers.js'] },
      // xterm.js alone is ~300 KB minified; one chunk per story frame is fine here.
      build: { ...vite.build, chunkSizeWarningLimit: 2048 },
      define: { ...vite.define, __TERMPLEX_SERVER__: JSON.stringify(serverFromEnv()) },
    };
  },
};

export default config;
