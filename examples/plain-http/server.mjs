#!/usr/bin/env node
/**
 * termplex inside a plain `node:http` server, no framework: upgrades on
 * /termplex go to the terminals, and `handleRequest` answers its own routes
 * (/termplex.js, /healthz, /api/sessions) and returns false for the rest.
 *
 *   node examples/plain-http/server.mjs      -> http://127.0.0.1:3001/
 *
 * PORT picks another port (0: any free one); TERMPLEX_TOKEN fixes the token.
 */
import http from 'node:http';
import { createTerminalServer } from '@termplex/server';

const escapeAttribute = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

let terminals;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html>
<title>node:http + termplex</title>
<script type="module" src="/termplex.js"></script>
<style>body { margin: 0; background: #0d1117; } term-session { height: 100vh; }</style>
<term-connection token="${escapeAttribute(terminals.token)}"><term-session aria-label="shell"></term-session></term-connection>`);
    return;
  }
  if (terminals.handleRequest(req, res)) return;
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
});

terminals = await createTerminalServer({ server, token: process.env.TERMPLEX_TOKEN, logLevel: 'warn' });

server.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await terminals.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
