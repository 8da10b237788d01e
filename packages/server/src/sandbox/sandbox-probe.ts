/**
 * What this machine can enforce, found once at start-up, and the refusal
 * of a sandboxed profile whose limits would otherwise be skipped silently.
 * bwrap and systemd-run are tried for real (short timeouts): a bwrap that
 * exists but cannot make namespaces here is as good as a missing one.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bwrapArgs, NOBODY } from './sandbox-mounts.js';
import { formatSize, SANDBOX_DEFAULTS, type ResolvedSandbox } from './sandbox-config.js';

export type CgroupController = 'cpu' | 'memory' | 'pids';

export interface SandboxProbe {
  /** The server runs as root: the sandbox drops to its `user` with setpriv. */
  root: boolean;
  /** Absolute paths of the tools, undefined when not installed. */
  bwrap: string | undefined;
  prlimit: string | undefined;
  setpriv: string | undefined;
  systemdRun: string | undefined;
  /** Why a trial sandbox failed (bwrap's own words), or undefined when it ran. */
  bwrapError: string | undefined;
  /** cgroup v2 through `systemd-run --scope` (the user manager's when not root), or why not. */
  cgroup: { ok: true; user: boolean; controllers: CgroupController[] } | { ok: false; why: string };
}

/** milliseconds for each trial run: a tool that hangs longer counts as not working. */
const TRIAL_MS = 5_000;
const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];

function findTool(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env.PATH ?? '').split(':').filter((d) => d.startsWith('/')), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a trial; undefined when it exited 0, else what went wrong. */
function trial(command: string, args: string[], env: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync(command, args, { cwd: '/', env, encoding: 'utf8', timeout: TRIAL_MS, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.error) return result.error.message;
  if (result.status === 0) return undefined;
  const said = result.stderr.trim().split('\n').slice(-2).join(' ');
  return `${path.basename(command)} exited with ${result.status ?? result.signal}${said ? `: ${said}` : ' and said nothing'}`;
}

function controllersAt(file: string): CgroupController[] {
  try {
    const listed = readFileSync(file, 'utf8').trim().split(/\s+/);
    return (['cpu', 'memory', 'pids'] as const).filter((c) => listed.includes(c));
  } catch {
    return [];
  }
}

function probeCgroup(systemdRun: string | undefined, root: boolean, env: NodeJS.ProcessEnv): SandboxProbe['cgroup'] {
  const unified = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const v1 = unified ? '' : ' (cgroup v1 only)';
  if (!systemdRun) return { ok: false, why: `systemd-run is not installed${v1}` };
  const uid = process.getuid?.() ?? 0;
  if (root && !existsSync('/run/systemd/system')) return { ok: false, why: `this machine has no systemd manager${v1}` };
  if (!root && !existsSync(`${env.XDG_RUNTIME_DIR ?? `/run/user/${uid}`}/systemd/private`)) {
    return { ok: false, why: `no systemd user manager runs for uid ${uid}${v1}` };
  }
  if (!unified) return { ok: false, why: 'systemd manages cgroup v1 here, and the sandbox sets its limits through cgroup v2 only' };
  const user = root ? [] : ['--user'];
  const failed = trial(systemdRun, [...user, '--scope', '--quiet', '--collect', '--', 'true'], env);
  if (failed) return { ok: false, why: `systemd-run ${user.join('')}${user.length ? ' ' : ''}--scope failed: ${failed}` };
  // A controller systemd cannot use there is a property it accepts and ignores.
  const file = root ? '/sys/fs/cgroup/cgroup.controllers' : `/sys/fs/cgroup/user.slice/user-${uid}.slice/user@${uid}.service/cgroup.controllers`;
  return { ok: true, user: !root, controllers: controllersAt(file) };
}

/** Probes this machine (synchronously: a few trial runs, each at most TRIAL_MS). */
export function probeSandbox(env: NodeJS.ProcessEnv = process.env): SandboxProbe {
  const root = process.getuid?.() === 0;
  const bwrap = findTool('bwrap', env);
  const prlimit = findTool('prlimit', env);
  const setpriv = findTool('setpriv', env);
  const systemdRun = findTool('systemd-run', env);
  let bwrapError: string | undefined;
  if (bwrap && (setpriv || !root)) {
    // The sandbox as sessions get it, as the user they run as, around `true`.
    const drop = root ? [setpriv!, '--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', '--'] : [];
    const line = [...drop, bwrap, ...bwrapArgs(SANDBOX_DEFAULTS, '/'), '--', 'true'];
    bwrapError = trial(line[0], line.slice(1), { PATH: '/usr/bin:/bin' });
  }
  return { root, bwrap, prlimit, setpriv, systemdRun, bwrapError, cgroup: probeCgroup(systemdRun, root, env) };
}

/** `memory=256M` as a message shows it. */
function limit(name: keyof ResolvedSandbox, config: ResolvedSandbox): string {
  const value = config[name];
  return `${name}=${name === 'memory' || name === 'scratch' ? formatSize(value as number) : String(value)}`;
}

/**
 * Throws an Error naming profile `name`, each limit of `config` this
 * machine cannot enforce, and what is missing; returns when all can be.
 */
export function checkSandboxSupport(name: string, config: ResolvedSandbox, probe: SandboxProbe): void {
  const problems: string[] = [];
  if (!probe.bwrap) problems.push('the sandbox needs bubblewrap (bwrap), and it is not installed; install it (Debian, Ubuntu: apt-get install bubblewrap)');
  else if (probe.root && !probe.setpriv) {
    problems.push(`the server runs as root, so the sandbox must drop to uid ${config.user ?? NOBODY} with setpriv (util-linux), and it is not installed; without it ${limit('processes', config)} would not hold (RLIMIT_NPROC does not bind root)`);
  } else if (probe.bwrapError) {
    problems.push(`bwrap could not create user, network, pid and mount namespaces here (${probe.bwrapError}); allow unprivileged user namespaces (sysctl user.max_user_namespaces > 0; on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0)`);
  }
  if (!probe.prlimit) problems.push(`${limit('memory', config)} and ${limit('processes', config)} need prlimit (util-linux), and it is not installed`);
  if (config.cpu !== undefined) {
    const cgroup = probe.cgroup;
    if (!cgroup.ok) problems.push(`${limit('cpu', config)} needs cgroup v2 through systemd-run --scope, and ${cgroup.why}; remove cpu or run under systemd with cgroup v2`);
    else if (!cgroup.controllers.includes('cpu')) {
      problems.push(`${limit('cpu', config)} needs the cpu controller of cgroup v2, and systemd${cgroup.user ? '\'s user manager' : ''} has none delegated here; remove cpu or delegate it (Delegate=cpu)`);
    }
  }
  if (config.user !== undefined && !probe.root) {
    problems.push(`user=${config.user} needs the server to run as root (it runs as uid ${process.getuid?.()}); remove user`);
  }
  if (problems.length > 0) throw new Error(`profile ${JSON.stringify(name)}: ${problems.join('; ')}`);
}
