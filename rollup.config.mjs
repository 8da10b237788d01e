/**
 * Builds every package's dist/ and the one-file browser bundle.
 *
 *   protocol  -> packages/protocol/dist/index.js        (ESM, no deps)
 *   server    -> packages/server/dist/{index,cli}.js     (ESM; npm deps stay external)
 *   elements  -> packages/elements/dist/**               (unbundled ESM, one file per module)
 *             -> packages/elements/dist/termplex.js      (self-contained: Lit, xterm, its addons, CSS)
 *                and packages/server/dist/termplex.js    (the same file: the server serves it without @termplex/elements installed)
 *
 * TypeScript is transpiled by esbuild; type-checking is `tsc` in `npm test`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const require = createRequire(import.meta.url);
const exportConditions = ['source', 'browser', 'production', 'module', 'import', 'default'];

/** `import css from 'x.css?inline'` becomes the stylesheet's text (twin of test/support/css-inline-plugin.mjs). */
function cssInline() {
  return {
    name: 'termplex-css-inline',
    resolveId(source, importer) {
      if (!source.endsWith('.css?inline')) return null;
      const spec = source.slice(0, -'?inline'.length);
      const base = importer && spec.startsWith('.') ? path.dirname(importer) : process.cwd();
      return '\0css-inline:' + require.resolve(spec, { paths: [base] });
    },
    load(id) {
      if (!id.startsWith('\0css-inline:')) return null;
      return `export default ${JSON.stringify(readFileSync(id.slice('\0css-inline:'.length), 'utf8'))};`;
    },
  };
}

const ts = (options = {}) => esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', ...options });
const onwarn = (warning, warn) => {
  // Lit and xterm use `this` at module top level in ways that are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

const configs = [
  {
    input: 'packages/protocol/src/index.ts',
    output: { file: 'packages/protocol/dist/index.js', format: 'es', sourcemap: true },
    plugins: [ts()],
    onwarn,
  },
];

if (existsSync('packages/server/src/index.ts')) {
  const serverDeps = Object.keys(JSON.parse(readFileSync('packages/server/package.json', 'utf8')).dependencies ?? {});
  const external = (id) => builtinModules.includes(id) || id.startsWith('node:') || serverDeps.some((d) => id === d || id.startsWith(d + '/'));
  configs.push({
    input: { index: 'packages/server/src/index.ts', cli: 'packages/server/src/cli/main.ts' },
    output: { dir: 'packages/server/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    external,
    plugins: [nodeResolve({ exportConditions: ['source', 'node', 'import', 'default'], preferBuiltins: true }), ts()],
    onwarn,
  });
}

if (existsSync('packages/elements/src/index.ts')) {
  const elementDeps = Object.keys(JSON.parse(readFileSync('packages/elements/package.json', 'utf8')).dependencies ?? {});
  configs.push(
    {
      // The npm build: one module per source file, dependencies left for the app's bundler.
      input: 'packages/elements/src/index.ts',
      output: { dir: 'packages/elements/dist', format: 'es', preserveModules: true, preserveModulesRoot: 'packages/elements/src', sourcemap: true },
      // xterm's stylesheet is inlined as a string (`?inline`), so apps need no CSS loader for it.
      external: (id) => !id.endsWith('?inline') && elementDeps.some((d) => id === d || id.startsWith(d + '/')),
      plugins: [cssInline(), nodeResolve({ exportConditions }), ts()],
      onwarn,
    },
    {
      // The one file a page loads with <script type="module" src=".../termplex.js">.
      input: 'packages/elements/src/index.ts',
      output: [
        { file: 'packages/elements/dist/termplex.js', format: 'es', sourcemap: true },
        { file: 'packages/server/dist/termplex.js', format: 'es', sourcemap: true },
      ],
      plugins: [cssInline(), nodeResolve({ exportConditions }), ts({ minify: true, legalComments: 'none' })],
      onwarn,
    },
  );
}

export default configs;
