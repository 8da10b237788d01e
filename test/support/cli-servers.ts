/**
 * PTY hosts and web servers as real `termplex-server` child processes, run
 * from source the way a user runs the CLI, for browser tests (through the
 * commands in server-commands-plugin.mjs). A web server can be signalled and
 * started again on its port with its token, against the same host. Hosts'
 * sockets live in one fresh private temporary folder.
 *
 * Every process is ended by its own PID. stopAll() SIGKILLs the web servers
 * (a PTY host's sessions are not theirs) and SIGTERMs the hosts, so every
 * shell they run ends with them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** milliseconds for a child to print its one line: tsx compiles the server from source first. */
const START_MS = 30_000;
/** milliseconds for a host to end its shells after SIGTERM before it is SIGKILLed. */
const HOST_STOP_MS = 15_000;

/**
 * A bash with no rc files and a prompt tests can match, `$ `, as a CLI
 * `--profile` (env sets the variables, then execs bash: the PID is the shell's).
 */
const DEFAULT_PROFILES: Record<string, string> = {
  default: `/usr/bin/env 'PS1=$ ' HISTFILE=/dev/null /bin/bash --norc --noprofile`,
};

interface Child {
  process: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface CliWebServer {
  id: string;
  url: string;
  wsUrl: string;
  token: string;
  port: number;
  pid: number;
}

const hosts = new Map<string, Child>();
const webServers = new Map<string, Child & { info: CliWebServer }>();
let socketDir: string | undefined;
let nextId = 1;

function startCli(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'packages/server/src/cli/main.ts', ...args], {
    cwd: root,
    // One host key for every host and web server of the run: they find each other by it.
    env: { ...process.env, TERMPLEX_TOKEN: '', TERMPLEX_HOST_KEY: 'browser-tests-host-key-0123456789', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const record: Child = {
    process: child,
    stdout: '',
    stderr: '',
    exited: once(child, 'exit').then(([code, signal]) => ({ code, signal })),
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (record.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (record.stderr += chunk));
  return record;
}

/** The first stdout line (the URL, or a host's socket path): the sign that the child is ready. */
async function firstLine(child: Child, what: string): Promise<string> {
  const deadline = Date.now() + START_MS;
  while (!child.stdout.includes('\n')) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${what} exited (${child.process.signalCode ?? child.process.exitCode}) before it was ready; stderr: ${child.stderr}`);
    }
    if (Date.now() > deadline) {
      child.process.kill('SIGKILL');
      throw new Error(`${what} printed nothing within ${START_MS / 1000} s; stderr: ${child.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return child.stdout.split('\n')[0];
}

/** Starts `termplex-server ptyhost`; `profiles` maps a name to a command line (default: a plain bash). */
export async function startHost({ profiles = DEFAULT_PROFILES }: { profiles?: Record<string, string> } = {}): Promise<{ socket: string }> {
  socketDir ??= mkdtempSync(path.join(tmpdir(), 'termplex-hosts-'));
  const socket = path.join(socketDir, `host-${nextId++}`, 'host.sock');
  const profileArgs = Object.entries(profiles).flatMap(([name, command]) => ['--profile', `${name}=${command}`]);
  const child = startCli(['ptyhost', '--socket', socket, ...profileArgs, '--log-level', 'warn'], {});
  hosts.set(socket, child);
  const printed = await firstLine(child, `the PTY host on ${socket}`);
  if (printed !== socket) throw new Error(`the PTY host printed ${JSON.stringify(printed)}, not its socket ${socket}`);
  return { socket };
}

/** Starts `termplex-server --pty-host socket`; port 0 picks a free one, a given port and token restart a server. */
export async function startWeb({ socket, origin, port = 0, token = randomBytes(16).toString('hex') }: { socket: string; origin?: string; port?: number; token?: string }): Promise<CliWebServer> {
  if (!hosts.has(socket)) throw new Error(`no PTY host was started on ${socket}`);
  const args = ['--port', String(port), '--pty-host', socket, '--log-level', 'warn', ...(origin ? ['--allow-origin', origin] : [])];
  // The token goes in the environment, as users are told to pass it: never in argv, where other users can read it.
  const child = startCli(args, { TERMPLEX_TOKEN: token });
  const id = `cli-${nextId++}`;
  const url = new URL(await firstLine(child, `the web server for ${socket}`));
  const info: CliWebServer = {
    id,
    url: url.href,
    wsUrl: `ws://${url.host}/termplex`,
    token,
    port: Number(url.port),
    pid: child.process.pid!,
  };
  webServers.set(id, { ...child, info });
  return info;
}

/** Sends `signal` to web server `id` and resolves with how it exited. */
export async function signalWeb({ id, signal }: { id: string; signal: NodeJS.Signals }): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const web = webServers.get(id);
  if (!web) throw new Error(`no web server ${id}`);
  web.process.kill(signal);
  const exit = await web.exited;
  webServers.delete(id);
  return exit;
}

/** GET /api/sessions of web server `id`, with its bearer token. */
export async function listWebSessions({ id }: { id: string }): Promise<unknown> {
  const web = webServers.get(id);
  if (!web) throw new Error(`no web server ${id}`);
  const response = await fetch(new URL('api/sessions', web.info.url), { headers: { Authorization: `Bearer ${web.info.token}` } });
  if (!response.ok) throw new Error(`GET /api/sessions answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function stopHost(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), HOST_STOP_MS);
  await child.exited;
  clearTimeout(timer);
}

/** Ends every process started here: web servers by SIGKILL, hosts by SIGTERM (their shells end with them). */
export async function stopAll(): Promise<void> {
  const webs = [...webServers.values()];
  webServers.clear();
  for (const web of webs) web.process.kill('SIGKILL');
  await Promise.all(webs.map((web) => web.exited));
  const ending = [...hosts.values()];
  hosts.clear();
  await Promise.all(ending.map(stopHost));
  if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  socketDir = undefined;
}

// If the runner exits without stopping the plugin, still leave no server or shell behind.
process.once('exit', () => {
  for (const web of webServers.values()) web.process.kill('SIGKILL');
  for (const host of hosts.values()) host.process.kill('SIGTERM');
});
