/**
 * A framework recipe under examples/ as its users deploy it: built with the
 * framework's own build command, its output served as static files from one
 * origin, the termplex CLI (built package, port 0) on another origin that
 * allows the page's. The page gets the server's URL at build time and the
 * token in its address fragment, as the recipes' READMEs say.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { freePort, stopProcess, waitForLine } from './processes.js';
import { serveFolder, type StaticServer } from './static-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export interface RecipeSite {
  /** The page's origin with the token in its fragment: open this. */
  pageUrl: string;
  /** ws://127.0.0.1:PORT/termplex, the terminal server the build was pointed at. */
  socketUrl: string;
  close(): Promise<void>;
}

export interface RecipeBuild {
  /** The folder under examples/. */
  recipe: string;
  /** The build command: a package the recipe depends on, and its command line's arguments. */
  build: { bin: string; args: string[] };
  /** The folder the build writes, relative to the recipe. */
  output: string;
  /** The page to open, relative to the site's root (default: the root). */
  page?: string;
  /** Build-time environment, given the terminal server's socket URL. */
  env: (socketUrl: string) => NodeJS.ProcessEnv;
}

/** The script behind a package's command, as npm would find it from the recipe's folder. */
function binScript(dir: string, name: string): string {
  const manifest = createRequire(path.join(dir, 'package.json')).resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

export interface TerminalServer {
  /** "http://127.0.0.1:PORT/" */
  url: string;
  /** ws://127.0.0.1:PORT/termplex */
  socketUrl: string;
  token: string;
  close(): Promise<void>;
}

/** The termplex CLI (built package) on port 0 with a token of its own, accepting pages from `origin`. */
export async function startTerminalServer(origin: string): Promise<TerminalServer> {
  const token = randomBytes(16).toString('hex');
  const cli = spawn(process.execPath, [path.join(root, 'packages/server/bin/termplex-server.mjs'), '--port', '0', '--allow-origin', origin], {
    cwd: root, env: { ...process.env, TERMPLEX_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await waitForLine(cli, /^http:\/\/127\.0\.0\.1:\d+\/$/, 30_000).catch(async (error: unknown) => {
    await stopProcess(cli);
    throw error;
  });
  return { url, socketUrl: `${url.replace(/^http/, 'ws')}termplex`, token, close: () => stopProcess(cli) };
}

/** Starts the terminal server, builds the recipe against it, and serves the build. */
export async function startRecipe({ recipe, build, output, env, page = '' }: RecipeBuild): Promise<RecipeSite> {
  const dir = path.join(root, 'examples', recipe);
  const site: StaticServer = await serveFolder(path.join(dir, output));
  let cli: TerminalServer | undefined;
  try {
    cli = await startTerminalServer(new URL(site.url).origin);
    const { socketUrl } = cli;
    await run(process.execPath, [binScript(dir, build.bin), ...build.args], { cwd: dir, env: { ...process.env, ...env(socketUrl) }, maxBuffer: 16 * 1024 * 1024 })
      .catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${recipe}: the build failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
    const server = cli;
    return {
      pageUrl: `${new URL(page, site.url)}#token=${cli.token}`,
      socketUrl,
      close: async () => {
        await server.close();
        await site.close();
      },
    };
  } catch (error) {
    await cli?.close();
    await site.close();
    throw error;
  }
}

/**
 * examples/cms-page as it runs: its server (a child process, on a port picked
 * first so the terminal server can allow its origin) pointed at the CLI.
 */
export async function startCmsPage(): Promise<RecipeSite> {
  const port = await freePort();
  const terminals = await startTerminalServer(`http://127.0.0.1:${port}`);
  const cms = spawn(process.execPath, [path.join(root, 'examples/cms-page/server.mjs')], {
    cwd: root, env: { ...process.env, PORT: String(port), TERMPLEX_SERVER: terminals.url }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await waitForLine(cms, /^http:\/\/127\.0\.0\.1:\d+\/$/, 30_000);
    return {
      pageUrl: `${url}#token=${terminals.token}`,
      socketUrl: terminals.socketUrl,
      close: async () => {
        await stopProcess(cms);
        await terminals.close();
      },
    };
  } catch (error) {
    await stopProcess(cms);
    await terminals.close();
    throw error;
  }
}

/** True when the running Node is at least major.minor. */
export function nodeAtLeast(major: number, minor: number): boolean {
  const [have, haveMinor] = process.versions.node.split('.').map(Number);
  return have > major || (have === major && haveMinor >= minor);
}

export interface OpenedPage {
  page: Page;
  /** Uncaught errors, and console errors and warnings (hydration mismatches among them). */
  problems: string[];
  /** The WebSocket URLs the page opened. */
  sockets: string[];
}

/** Opens the page, recording what would show that something is wrong. */
export async function openRecipePage(browser: Browser, url: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const problems: string[] = [];
  const sockets: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A failed request is reported below with its URL.
    if (message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    // The browser asks every origin for a favicon; the recipes have none.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('websocket', (ws) => sockets.push(ws.url()));
  // Chromium logs most refusals as console errors; the event also names what was refused, in shadow roots too.
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    }, true);
  });
  await page.goto(url);
  return { page, problems, sockets };
}

/** The page opened exactly one socket, to the server the build was pointed at, and nothing went wrong. */
export function assertCleanPage(opened: OpenedPage, site: RecipeSite): void {
  assert.deepEqual(opened.problems, []);
  assert.deepEqual(opened.sockets, [site.socketUrl]);
}
