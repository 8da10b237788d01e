/**
 * Runs a server under test as a child process, so its own RSS can be read
 * from /proc/PID/status and a crash or leak there never touches the harness.
 * Both run as plain JavaScript bundles of the current source (build-servers.ts);
 * a PTY host (`termplex-server ptyhost`) is the same termplex bundle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildServers, type ServerBundles } from './build-servers.js';
import { killSessions, readMemory, shellPids } from './proc.js';
import { nowMs } from './stats.js';

export type ServerKind = 'termplex' | 'raw' | 'raw-mux';

/** How a server is stopped: SIGTERM lets it shut down; SIGKILL is a crash. */
export type StopSignal = 'SIGTERM' | 'SIGKILL';

export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  port: number;
  /** Where a client connects: termplex speaks termplex.v1 at /termplex, raw takes any path. */
  wsUrl: string;
  /** termplex only; the raw baseline has no authentication. */
  token: string;
  /** nowMs() when the harness read the server's URL line: it listens from then on. */
  listeningAt: number;
  /** bytes: the server process's resident set now. */
  rss(): number;
  /** For error reports: whether the process still runs, and the end of its stderr. */
  diagnostics(): string;
  /** Stops the process (SIGTERM unless told) and waits until it has exited. */
  close(signal?: StopSignal): Promise<void>;
}

export interface ServerOptions {
  /** Extra `--allow-origin` values (the browser workload's page). */
  allowOrigins?: string[];
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=...` to profile the server. */
  nodeArgs?: string[];
  /** termplex: `--no-snapshots`, no screen model per session (with `ptyHost`, give it to the host). */
  noSnapshots?: boolean;
  /** termplex: serve the sessions of the PTY host on this Unix socket (`--pty-host`) instead of running shells. */
  ptyHost?: string;
  /** termplex: this port instead of any free one (a restart listens where its predecessor did). */
  port?: number;
  /** termplex: this token instead of a fresh one (a restart keeps its clients' secret). */
  token?: string;
  /** termplex: also a profile `sandboxed`, the same shell in a sandbox (`--sandbox`, default limits). */
  sandbox?: boolean;
  /** termplex: record every session into this folder (`--record`). */
  record?: string;
  /** termplex: `--max-sessions` and `--max-sessions-per-socket` (the scale workload). */
  maxSessions?: number;
  maxSessionsPerSocket?: number;
}

/** A running `termplex-server ptyhost`: the shells live here, served to web servers on `socketPath`. */
export interface PtyHostProcess {
  pid: number;
  socketPath: string;
  rss(): number;
  diagnostics(): string;
  /** SIGTERM: the host ends every shell; then a SIGKILL for any it left. */
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** The one profile both sides run: the same shell as the raw baseline's --command. */
const PROFILE = ['--profile', 'sh=/bin/sh'];
/** The same shell, sandboxed (the sandbox workload). */
const SANDBOXED_PROFILE = ['--profile', 'sandboxed=/bin/sh', '--sandbox', 'sandboxed'];

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

function serverArgs(kind: ServerKind, token: string, options: ServerOptions): string[] {
  if (kind !== 'termplex') return ['--port', '0', '--command', '/bin/sh'];
  const origins = (options.allowOrigins ?? []).flatMap((origin) => ['--allow-origin', origin]);
  // With --pty-host the session flags (--profile, --no-snapshots) belong to the host.
  const sessions = options.ptyHost !== undefined
    ? ['--pty-host', options.ptyHost]
    : [
      ...PROFILE,
      ...(options.noSnapshots ? ['--no-snapshots'] : []),
      ...(options.sandbox ? SANDBOXED_PROFILE : []),
      ...(options.record !== undefined ? ['--record', options.record] : []),
      ...(options.maxSessions !== undefined ? ['--max-sessions', String(options.maxSessions)] : []),
      ...(options.maxSessionsPerSocket !== undefined ? ['--max-sessions-per-socket', String(options.maxSessionsPerSocket)] : []),
    ];
  return ['--port', String(options.port ?? 0), '--token', token, ...sessions, '--log-level', 'silent', ...origins];
}

interface Child {
  pid: number;
  /** The first stdout match of the ready pattern, and when the harness read it. */
  ready: RegExpExecArray;
  readyAt: number;
  diagnostics(): string;
  close(signal?: StopSignal): Promise<void>;
}

/**
 * Spawns `node [nodeArgs] <kind's bundle> args` and resolves once its stdout matches
 * `ready`; `close` stops it and SIGKILLs whatever shells it left (a safety
 * net: nothing a run started may outlive it).
 */
const HOST_KEY = randomBytes(24).toString('hex');

async function runChild(kind: ServerKind, label: string, nodeArgs: string[], args: string[], ready: RegExp): Promise<Child> {
  const bundle = (await (bundles ??= buildServers()))[kind];
  if (bundle.startsWith('unbuildable: ')) throw new Error(`${label} does not build: ${bundle.slice('unbuildable: '.length)}`);
  // Every PTY host and web server of the run shares one host key, given as the CLI takes it.
  const env = { ...process.env, TERMPLEX_HOST_KEY: HOST_KEY };
  const child = spawn(process.execPath, [...nodeArgs, bundle, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const match = await waitForLine(child, label, ready, () => stderr);
  const readyAt = nowMs();
  const pid = child.pid!;
  live.add(pid);
  void exited.then(() => live.delete(pid));
  let closing: Promise<void> | undefined;
  const stop = async (signal: StopSignal) => {
    const shells = new Set(shellPids(pid));
    child.kill(signal);
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(r, STOP_TIMEOUT_MS, false).unref())]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    killSessions(shells);
  };
  return {
    pid,
    ready: match,
    readyAt,
    diagnostics: () => `${label} ${child.exitCode === null && child.signalCode === null ? 'running' : `exited (${child.exitCode ?? child.signalCode})`}; stderr: ${stderr.trim() || '(empty)'}`,
    close: (signal = 'SIGTERM') => (closing ??= stop(signal)),
  };
}

function waitForLine(child: ChildProcess, label: string, ready: RegExp, stderr: () => string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(`printed nothing ready within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${label} ${why}; stderr: ${stderr().slice(-2000) || '(empty)'}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = ready.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match);
    });
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`));
  });
}

