/**
 * The README's reference sections against the code they describe, so the
 * docs fail a test when they fall behind:
 *  - "Element API" is exactly what docs/element-api.ts renders from custom-elements.json,
 *    and packages/elements/{jsx-props,react,preact,vue}.d.ts what docs/jsx-types.ts renders from it;
 *  - "Configuration" names every CLI flag (from --help) and every library option
 *    (from the server's own unknown-option error);
 *  - "Troubleshooting" names every error code;
 *  - the nginx config shown is the one test/e2e/nginx-recipe.ts runs;
 *  - every relative link points at a file that exists.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@termplex/protocol';
import { createTerminalServer, type TerminalServerOptions } from '@termplex/server';
import { BEGIN, END, manifestFile, readmeFile, renderElementApi, type Manifest } from '../../docs/element-api.js';
import { renderJsxTypes } from '../../docs/jsx-types.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(readmeFile, 'utf8');

/** The text of one `## title` section, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `README.md has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

test('the Element API section is the one rendered from custom-elements.json', () => {
  const expected = renderElementApi(JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest);
  const actual = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END)).trim();
  assert.ok(actual === expected, 'README.md is out of date with the elements\' JSDoc: run node --import tsx docs/element-api.ts --write');
});

test('the JSX types (React, Preact) and Vue types are the ones rendered from custom-elements.json', () => {
  for (const [file, expected] of renderJsxTypes(JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest)) {
    assert.ok(existsSync(file) && readFileSync(file, 'utf8') === expected, `${path.relative(root, file)} is out of date with the elements' JSDoc: run node --import tsx docs/jsx-types.ts --write`);
  }
});

test('Configuration names every CLI flag and every library option', async () => {
  const configuration = section('Configuration');
  const help = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', 'packages/server/src/cli/main.ts', '--help'], { cwd: root, encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  const flags = [...new Set(help.stdout.match(/--[a-z][a-z-]+/g))];
  assert.ok(flags.length >= 10, `too few flags parsed from --help: ${flags.join(' ')}`);
  for (const flag of flags) assert.ok(configuration.includes(`\`${flag}`), `Configuration does not document ${flag}`);

  const refusal = await createTerminalServer({ notAnOption: true } as TerminalServerOptions).then(
    () => assert.fail('an unknown option was accepted'),
    (error: Error) => error.message,
  );
  const options = /the options are (.+)$/.exec(refusal)?.[1].split(', ') ?? [];
  assert.ok(options.length >= 15, `too few options parsed from: ${refusal}`);
  for (const option of options) assert.ok(configuration.includes(`| \`${option}\` |`), `Configuration does not document the "${option}" option`);
});

test('Troubleshooting names every error code', () => {
  const troubleshooting = section('Troubleshooting');
  for (const code of Object.values(ErrorCode)) assert.ok(troubleshooting.includes(code), `Troubleshooting does not mention ${code}`);
});

test('the nginx config in the README is the recipe the e2e check runs', () => {
  const shown = /```nginx\n([\s\S]*?)```/.exec(section('Reverse proxy (nginx + TLS)'))?.[1];
  assert.ok(shown, 'no nginx block in the Reverse proxy section');
  const recipe = readFileSync(path.join(root, 'examples/nginx/termplex.conf'), 'utf8');
  const directives = (text: string) =>
    text
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
  const inRecipe = new Set(directives(recipe));
  for (const line of directives(shown)) assert.ok(inRecipe.has(line), `README's nginx line "${line}" is not in examples/nginx/termplex.conf`);
});

test('relative links in the README point at files that exist', () => {
  const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length > 0);
  for (const link of links) assert.ok(existsSync(path.join(root, link.replace(/#.*$/, ''))), `README links to missing ${link}`);
});
