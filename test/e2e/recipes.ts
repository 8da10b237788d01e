/**
 * A framework recipe under examples/ as its users deploy it: built with the
 * framework's own build command, its output served as static files from one
 * origin, the termplex CLI (built package, port 0) on another origin that
 * allows the page's. The page gets the server's URL at build time and the
 * token in its address fragment, as the recipes' READMEs say.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { stopProcess, waitForLine } from './processes.js';
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
  /** Build-time environment, given the terminal server's socket URL. */
  env: (socketUrl: string) => NodeJS.ProcessEnv;
}

/** The script behind a package's command, as npm would find it from the recipe's folder. */
function binScript(dir: string, name: string): string {
  const manifest = createRequire(path.join(dir, 'package.json')).resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

/** Starts the terminal server, builds the recipe against it, and serves the build. */
export async function startRecipe({ recipe, build, output, env }: RecipeBuild): Promise<RecipeSite> {
  const dir = path.join(root, 'examples', recipe);
  const site: StaticServer = await serveFolder(path.join(dir, output));
  const origin = new URL(site.url).origin;
  const token = randomBytes(16).toString('hex');
  let cli: ChildProcess | undefined;
  try {
    cli = spawn(process.execPath, [path.join(root, 'packages/server/bin/termplex-server.mjs'), '--port', '0', '--allow-origin', origin], {
      cwd: root, env: { ...process.env, TERMPLEX_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const serverUrl = await waitForLine(cli, /^http:\/\/127\.0\.0\.1:\d+\/$/, 30_000);
    const socketUrl = `${serverUrl.replace(/^http/, 'ws')}termplex`;
    await run(process.execPath, [binScript(dir, build.bin), ...build.args], { cwd: dir, env: { ...process.env, ...env(socketUrl) }, maxBuffer: 16 * 1024 * 1024 })
      .catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${recipe}: the build failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
    const server = cli;
    return {
      pageUrl: `${site.url}#token=${token}`,
      socketUrl,
      close: async () => {
        await stopProcess(server);
        await site.close();
      },
    };
  } catch (error) {
    if (cli) await stopProcess(cli);
    await site.close();
    throw error;
  }
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
  await page.goto(url);
  return { page, problems, sockets };
}

/** The page opened exactly one socket, to the server the build was pointed at, and nothing went wrong. */
export function assertCleanPage(opened: OpenedPage, site: RecipeSite): void {
  assert.deepEqual(opened.problems, []);
  assert.deepEqual(opened.sockets, [site.socketUrl]);
}
