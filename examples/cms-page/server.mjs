#!/usr/bin/env node
/**
 * A toy CMS: it renders stored articles into its theme's layout, with the
 * Content-Security-Policy a hardened site sends. The articles hold the
 * termplex snippet as an author pasted it into a "Custom HTML" block.
 *
 *   TERMPLEX_SERVER=http://127.0.0.1:7681 node examples/cms-page/server.mjs   -> http://127.0.0.1:8090/
 *
 * PORT picks another port (0: any free one). Prints the URL and nothing else.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const termplex = new URL(process.env.TERMPLEX_SERVER ?? 'http://127.0.0.1:7681').origin;
const socketOrigin = termplex.replace(/^http/, 'ws');
const read = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');

// The snippet as an author copies it (it names the default server), and the
// article store: bodies as saved, each %SNIPPET% one paste of it. This toy
// points the pasted URLs at TERMPLEX_SERVER.
const snippet = read('snippet.html').replaceAll('http://127.0.0.1:7681', termplex).replaceAll('ws://127.0.0.1:7681', socketOrigin);
const articles = new Map(
  [['/', 'first.html'], ['/articles/second', 'second.html']].map(([path, file]) => [path, read(`articles/${file}`).replaceAll('%SNIPPET%', snippet)]),
);

// The site's security settings, as its admin enters them. Scripts: the site's
// own, the bundle's origin, and the snippet's one inline script by its hash
// (Chromium's console names the hash to add when it refuses one). Styles:
// xterm.js writes <style> elements and style attributes, hence 'unsafe-inline'.
const snippetScript = /<script>([\s\S]*?)<\/script>/.exec(snippet)[1];
const snippetHash = `'sha256-${createHash('sha256').update(snippetScript).digest('base64')}'`;
const csp = process.env.CMS_CSP ?? [
  "default-src 'none'",
  `script-src 'self' ${termplex} ${snippetHash}`,
  `connect-src 'self' ${socketOrigin}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const titleOf = (body) => /<h1>(.*?)<\/h1>/.exec(body)?.[1] ?? 'Untitled';
const layout = (body) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${titleOf(body)} · Toy CMS</title>
  <link rel="stylesheet" href="/theme.css">
  <script type="module" src="/theme.js"></script>
</head>
<body>
  <header><a href="/">Toy CMS</a> <nav><a href="/">First article</a> · <a href="/articles/second">Second article</a></nav></header>
  <main id="content"><article>
${body}</article></main>
</body>
</html>
`;

const assets = { '/theme.js': 'text/javascript', '/theme.css': 'text/css' };

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  if (articles.has(pathname)) {
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(layout(articles.get(pathname)));
  } else if (assets[pathname]) {
    res.writeHead(200, { ...headers, 'content-type': assets[pathname] }).end(read(pathname.slice(1)));
  } else {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
  }
});

server.listen(Number(process.env.PORT ?? 8090), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
