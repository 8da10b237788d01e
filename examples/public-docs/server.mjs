#!/usr/bin/env node
/**
 * A public docs site: a static page with a terminal for every visitor, and
 * the tiny backend that makes it safe. termplex runs in this process,
 * attached to the same HTTP server (so the page, the bundle and the socket
 * share one origin). Each visitor gets a cookie; with it, POST /ticket
 * mints one ticket for the sandboxed `tutorial` profile. The server token
 * stays in this process: no page, script or storage ever holds it.
 *
 *   node examples/public-docs/server.mjs     -> http://127.0.0.1:3100/
 *
 * PORT picks another port (0: any free one). Needs bubblewrap (Debian:
 * apt-get install bubblewrap); without it the server refuses to start and
 * says so, rather than run visitors' shells unsandboxed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createTerminalServer } from '@termplex/server';

const page = readFileSync(new URL('./index.html', import.meta.url));
const MiB = 1024 * 1024;

const server = http.createServer();
const terminals = await createTerminalServer({
  server,
  token: process.env.TERMPLEX_TOKEN, // absent: a random one, known to this process only
  profiles: {
    tutorial: {
      command: '/bin/bash',
      args: ['--norc', '--noprofile'],
      env: { PS1: 'tutorial$ ' },
      sandbox: { memory: 512 * MiB, processes: 64, scratch: 32 * MiB },
    },
  },
  quotas: { sessionsPerTicket: 1, sessionsPerAddress: 20, sessionLifetime: 15 * 60, idleTimeout: 5 * 60 },
  logLevel: 'warn',
});

/** Visitors known by their cookie: a real site would use its own session or login here. */
const visitors = new Set();
const visitorOf = (req) => /(?:^|;\s*)visitor=([0-9a-f]{32})(?:;|$)/.exec(req.headers.cookie ?? '')?.[1];

server.on('request', async (req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/' && req.method === 'GET') {
    let visitor = visitorOf(req);
    const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (!visitor || !visitors.has(visitor)) {
      visitor = randomBytes(16).toString('hex');
      visitors.add(visitor);
      headers['Set-Cookie'] = `visitor=${visitor}; Path=/; HttpOnly; SameSite=Strict`;
    }
    res.writeHead(200, headers).end(page);
    return;
  }
  if (path === '/ticket' && req.method === 'POST') {
    // SameSite=Strict: another site's page cannot mint tickets with this visitor's cookie.
    if (!visitors.has(visitorOf(req))) {
      res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"error":"open the page first"}');
      return;
    }
    const { ticket } = await terminals.createTicket({ profile: 'tutorial' });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ ticket }));
    return;
  }
  // termplex's own routes: /termplex.js, /healthz, /api/... (bearer auth; the token is not in any page).
  if (!terminals.handleRequest(req, res)) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await terminals.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
