/**
 * Runs the reverse-proxy recipe check (nginx-recipe.ts) as part of npm test
 * when nginx is installed: about ten seconds. Without nginx it is skipped and
 * says how to run it; the script itself installs nginx when run directly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exited } from './processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nginxInstalled = ['/usr/sbin/nginx', '/usr/bin/nginx'].some((file) => existsSync(file));

test(
  'nginx in front of the server: TLS, WebSocket upgrade, Origin check',
  { timeout: 120_000, skip: nginxInstalled ? false : 'nginx is not installed: apt-get install -y nginx, or run node --import tsx test/e2e/nginx-recipe.ts' },
  async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/nginx-recipe.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await exited(child);
    assert.equal(child.exitCode, 0, output);
    assert.match(output, /nginx recipe: ok/);
  },
);
