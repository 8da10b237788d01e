#!/usr/bin/env node
/**
 * `npm test`: type-check, Node tests, browser tests; then one summary line,
 * `N passed, N failed`, summed across runners. Exits non-zero on any failure.
 *
 *   node test/run-all.mjs [--only typecheck|node|browser] [file filter...]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const only = args[0] === '--only' ? args[1] : undefined;
const filters = only ? args.slice(2) : args;
const work = mkdtempSync(path.join(tmpdir(), 'termplex-test-'));
// Shells started by the tests (the default profile is the user's login
// shell) get an empty home: the developer's dotfiles neither slow them nor
// leave state behind when a test ends a shell mid-startup (pyenv's rehash
// lock, for one, then stalls every later login shell for a minute).
const home = path.join(work, 'home');
// npm's cache stays the user's: the tarball test installs from it rather than the network.
const npmCache = process.env.npm_config_cache || path.join(os.homedir(), '.npm');
mkdirSync(home);
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(command, commandArgs, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, HOME: home, npm_config_cache: npmCache, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(path.relative(root, full));
  }
  return out;
}

const matches = (file) => filters.length === 0 || filters.some((f) => file.includes(f));

async function typecheck() {
  const projects = ['tsconfig.json', ...walk(path.join(root, 'packages')).filter((f) => /\/tsconfig[^/]*\.json$/.test(f) && !f.endsWith('tsconfig.build.json') && f.split('/').length === 3)];
  // The framework recipes are checked as their own projects, as their users would.
  const recipes = walk(path.join(root, 'examples')).filter((f) => /^examples\/[^/]+\/tsconfig\.json$/.test(f));
  for (const project of projects) {
    const sources = walk(path.join(root, path.dirname(project), 'src')).filter((f) => f.endsWith('.ts'));
    if (project !== 'tsconfig.json' && sources.length === 0) continue; // a package not written yet
    await tsc(project);
  }
  // A recipe with .vue files is checked by vue-tsc, which reads them (tsc would skip them).
  const hasVue = (project) => walk(path.join(root, path.dirname(project))).some((f) => f.endsWith('.vue'));
  for (const project of recipes) await tsc(project, hasVue(project) ? 'vue-tsc' : 'tsc');
  // test/types/vue.typecheck.vue: the elements' Vue template types.
  await tsc('test/types/tsconfig.vue.json', 'vue-tsc');
}

const checkers = { tsc: 'node_modules/typescript/bin/tsc', 'vue-tsc': 'node_modules/vue-tsc/bin/vue-tsc.js' };

async function tsc(project, checker = 'tsc') {
  const code = await run(process.execPath, [path.join(root, checkers[checker]), '-p', project]);
  console.log(`${code === 0 ? 'ok' : 'FAILED'}   typecheck ${checker === 'tsc' ? '' : `(${checker}) `}${project}`);
  if (code === 0) totals.passed++;
  else totals.failed++;
}

async function nodeTests() {
  const files = [...walk(path.join(root, 'packages')), ...walk(path.join(root, 'test'))]
    .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.browser.test.ts') && matches(f))
    .sort();
  if (files.length === 0) return;
  const tap = path.join(work, 'node.tap');
  const code = await run(process.execPath, [
    '--import', 'tsx', '--conditions=source', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pick = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  totals.passed += pick('pass');
  totals.failed += pick('fail') + pick('cancelled');
  totals.skipped += pick('skipped') + pick('todo');
  if (code !== 0 && pick('fail') + pick('cancelled') === 0) totals.failed++; // crashed before reporting
}

async function browserTests() {
  const counts = path.join(work, 'wtr.json');
  const wtr = path.join(root, 'node_modules/@web/test-runner/dist/bin.js');
  const fileArgs = filters.length ? ['--files', ...filters] : [];
  const code = await run(process.execPath, ['--import', 'tsx', '--conditions=source', wtr, '--config', 'web-test-runner.config.mjs', ...fileArgs], {
    TERMPLEX_WTR_COUNTS: counts,
  });
  const result = existsSync(counts) ? JSON.parse(readFileSync(counts, 'utf8')) : { passed: 0, failed: 0, skipped: 0 };
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
  if (code !== 0 && result.failed === 0) totals.failed++; // the runner itself failed
}

try {
  if (!only || only === 'typecheck') await typecheck();
  if (!only || only === 'node') await nodeTests();
  if (!only || only === 'browser') await browserTests();
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
