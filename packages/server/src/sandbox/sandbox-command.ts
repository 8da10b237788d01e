/**
 * The command line that runs a profile's program in its sandbox:
 *
 *   [systemd-run --scope -p ...] [setpriv --reuid ...] bwrap ... -- prlimit ... -- COMMAND ARGS
 *
 * outermost first, each exec'ing the next, so the PTY's session leader is
 * the outer bwrap and ending it (SIGHUP from the PTY, the session's
 * teardown) ends the sandbox: --die-with-parent kills bwrap's init, and
 * with it every process of the sandbox's pid namespace, even one that left
 * the terminal's session with setsid.
 */
import { bwrapArgs, NOBODY, SANDBOX_HOME, SCRATCH } from './sandbox-mounts.js';
import type { ResolvedSandbox } from './sandbox-config.js';
import type { SandboxProbe } from './sandbox-probe.js';

export interface SpawnSpec {
  command: string;
  args: string[];
  /** Inside the sandbox: where the program starts; undefined for its HOME. */
  cwd: string | undefined;
  env: Record<string, string>;
}

/** What to hand the PTY backend: the wrapped command, spawned from `cwd` outside. */
export type WrappedSpawn = Omit<SpawnSpec, 'cwd'> & { cwd: string };

/** The server's environment is never handed on (it may hold secrets): only these names of it. */
const PASSED_ENV = ['PATH', 'LANG', 'SHELL'];
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The sandbox's environment: a few of the server's names, then the sandbox's own, then the profile's. */
function sandboxEnv(own: Record<string, string>, hostEnv: NodeJS.ProcessEnv, cwd: string): Record<string, string> {
  const env: Record<string, string> = { PATH: DEFAULT_PATH };
  for (const [key, value] of Object.entries(hostEnv)) {
    if (value !== undefined && (PASSED_ENV.includes(key) || key.startsWith('LC_'))) env[key] = value;
  }
  // PWD lets a shell show ~ for the HOME link rather than the path it leads to.
  Object.assign(env, { HOME: SANDBOX_HOME, USER: 'sandbox', LOGNAME: 'sandbox', TMPDIR: SCRATCH, PWD: cwd }, own);
  return env;
}

/**
 * Wraps `spawn` (the profile's program; `env` holds only the profile's own
 * variables, TERM and COLORTERM) in the sandbox `config` asks for, with the
 * tools `probe` found. checkSandboxSupport must have accepted the pair.
 */
export function sandboxCommand(config: ResolvedSandbox, probe: SandboxProbe, spawn: SpawnSpec, hostEnv: NodeJS.ProcessEnv = process.env): WrappedSpawn {
  const inside = spawn.cwd ?? SANDBOX_HOME;
  const bwrap = bwrapArgs(config, inside);
  const env = sandboxEnv(spawn.env, hostEnv, inside);
  const line: string[] = [];
  const cgroup = probe.cgroup.ok ? probe.cgroup : undefined;
  if (cgroup) {
    const properties = [
      ...(config.cpu !== undefined ? [`CPUQuota=${config.cpu}%`] : []),
      ...(cgroup.controllers.includes('memory') ? [`MemoryMax=${config.memory}`, 'MemorySwapMax=0'] : []),
      ...(cgroup.controllers.includes('pids') ? [`TasksMax=${config.processes}`] : []),
    ].flatMap((p) => ['-p', p]);
    line.push(probe.systemdRun!, ...(cgroup.user ? ['--user'] : []), '--scope', '--quiet', '--collect', ...properties, '--');
    // The user manager is reached through these; the sandbox does not need them.
    for (const key of ['XDG_RUNTIME_DIR', 'DBUS_SESSION_BUS_ADDRESS']) {
      const value = hostEnv[key];
      if (cgroup.user && value !== undefined && !(key in spawn.env)) {
        env[key] = value;
        bwrap.push('--unsetenv', key);
      }
    }
  }
  if (probe.root) {
    // RLIMIT_NPROC does not bind uid 0, not even root mapped into a user namespace: drop to a real user first.
    const uid = config.user ?? NOBODY;
    line.push(probe.setpriv!, '--reuid', String(uid), '--regid', String(config.group ?? uid), '--clear-groups', '--');
  }
  // prlimit inside the new user namespace: RLIMIT_NPROC then counts this sandbox's processes only.
  line.push(probe.bwrap!, ...bwrap, '--', probe.prlimit!, `--as=${config.memory}`, `--nproc=${config.processes}`, '--', spawn.command, ...spawn.args);
  // Spawned from / : bwrap exits (254, without a word) when its cwd is closed to the user it runs as.
  return { command: line[0], args: line.slice(1), cwd: '/', env };
}