export async function startServer(kind: ServerKind, options: ServerOptions = {}): Promise<ServerProcess> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const child = await runChild(kind, `${kind} server`, options.nodeArgs ?? [], serverArgs(kind, token, options), /^https?:\/\/[^\s:/]+:(\d+)\//m);
  const port = Number(child.ready[1]);
  return {
    kind,
    pid: child.pid,
    port,
    wsUrl: kind === 'termplex' ? `ws://127.0.0.1:${port}/termplex` : `ws://127.0.0.1:${port}/`,
    token,
    listeningAt: child.readyAt,
    rss: () => readMemory(child.pid),
    diagnostics: child.diagnostics,
    close: child.close,
  };
}

/** `socketPath`'s directory must be private (0700) or absent; the host prints the path when it listens. */
export async function startPtyHost(socketPath: string, options: Pick<ServerOptions, 'nodeArgs' | 'noSnapshots'> = {}): Promise<PtyHostProcess> {
  const args = ['ptyhost', '--socket', socketPath, ...PROFILE, ...(options.noSnapshots ? ['--no-snapshots'] : []), '--log-level', 'silent'];
  const child = await runChild('termplex', 'PTY host', options.nodeArgs ?? [], args, /^(\/[^\n]*)\n/m);
  return {
    pid: child.pid,
    socketPath: child.ready[1],
    rss: () => readMemory(child.pid),
    diagnostics: child.diagnostics,
    close: () => child.close('SIGTERM'),
  };
}
