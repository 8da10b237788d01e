/**
 * Runs a server under test as a child process, so its own RSS can be read
 * from /proc/PID/status and a crash or leak there never touches the harness.
 * Both run as plain JavaScript bundles of the current source (build-servers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildServers, type ServerBundles } from './build-servers.js';
import { killSessions, readMemory, shellPids } from './proc.js';

export type ServerKind = 'termplex' | 'raw';

export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  port: number;
  /** Where a client connects: termplex speaks termplex.v1 at /termplex, raw takes any path. */
  wsUrl: string;
  /** termplex only; the raw baseline has no authentication. */
  token: string;
  /** bytes: the server process's resident set now. */
  rss(): number;
  /** For error reports: whether the process still runs, and the end of its stderr. */
  diagnostics(): string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Extra `--allow-origin` values (the browser workload's page). */
  allowOrigins?: string[];
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=...` to profile the server. */
  nodeArgs?: string[];
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

let bundles: Promise<ServerBundles> | undefined;

/**
 * Servers still running. If the harness dies (an exception, Ctrl-C) its
 * children would live on with their shells: 'exit' kills them, synchronously.
 */
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    const shells = new Set(shellPids(pid));
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    killSessions(shells);
  }
});

function commandLine(kind: ServerKind, bundle: string, token: string, options: ServerOptions): string[] {
  const node = [...(options.nodeArgs ?? []), bundle];
  if (kind === 'raw') return [...node, '--port', '0', '--command', '/bin/sh'];
  const origins = (options.allowOrigins ?? []).flatMap((origin) => ['--allow-origin', origin]);
  return [...node, '--port', '0', '--token', token, '--profile', 'sh=/bin/sh', '--log-level', 'silent', ...origins];
}

function waitForUrl(child: ChildProcess, kind: ServerKind): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(`printed no URL within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${kind} server ${why}; stderr: ${stderr.slice(-2000) || '(empty)'}`));
    };
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^https?:\/\/[^\s:/]+:(\d+)\//m.exec(stdout)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve(Number(port));
    });
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before printing its URL`));
  });
}

export async function startServer(kind: ServerKind, options: ServerOptions = {}): Promise<ServerProcess> {
  const bundle = (await (bundles ??= buildServers()))[kind];
  if (bundle.startsWith('unbuildable: ')) throw new Error(`${kind} server does not build: ${bundle.slice('unbuildable: '.length)}`);
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, commandLine(kind, bundle, token, options), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const port = await waitForUrl(child, kind);
  const pid = child.pid!;
  live.add(pid);
  void exited.then(() => live.delete(pid));
  let closing: Promise<void> | undefined;
  const stop = async () => {
    const shells = new Set(shellPids(pid));
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(r, STOP_TIMEOUT_MS, false).unref())]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    // A safety net: whatever the server failed to end must not outlive the run.
    killSessions(shells);
  };
  return {
    kind,
    pid,
    port,
    wsUrl: kind === 'termplex' ? `ws://127.0.0.1:${port}/termplex` : `ws://127.0.0.1:${port}/`,
    token,
    rss: () => readMemory(pid),
    diagnostics: () => `${kind} server ${child.exitCode === null && child.signalCode === null ? 'running' : `exited (${child.exitCode ?? child.signalCode})`}; stderr: ${stderr.trim() || '(empty)'}`,
    close: () => (closing ??= stop()),
  };
}
