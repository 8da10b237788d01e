#!/usr/bin/env node
/**
 * An Express app with terminals in its own pages: the termplex server shares
 * the app's HTTP server (WebSocket upgrades on /termplex) and its routes
 * (/termplex.js, /healthz, /api/sessions) are one middleware.
 *
 *   node examples/express-app/server.mjs      -> http://127.0.0.1:3000/
 *
 * PORT picks another port (0: any free one); TERMPLEX_TOKEN fixes the token.
 */
import http from 'node:http';
import express from 'express';
import { createTerminalServer } from '@termplex/server';

const escapeAttribute = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const app = express();
const server = http.createServer(app);

const terminals = await createTerminalServer({
  server,
  token: process.env.TERMPLEX_TOKEN, // absent: a random one, which this app hands to its pages
  profiles: {
    default: { command: process.env.SHELL || '/bin/sh', args: ['-l'] },
    top: { command: 'top', args: [] },
  },
  logLevel: 'warn',
});

// The page is same-origin with the socket, so no allowedOrigins are needed.
// The token is the key to a shell: a real app renders it only for users it
// has authenticated (behind its own login, on https).
app.get('/', (_req, res) => {
  res.type('html').send(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Express + termplex</title>
  <script type="module" src="/termplex.js"></script>
  <style>
    html, body { height: 100%; margin: 0; background: #0d1117; }
    /* Side by side, filling the window; a terminal is 360px tall unless told otherwise. */
    term-connection { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; height: 100%; padding: 8px; box-sizing: border-box; }
    term-session { height: 100%; min-height: 0; }
  </style>
</head>
<body>
  <term-connection token="${escapeAttribute(terminals.token)}">
    <term-session aria-label="shell"></term-session>
    <term-session profile="top" aria-label="top"></term-session>
  </term-connection>
</body>
</html>`);
});
app.use(terminals.middleware);

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});

// Ending the terminals first ends every shell they started.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await terminals.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
