#!/usr/bin/env node
/**
 * Checks the reverse-proxy recipe end to end: nginx terminating TLS in front
 * of termplex-server, with the WebSocket upgrade passed through.
 *
 *   node --import tsx test/e2e/nginx-recipe.ts     (opt-in; not part of npm test)
 *
 * 1. Installs nginx from Debian's packages if it is missing (needs root).
 * 2. Makes a self-signed certificate for `termplex.test` with openssl.
 * 3. Starts the server CLI on 127.0.0.1, port 0, allowing that host name (the
 *    page's origin is then the server's own, as the recipe says).
 * 4. Starts nginx on a free loopback port with examples/nginx/termplex.conf,
 *    changed only in its name, port, certificate and upstream port.
 * 5. In headless Chromium (termplex.test mapped to 127.0.0.1, the self-signed
 *    certificate accepted) opens the demo page over https, types into a
 *    terminal and waits for the shell's answer; checks the socket was wss.
 * 6. Checks a WebSocket from a foreign Origin is still refused through the proxy.
 * Every process it starts is stopped by PID, and its temp folder removed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { launchOptions } from '../support/chromium.mjs';
import { freePort, stopProcess, waitForLine, waitForPort } from './processes.js';
import { typeInto, waitForConnectionState, waitForTerminalLine, waitForXterm } from './terminal-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hostname = 'termplex.test';
const started: ChildProcess[] = [];
const work = mkdtempSync(path.join(tmpdir(), 'termplex-nginx-'));

function step(message: string): void {
  console.log(`nginx recipe: ${message}`);
}

function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

function installNginx(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('nginx is not installed and this is not root: run `apt-get install -y nginx` first');
  }
  step("installing nginx from Debian's packages");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'nginx']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
}

function makeCertificate(): { cert: string; key: string } {
  const cert = path.join(work, 'cert.pem');
  const key = path.join(work, 'key.pem');
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-keyout', key, '-out', cert, '-subj', `/CN=${hostname}`, '-addext', `subjectAltName=DNS:${hostname}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
  return { cert, key };
}

/** The documented site config with only the local differences swapped in; a change to any of those lines fails loudly. */
function siteConfig({ port, upstreamPort, cert, key }: { port: number; upstreamPort: number; cert: string; key: string }): string {
  let text = readFileSync(path.join(root, 'examples/nginx/termplex.conf'), 'utf8');
  const swaps = [
    ['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
    ['server_name terminals.example.com;', `server_name ${hostname};`],
    ['/etc/ssl/certs/terminals.example.com.pem', cert],
    ['/etc/ssl/private/terminals.example.com.key', key],
    ['proxy_pass http://127.0.0.1:7681;', `proxy_pass http://127.0.0.1:${upstreamPort};`],
  ];
  for (const [from, to] of swaps) {
    if (!text.includes(from)) throw new Error(`examples/nginx/termplex.conf no longer contains "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

function nginxConfig(site: string): string {
  const temp = (name: string) => {
    mkdirSync(path.join(work, name), { recursive: true });
    return path.join(work, name);
  };
  writeFileSync(path.join(work, 'site.conf'), site);
  // As root, workers would switch to `nobody`, who cannot use the temp folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}daemon off;
worker_processes 1;
pid ${path.join(work, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${temp('client_body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    include ${path.join(work, 'site.conf')};
}
`;
}

async function startServer(token: string): Promise<number> {
  const child = spawn(process.execPath, [
    '--import', 'tsx', '--conditions=source', path.join(root, 'packages/server/src/cli/main.ts'),
    '--host', '127.0.0.1', '--port', '0', '--allow-host', hostname, '--log-level', 'warn',
  ], { cwd: root, env: { ...process.env, TERMPLEX_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  const line = await waitForLine(child, /^http:\/\/127\.0\.0\.1:(\d+)\//, 20_000);
  return Number(/:(\d+)\//.exec(line)![1]);
}

function startNginx(nginx: string, config: string): ChildProcess {
  const file = path.join(work, 'nginx.conf');
  writeFileSync(file, config);
  const check = spawnSync(nginx, ['-t', '-q', '-e', 'stderr', '-p', work, '-c', file], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const child = spawn(nginx, ['-e', 'stderr', '-p', work, '-c', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  started.push(child);
  return child;
}

async function driveTerminal(port: number, token: string): Promise<{ sockets: string[]; health: number }> {
  const options = await launchOptions();
  const browser = await chromium.launch({
    ...options,
    args: [...options.args, `--host-resolver-rules=MAP ${hostname} 127.0.0.1`, '--ignore-certificate-errors'],
  });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    page.on('pageerror', (error) => console.error('page error:', error.message));
    // The token travels in the fragment, which never reaches nginx or the server.
    await page.goto(`https://${hostname}:${port}/#token=${token}`);
    await waitForConnectionState(page, 'open');
    await waitForXterm(page);
    await typeInto(page, 'echo via-nginx-$((6*7))\n');
    await waitForTerminalLine(page, 'via-nginx-42');
    const health = await page.evaluate(async () => (await fetch('/healthz')).status);
    return { sockets, health };
  } finally {
    await browser.close();
  }
}

/** A page on another site must still be refused (403 before the upgrade) with nginx in the middle. */
function foreignOriginStatus(port: number): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/termplex`, 'termplex.v1', {
      headers: { Host: `${hostname}:${port}` },
      origin: 'https://evil.test',
      rejectUnauthorized: false,
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('error', reject);
  });
}

let failed = false;
try {
  const nginx = findNginx() ?? (installNginx(), findNginx());
  if (!nginx) throw new Error('nginx is still missing after apt-get install');
  const { cert, key } = makeCertificate();
  const port = await freePort();
  const origin = `https://${hostname}:${port}`;
  const token = randomBytes(24).toString('base64url');
  const upstreamPort = await startServer(token);
  step(`server on 127.0.0.1:${upstreamPort}, nginx on 127.0.0.1:${port} as ${origin}`);
  startNginx(nginx, nginxConfig(siteConfig({ port, upstreamPort, cert, key })));
  await waitForPort(port, 10_000);
  const { sockets, health } = await driveTerminal(port, token);
  if (health !== 200) throw new Error(`GET /healthz through nginx answered ${health}`);
  if (!sockets.some((url) => url === `wss://${hostname}:${port}/termplex`)) throw new Error(`no wss socket through nginx; saw ${JSON.stringify(sockets)}`);
  step(`typed through ${sockets.join(', ')} and saw the shell answer`);
  const status = await foreignOriginStatus(port);
  if (status !== 403) throw new Error(`a foreign Origin through nginx got ${status}, expected 403`);
  step('a foreign Origin is refused with 403 through the proxy');
  step('ok');
} catch (error) {
  failed = true;
  console.error(`nginx recipe: FAILED: ${(error as Error).message}`);
} finally {
  for (const child of started.reverse()) await stopProcess(child);
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
