/**
 * Both servers run as plain JavaScript bundles built from the current source
 * at the start of every bench run: no TypeScript loader in the measured
 * process (tsx's loader thread alone adds tens of MiB of RSS to each side),
 * and never a stale dist/. `ws` is bundled from the copy the termplex
 * server depends on (8.x; the root holds ws 7 for the test runner); native
 * and worker-thread dependencies (node-pty, pino) stay external and resolve
 * from the root node_modules.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
/**
 * One folder per process: the test suite's smoke run and a bench run may
 * build at the same moment, and neither may start the other's half-written
 * file. Inside the repository so the bundles' external imports resolve from
 * its node_modules.
 */
const outDir = path.join(root, 'test/bench/.build', `run-${process.pid}`);
const serverRequire = createRequire(path.join(root, 'packages/server/package.json'));

/** `ws` always means the server's ws 8, wherever the importing file lives. */
const serverWs: Plugin = {
  name: 'termplex-bench-server-ws',
  setup(b) {
    b.onResolve({ filter: /^ws$/ }, () => ({ path: serverRequire.resolve('ws') }));
  },
};

function externals(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'packages/server/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  // Workspace packages are bundled from source too: as externals they would resolve to a possibly stale dist/.
  const deps = Object.keys(pkg.dependencies ?? {}).filter((name) => name !== 'ws' && !name.startsWith('@termplex/'));
  return [...deps, 'bufferutil', 'utf-8-validate'];
}

export interface ServerBundles {
  raw: string;
  'raw-mux': string;
  termplex: string;
}

async function bundle(entry: string, name: string): Promise<string> {
  const outfile = path.join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: externals(),
    plugins: [serverWs],
    sourcemap: 'linked',
    logLevel: 'error',
    // Bundled CommonJS (ws) calls require() for Node's own modules.
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  return outfile;
}

export async function buildServers(): Promise<ServerBundles> {
  mkdirSync(outDir, { recursive: true });
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  const [raw, rawMux, termplex] = await Promise.allSettled([
    bundle('test/bench/raw-server.ts', 'raw-server'),
    bundle('test/bench/raw-mux-server.ts', 'raw-mux-server'),
    bundle('packages/server/src/cli/main.ts', 'termplex-cli'),
  ]);
  if (raw.status === 'rejected') throw raw.reason;
  if (rawMux.status === 'rejected') throw rawMux.reason;
  // The termplex server may not build (yet); its start then fails with this reason.
  return { raw: raw.value, 'raw-mux': rawMux.value, termplex: termplex.status === 'fulfilled' ? termplex.value : `unbuildable: ${String(termplex.reason?.message ?? termplex.reason)}` };
}
