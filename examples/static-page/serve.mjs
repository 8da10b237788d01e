#!/usr/bin/env node
/**
 * Serves this folder as any static host would (a CMS, GitHub Pages, nginx):
 *
 *   node examples/static-page/serve.mjs      -> http://127.0.0.1:8080/
 *
 * PORT picks another port (0: any free one). Prints the URL and nothing else.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = path.dirname(fileURLToPath(import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const name = pathname === '/' ? 'index.html' : path.basename(decodeURIComponent(pathname));
  const type = types[path.extname(name)];
  try {
    if (!type) throw new Error('not served');
    res.writeHead(200, { 'content-type': type }).end(await readFile(path.join(folder, name)));
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
