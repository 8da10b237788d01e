/**
 * The Storybook CLI's entry file. Its package exports no `bin` subpath, so it
 * is found through package.json's `bin` field; callers run it with
 * process.execPath (no npx, no shell).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function storybookBin(): string {
  const manifest = require.resolve('storybook/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.storybook);
}
