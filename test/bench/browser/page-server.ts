/**
 * Serves the browser workload's page on 127.0.0.1: the page script (bundled
 * from source by esbuild, with xterm's stylesheet inlined as a string) and
 * the bytes the bare terminal writes. Nothing else is reachable.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** `import css from 'x.css?inline'` becomes the stylesheet's text, as rollup.config.mjs does for the bundle. */
const cssInline: Plugin = {
  name: 'termplex-bench-css-inline',
  setup(b) {
    b.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
      path: require.resolve(args.path.slice(0, -'?inline'.length), { paths: [args.resolveDir] }),
      namespace: 'css-inline',
    }));
    b.onLoad({ filter: /.*/, namespace: 'css-inline' }, (args) => ({ contents: `export default ${JSON.stringify(readFileSync(args.path, 'utf8'))};`, loader: 'js' }));
  },
};

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, 'page.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    plugins: [cssInline],
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

export async function startPageServer(output: Buffer): Promise<PageServer> {
  const script = await bundlePage();
  const html = '<!doctype html><meta charset="utf-8"><title>termplex bench</title><body><script type="module" src="/page.js"></script></body>';
  const server = http.createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/output.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(output);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
