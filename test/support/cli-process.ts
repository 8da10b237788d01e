/**
 * termplex-server as a child process, from source, as a user runs it: its
 * stdout and stderr collected, its first stdout line awaited. Every child
 * is SIGKILLed (by pid) when the test file ends, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WAIT_MS } from './server-test-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<ChildProcess>();

export interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

export function cli(args: string[], env: Record<string, string> = {}): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'packages/server/src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, TERMPLEX_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  void exited.then(() => children.delete(child));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** SIGTERM to each (a web server, its PTY host), and waits until all have exited. */
export async function stopAll(...processes: Cli[]): Promise<void> {
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
}

/** The first line the process prints (the URL, or a host's socket path). */
export async function firstLine(c: Cli): Promise<string> {
  const deadline = Date.now() + WAIT_MS * 2;
  while (!c.stdout().includes('\n')) {
    if (Date.now() > deadline || c.child.exitCode !== null) throw new Error(`no first line; stderr: ${c.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return c.stdout().split('\n')[0];
}

after(() => {
  for (const child of children) child.kill('SIGKILL');
});
