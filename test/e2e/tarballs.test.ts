/**
 * The packages as npm would hand them out: `npm pack` of the protocol and the
 * server, installed into an empty project (their other dependencies come
 * from the registry), with no @termplex/elements and no checkout. The CLI
 * starts, serves the browser bundle and the demo page, and the tarballs hold
 * no tests. Needs the built dist/ (npm install builds it).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stopProcess, waitForLine } from './processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;

/** `npm pack` of one workspace package into `work`; returns the tarball's path and the files it holds. */
function pack(name: string): { file: string; files: string[] } {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: path.join(root, 'packages', name), encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { file: path.join(work, info.filename), files: info.files.map((f) => f.path) };
}

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'termplex-tarballs-'));
  assert.ok(existsSync(path.join(root, 'packages/server/dist/termplex.js')), 'packages/server/dist/termplex.js is missing: run npm run build (npm install does)');
});
after(() => rmSync(work, { recursive: true, force: true }));

it('@termplex/server installed from its tarball alone serves the bundle and the demo page', { timeout: 180_000 }, async () => {
  const protocol = pack('protocol');
  const server = pack('server');
  for (const { files } of [protocol, server]) {
    assert.deepEqual(files.filter((f) => /\.test\.ts$|(^|\/)testing\//.test(f)), [], 'no tests or test fixtures in a tarball');
    assert.ok(files.includes('LICENSE'));
  }
  assert.ok(server.files.includes('dist/termplex.js'), 'the server carries the browser bundle');

  const project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', protocol.file, server.file], { cwd: project, stdio: 'pipe' });
  assert.equal(existsSync(path.join(project, 'node_modules/@termplex/elements')), false);

  const cli = spawn(process.execPath, [path.join(project, 'node_modules/@termplex/server/bin/termplex-server.mjs'), '--port', '0'], {
    cwd: project, env: { ...process.env, TERMPLEX_TOKEN: 'tarball-token' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  cli.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await waitForLine(cli, /^http:\/\/127\.0\.0\.1:\d+\/$/, 30_000);
    const bundle = await fetch(`${url}termplex.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await bundle.text()).includes('term-session'));
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/termplex\.js"><\/script>/);
    assert.doesNotMatch(stderr, /browser bundle is missing/);
  } finally {
    await stopProcess(cli);
  }
});
