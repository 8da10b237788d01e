/**
 * Lets browser tests import a stylesheet as a string, the way the bundle does:
 *   import css from '@xterm/xterm/css/xterm.css?inline';
 * (Vite understands `?inline` natively; rollup.config.mjs has its own twin.)
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const PREFIX = '/__termplex_inline_css__/';
const require = createRequire(import.meta.url);

export function cssInlinePlugin() {
  return {
    name: 'termplex-css-inline',
    resolveImport({ source, context }) {
      if (!source.endsWith('.css?inline')) return undefined;
      const spec = source.slice(0, -'?inline'.length);
      const base = spec.startsWith('.') ? path.dirname(path.join(process.cwd(), context.path)) : process.cwd();
      const file = require.resolve(spec, { paths: [base] });
      return PREFIX + encodeURIComponent(file);
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const file = decodeURIComponent(context.path.slice(PREFIX.length));
      // Only stylesheets inside this checkout; never an arbitrary file.
      if (!file.startsWith(process.cwd() + path.sep) || !file.endsWith('.css')) return { body: 'forbidden', type: 'text', status: 403 };
      return { body: `export default ${JSON.stringify(await readFile(file, 'utf8'))};`, type: 'js' };
    },
  };
}
