#!/usr/bin/env node
/**
 * One page, two termplex servers: two <term-connection> elements, each with
 * its own socket, token and terminals. Think of "build box" and "staging box".
 * Here both servers run in this process on free loopback ports, and a third
 * tiny server serves the page (another origin, so each terminal server allows
 * it with allowedOrigins).
 *
 *   node examples/two-servers/server.mjs      -> http://127.0.0.1:3002/
 *
 * PORT picks the page's port (0: any free one).
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createTerminalServer } from '@termplex/server';

const escapeAttribute = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A shell whose prompt says which server it runs on. */
function promptProfile(name) {
  const bash = existsSync('/bin/bash');
  return {
    command: bash ? '/bin/bash' : '/bin/sh',
    args: bash ? ['--noprofile', '--norc'] : [],
    env: { PS1: `${name}$ ` },
  };
}

let alpha;
let beta;
const page = http.createServer((req, res) => {
  if (req.url !== '/') return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  // The terminal servers start once this one's origin is known, a moment after it listens.
  if (!alpha || !beta) return res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting\n');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Two termplex servers, one page</title>
  <!-- One bundle defines the elements; either server serves the same file. -->
  <script type="module" src="${alpha.url}/termplex.js"></script>
  <style>
    body { margin: 0; padding: 12px; background: #0d1117; color: #e6edf3; font: 14px system-ui, sans-serif; }
    main { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
    h2 { font-size: 1rem; margin: 0 0 6px; }
    h2 small { color: #7d8590; font-weight: normal; }
    term-session { height: 14rem; margin-bottom: 12px; }
  </style>
</head>
<body>
  <main>
    <term-connection id="alpha" url="${escapeAttribute(alpha.wsUrl)}" token="${escapeAttribute(alpha.token)}">
      <h2>alpha <small>${escapeAttribute(alpha.url)}</small></h2>
      <term-session aria-label="alpha, terminal 1"></term-session>
      <term-session aria-label="alpha, terminal 2"></term-session>
    </term-connection>
    <term-connection id="beta" url="${escapeAttribute(beta.wsUrl)}" token="${escapeAttribute(beta.token)}">
      <h2>beta <small>${escapeAttribute(beta.url)}</small></h2>
      <term-session aria-label="beta, terminal 1"></term-session>
    </term-connection>
  </main>
</body>
</html>`);
});

await new Promise((resolve) => page.listen(Number(process.env.PORT ?? 3002), '127.0.0.1', resolve));
const pageOrigin = `http://127.0.0.1:${page.address().port}`;
const serverOptions = (name) => ({
  host: '127.0.0.1',
  port: 0,
  allowedOrigins: [pageOrigin],
  profiles: { default: promptProfile(name) },
  logLevel: 'warn',
});
alpha = await createTerminalServer(serverOptions('alpha'));
beta = await createTerminalServer(serverOptions('beta'));
console.log(`${pageOrigin}/`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await Promise.all([alpha.close(), beta.close()]);
    page.close(() => process.exit(0));
    page.closeAllConnections();
  });
}
