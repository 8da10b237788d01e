/**
 * The packages as npm would hand them out: `npm pack` of each, installed into
 * an empty project with no checkout around it. The server alone (no
 * @termplex/elements) starts, serves the browser bundle and the demo page;
 * the elements build in a Vite app and their types resolve under
 * `moduleResolution` bundler and node16; no tarball holds tests. Their other
 * dependencies come from npm's cache first (`--prefer-offline`), which the
 * checkout's own `npm install` filled, so the registry is asked only for what
 * is not there. Needs the
 * built dist/ (npm install builds it).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchOptions } from '../support/chromium.mjs';
import { stopProcess, waitForLine } from './processes.js';
import { typeInto, waitForTerminalLine, waitForXterm } from './terminal-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
let work: string;

/** `npm pack` of one workspace package into `work`; returns the tarball's path and the files it holds. */
function pack(name: string): { file: string; files: string[] } {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: path.join(root, 'packages', name), encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { file: path.join(work, info.filename), files: info.files.map((f) => f.path) };
}

/** An empty project named `name` in `work` with the tarballs installed, as `npm install <files>` leaves it. */
function projectWith(name: string, tarballs: string[]): string {
  const project = path.join(work, name);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: project, stdio: 'pipe' });
  return project;
}

function assertNoTests(files: string[]): void {
  assert.deepEqual(files.filter((f) => /\.test\.ts$|(^|\/)testing\//.test(f)), [], 'no tests or test fixtures in a tarball');
  assert.ok(files.includes('LICENSE'));
}

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'termplex-tarballs-'));
  assert.ok(existsSync(path.join(root, 'packages/server/dist/termplex.js')), 'packages/server/dist/termplex.js is missing: run npm run build (npm install does)');
});
after(() => rmSync(work, { recursive: true, force: true }));

it('@termplex/server installed from its tarball alone serves the bundle and a demo page whose terminals work', { timeout: 180_000 }, async () => {
  const protocol = pack('protocol');
  const server = pack('server');
  for (const { files } of [protocol, server]) assertNoTests(files);
  assert.ok(server.files.includes('dist/termplex.js'), 'the server carries the browser bundle');

  const project = projectWith('server-alone', [protocol.file, server.file]);
  assert.equal(existsSync(path.join(project, 'node_modules/@termplex/elements')), false);

  // As the README starts it: no token given, so the printed URL carries a generated one.
  const env = { ...process.env };
  delete env.TERMPLEX_TOKEN;
  // The link `npx termplex-server` runs, started through its shebang as npx would.
  const cli = spawn(path.join(project, 'node_modules/.bin/termplex-server'), ['--port', '0'], {
    cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  cli.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const printed = await waitForLine(cli, /^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+$/, 30_000);
    const url = printed.replace(/#.*/, '');
    const bundle = await fetch(`${url}termplex.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await bundle.text()).includes('term-session'));
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/termplex\.js"><\/script>/);
    assert.doesNotMatch(stderr, /browser bundle is missing/);

    // The demo page in Chromium: its terminal runs a shell that answers.
    const browser = await chromium.launch(await launchOptions());
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(printed);
      await waitForXterm(page);
      await typeInto(page, 'echo from-the-tarball-$((6*7))\n');
      await waitForTerminalLine(page, /from-the-tarball-42/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  } finally {
    await stopProcess(cli);
  }
});

it('@termplex/elements from its tarball builds in a Vite app, and its types resolve under bundler and node16', { timeout: 180_000 }, () => {
  const protocol = pack('protocol');
  const elements = pack('elements');
  assertNoTests(elements.files);
  for (const file of ['custom-elements.json', 'react.d.ts', 'vue.d.ts', 'dist/termplex.js', 'dist/types/index.d.ts']) assert.ok(elements.files.includes(file), `the elements' tarball holds ${file}`);
  const project = projectWith('vite-app', [protocol.file, elements.file]);

  writeFileSync(path.join(project, 'index.html'), '<!doctype html><term-connection><term-session></term-session></term-connection><script type="module" src="/main.js"></script>');
  writeFileSync(path.join(project, 'main.js'), "import '@termplex/elements';\n");
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: project, stdio: 'pipe' });
  const assets = path.join(project, 'dist/assets');
  const bundle = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(assets, f), 'utf8')).join('');
  assert.ok(/customElements\.define\(\s*[`"']term-session[`"']/.test(bundle), 'the app bundle defines <term-session>');

  // A TypeScript user's file: the element classes, a subpath export, and the event map.
  writeFileSync(path.join(project, 'usage.ts'), [
    "import { TermSession, type TermplexEventMap } from '@termplex/elements';",
    "import { TermConnection } from '@termplex/elements/term-connection.js';",
    'export const session: TermSession = document.createElement("term-session");',
    'export const connection: TermConnection = document.createElement("term-connection");',
    "export const exitCode = (event: TermplexEventMap['term-session-exit']): number | null => event.detail.code;",
    '',
  ].join('\n'));
  for (const [module, moduleResolution] of [['esnext', 'bundler'], ['node16', 'node16']]) {
    const config = `tsconfig.${moduleResolution}.json`;
    writeFileSync(path.join(project, config), JSON.stringify({
      compilerOptions: { module, moduleResolution, target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], strict: true, noEmit: true, types: [] },
      files: ['usage.ts'],
    }));
    try {
      execFileSync(process.execPath, [tsc, '-p', config], { cwd: project, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      assert.fail(`types under moduleResolution ${moduleResolution}: ${(error as { stdout?: string }).stdout ?? error}`);
    }
  }
});
