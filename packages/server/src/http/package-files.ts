/**
 * Where this package's own files are, from source (src/) or built (dist/,
 * dist/chunks/) alike: walk up to the package.json named @termplex/server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === '@termplex/server') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const root = findPackageRoot();

export const serverVersion: string = root ? (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string) : '0.0.0';

/** The demo page folder: packages/server/public. */
export function defaultPublicDir(): string | undefined {
  return root ? path.join(root, 'public') : undefined;
}

/**
 * The browser bundle: the copy built into this package (dist/termplex.js,
 * so an install of @termplex/server alone serves working pages), else
 * @termplex/elements' dist/termplex.js along the normal node_modules lookup
 * (a workspace symlink in this repository).
 */
export function defaultBundlePath(): string | undefined {
  const own = root && path.join(root, 'dist', 'termplex.js');
  if (own && existsSync(own)) return own;
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths('@termplex/elements') ?? []) {
    const candidate = path.join(dir, '@termplex', 'elements', 'dist', 'termplex.js');
    if (existsSync(candidate)) return candidate;
  }
  // Not built yet: point where it will appear, so the 404 turns into the file after `npm run build`.
  for (const dir of require.resolve.paths('@termplex/elements') ?? []) {
    const pkg = path.join(dir, '@termplex', 'elements');
    if (existsSync(pkg)) return path.join(pkg, 'dist', 'termplex.js');
  }
  return undefined;
}
