/**
 * What .storybook/main.ts adds to Storybook's Vite config (kept here, where
 * it is type-checked with the stories):
 *
 *  - workspace packages resolve to their TypeScript source (the `source`
 *    export condition, as in the test runner and rollup), so stories never
 *    depend on a dist/ build; Vite turns `xterm.css?inline` into a string;
 *  - `virtual:termplex-custom-elements`: the elements' manifest, public API only;
 *  - __TERMPLEX_SERVER__: {wsUrl, token} of the server stories/serve.ts
 *    started (env TERMPLEX_STORYBOOK_SERVER), or null in a plain build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, type InlineConfig, type Plugin } from 'vite';
import type { LiveServer } from './live-server.js';

const manifestPath = fileURLToPath(new URL('../../packages/elements/custom-elements.json', import.meta.url));
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
export function publicApiOnly(manifest: Manifest): Manifest {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      declaration.members = declaration.members?.filter((m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !/^[#_]/.test(m.name));
    }
  }
  return manifest;
}

/**
 * The manifest as a module. It is committed and refreshed by `npm run build`;
 * if it is missing the stories still work, only the controls and docs lose
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
      return `export default ${JSON.stringify(publicApiOnly(JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest))};`;
    },
  };
}

export function serverFromEnv(raw = process.env.TERMPLEX_STORYBOOK_SERVER): LiveServer | null {
  if (!raw) return null;
  const parsed = JSON.parse(raw) as { wsUrl?: unknown; token?: unknown };
  if (typeof parsed.wsUrl !== 'string' || typeof parsed.token !== 'string') {
    throw new TypeError('TERMPLEX_STORYBOOK_SERVER must be JSON {"wsUrl": string, "token": string}');
  }
  return { wsUrl: parsed.wsUrl, token: parsed.token };
}

export function termplexVite(vite: InlineConfig): InlineConfig {
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
}
