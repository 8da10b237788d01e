import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSandbox } from './sandbox-config.js';
import { checkSandboxSupport, type SandboxProbe } from './sandbox-probe.js';
import { probeWith } from '../testing/sandbox-probes.js';

/** A machine with everything: root, the tools, cgroup v2 with every controller. */
const FULL = probeWith({ ok: true, user: false, controllers: ['cpu', 'memory', 'pids'] });
const NO_CGROUP: SandboxProbe = { ...FULL, cgroup: { ok: false, why: 'this machine has no systemd manager (cgroup v1 only)' } };

const refusal = (config: Record<string, unknown>, probe: SandboxProbe) => {
  try {
    checkSandboxSupport('tutorial', checkSandbox(config, 'profiles.tutorial.sandbox'), probe);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('checkSandboxSupport', () => {
  it('accepts what the machine can enforce', () => {
    assert.equal(refusal({ cpu: 50 }, FULL), undefined);
    assert.equal(refusal({ memory: 256 * 2 ** 20, processes: 64 }, NO_CGROUP), undefined, 'memory and processes hold through prlimit alone');
    assert.equal(refusal({}, { ...NO_CGROUP, root: false, setpriv: undefined }), undefined, 'setpriv is needed only as root');
  });

  it('names the profile, the limit that cannot hold and what is missing', () => {
    assert.equal(
      refusal({ cpu: 50 }, NO_CGROUP),
      'profile "tutorial": cpu=50 needs cgroup v2 through systemd-run --scope, and this machine has no systemd manager (cgroup v1 only); remove cpu or run under systemd with cgroup v2',
    );
    assert.equal(
      refusal({ cpu: 50 }, { ...FULL, cgroup: { ok: true, user: true, controllers: ['memory', 'pids'] } }),
      'profile "tutorial": cpu=50 needs the cpu controller of cgroup v2, and systemd\'s user manager has none delegated here; remove cpu or delegate it (Delegate=cpu)',
    );
    assert.equal(
      refusal({}, { ...FULL, bwrap: undefined }),
      'profile "tutorial": the sandbox needs bubblewrap (bwrap), and it is not installed; install it (Debian, Ubuntu: apt-get install bubblewrap)',
    );
    assert.equal(
      refusal({ processes: 64 }, { ...FULL, setpriv: undefined }),
      'profile "tutorial": the server runs as root, so the sandbox must drop to uid 65534 with setpriv (util-linux), and it is not installed; without it processes=64 would not hold (RLIMIT_NPROC does not bind root)',
    );
    assert.equal(
      refusal({}, { ...FULL, bwrapError: 'bwrap exited with 1: bwrap: No permissions to create new namespace' }),
      'profile "tutorial": bwrap could not create user, network, pid and mount namespaces here (bwrap exited with 1: bwrap: No permissions to create new namespace); allow unprivileged user namespaces (sysctl user.max_user_namespaces > 0; on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0)',
    );
    assert.equal(
      refusal({ memory: 256 * 2 ** 20 }, { ...FULL, prlimit: undefined }),
      'profile "tutorial": memory=256M and processes=256 need prlimit (util-linux), and it is not installed',
    );
    assert.equal(
      refusal({ user: 1000 }, { ...FULL, root: false }),
      `profile "tutorial": user=1000 needs the server to run as root (it runs as uid ${process.getuid?.()}); remove user`,
    );
  });

  it('lists every problem at once', () => {
    assert.equal(
      refusal({ cpu: 25 }, { ...NO_CGROUP, bwrap: undefined, prlimit: undefined }),
      'profile "tutorial": the sandbox needs bubblewrap (bwrap), and it is not installed; install it (Debian, Ubuntu: apt-get install bubblewrap); ' +
        'memory=1G and processes=256 need prlimit (util-linux), and it is not installed; ' +
        'cpu=25 needs cgroup v2 through systemd-run --scope, and this machine has no systemd manager (cgroup v1 only); remove cpu or run under systemd with cgroup v2',
    );
  });
});
