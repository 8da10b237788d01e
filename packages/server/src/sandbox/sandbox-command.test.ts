import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sandboxCommand } from './sandbox-command.js';
import { checkSandbox } from './sandbox-config.js';
import type { SandboxProbe } from './sandbox-probe.js';
import { probeWith } from '../testing/sandbox-probes.js';

const MiB = 2 ** 20;
const ROOT = probeWith({ ok: false, why: 'no systemd manager' });
const spawn = { command: 'bash', args: ['--norc'], cwd: undefined, env: { TERM: 'xterm-256color', PS1: '$ ' } };
const hostEnv = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C', SHELL: '/bin/bash', HOME: '/root', TERMPLEX_TOKEN: 'secret', AWS_SECRET_ACCESS_KEY: 'secret' };
const config = (raw: Record<string, unknown> = {}) => checkSandbox(raw, 'sandbox');

/** The arguments after `flag`, `count` of them. */
const after = (args: string[], flag: string, count = 1) => args.slice(args.indexOf(flag) + 1, args.indexOf(flag) + 1 + count);

describe('sandboxCommand', () => {
  it('as root: setpriv to nobody, then bwrap, then prlimit inside, then the program', () => {
    const wrapped = sandboxCommand(config({ memory: 256 * MiB, processes: 64 }), ROOT, spawn, hostEnv);
    assert.equal(wrapped.command, '/usr/bin/setpriv');
    assert.deepEqual(wrapped.args.slice(0, 7), ['--reuid', '65534', '--regid', '65534', '--clear-groups', '--', '/usr/bin/bwrap']);
    const bwrapEnd = wrapped.args.indexOf('/usr/bin/prlimit');
    assert.deepEqual(wrapped.args.slice(bwrapEnd - 1), ['--', '/usr/bin/prlimit', `--as=${256 * MiB}`, '--nproc=64', '--', 'bash', '--norc']);
    assert.equal(wrapped.cwd, '/', 'spawned from /, which every uid may enter');
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent']) assert.ok(wrapped.args.includes(flag), flag);
    assert.ok(!wrapped.args.includes('--new-session'), 'the shell keeps the PTY as its controlling terminal');
    assert.ok(!wrapped.args.includes('--share-net'));
    const bound = wrapped.args.flatMap((arg, i) => (arg === '--ro-bind' ? [wrapped.args[i + 1]] : []));
    assert.ok(bound.includes('/usr') && bound.includes('/etc'), 'the system, read-only');
    assert.ok(!bound.includes('/') && !bound.some((dir) => /^\/(home|root|run|var|work|tmp)/.test(dir)), `only system directories, not ${bound.join(' ')}`);
    assert.ok(wrapped.args.some((arg, i) => arg === '--remount-ro' && wrapped.args[i + 1] === '/'), 'the root itself read-only');
    assert.deepEqual(after(wrapped.args, '--size', 3), [String(64 * MiB), '--tmpfs', '/tmp'], 'the default scratch cap on /tmp');
    assert.deepEqual(after(wrapped.args, '--chdir'), ['/home/sandbox']);
  });

  it('drops to the profile\'s user and group; a user alone brings its own number as the group', () => {
    assert.deepEqual(sandboxCommand(config({ user: 1000 }), ROOT, spawn, hostEnv).args.slice(0, 4), ['--reuid', '1000', '--regid', '1000']);
    assert.deepEqual(sandboxCommand(config({ user: 1000, group: 100 }), ROOT, spawn, hostEnv).args.slice(0, 4), ['--reuid', '1000', '--regid', '100']);
  });

  it('not root: bwrap first; network=true shares the network; cwd is where the program starts inside', () => {
    const wrapped = sandboxCommand(config({ network: true, scratch: 8 * MiB }), { ...ROOT, root: false }, { ...spawn, cwd: '/usr/share' }, hostEnv);
    assert.equal(wrapped.command, '/usr/bin/bwrap');
    assert.ok(wrapped.args.includes('--share-net'));
    assert.deepEqual(after(wrapped.args, '--size'), [String(8 * MiB)]);
    assert.deepEqual(after(wrapped.args, '--chdir'), ['/usr/share']);
    assert.equal(wrapped.env.PWD, '/usr/share');
  });

  it('with cgroup v2: systemd-run --scope outermost, with the quota and the controllers it has', () => {
    const probe: SandboxProbe = { ...ROOT, cgroup: { ok: true, user: false, controllers: ['cpu', 'pids'] } };
    const wrapped = sandboxCommand(config({ cpu: 50, processes: 64 }), probe, spawn, hostEnv);
    assert.equal(wrapped.command, '/usr/bin/systemd-run');
    assert.deepEqual(wrapped.args.slice(0, 8), ['--scope', '--quiet', '--collect', '-p', 'CPUQuota=50%', '-p', 'TasksMax=64', '--']);
    assert.equal(wrapped.args[8], '/usr/bin/setpriv');
  });

  it('hands on an allow-list of the server\'s environment, then the sandbox\'s own, then the profile\'s', () => {
    const { env } = sandboxCommand(config(), ROOT, spawn, hostEnv);
    assert.deepEqual(env, {
      PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C', SHELL: '/bin/bash',
      HOME: '/home/sandbox', USER: 'sandbox', LOGNAME: 'sandbox', TMPDIR: '/tmp', PWD: '/home/sandbox',
      TERM: 'xterm-256color', PS1: '$ ',
    });
  });
});
