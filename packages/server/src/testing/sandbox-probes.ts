/** Probe results for the sandbox unit tests: a machine with every tool, and cgroup v2 as given. */
import type { SandboxProbe } from '../sandbox/sandbox-probe.js';

export function probeWith(cgroup: SandboxProbe['cgroup'], overrides: Partial<SandboxProbe> = {}): SandboxProbe {
  return {
    root: true,
    bwrap: '/usr/bin/bwrap',
    prlimit: '/usr/bin/prlimit',
    setpriv: '/usr/bin/setpriv',
    systemdRun: '/usr/bin/systemd-run',
    bwrapError: undefined,
    cgroup,
    ...overrides,
  };
}
