#!/usr/bin/env node
// The published entry point: runs the built CLI (dist/cli.js).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('termplex-server is not built: run npm run build\n');
  process.exit(1);
}
await import(cli.href);
