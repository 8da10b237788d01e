/**
 * The sandbox itself, as bubblewrap's arguments: its namespaces, and the
 * file system it sees (the system directories read-only, a private scratch
 * tmpfs, nothing else). Shared by the sandbox's command line and the probe's
 * trial run, so the probe tries exactly what sessions will get.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { ResolvedSandbox } from './sandbox-config.js';

/** uid and gid of nobody: what a root server's sandbox runs as unless the profile says otherwise. */
export const NOBODY = 65534;

/** The sandbox's HOME, a link into the scratch tmpfs so that HOME and /tmp share one size cap. */
export const SANDBOX_HOME = '/home/sandbox';
export const SCRATCH = '/tmp';
const SCRATCH_HOME = '/tmp/home';

/**
 * The only parts of the machine's file system a sandbox sees, read-only: the
 * programs and libraries, and /etc (users, locales, terminfo). An allow-list,
 * not the whole tree with holes in it: the server's files, other users'
 * homes, sockets in /run and anything added to the machine later stay out.
 */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

/** --ro-bind for a directory; a merged-/usr link (/bin -> usr/bin) is recreated as the same link. */
function systemMounts(): string[] {
  return SYSTEM_DIRS.filter((dir) => existsSync(dir)).flatMap((dir) => {
    const stat = lstatSync(dir);
    return stat.isSymbolicLink() ? ['--symlink', readlinkSync(dir), dir] : ['--ro-bind', dir, dir];
  });
}

/** bwrap's arguments, up to and excluding the `--` before the program, which starts in `cwd` (inside). */
export function bwrapArgs(config: Pick<ResolvedSandbox, 'scratch' | 'network'>, cwd: string): string[] {
  const args = [
    // Every namespace bwrap knows; --unshare-user spelled out because --disable-userns requires it.
    '--unshare-all', '--unshare-user', ...(config.network ? ['--share-net'] : []),
    // No namespaces inside: the kernel surface stays that of an unprivileged process.
    '--disable-userns',
    '--die-with-parent',
    '--hostname', 'sandbox',
    ...systemMounts(),
    // bwrap's /dev is a writable tmpfs (with /dev/shm in it) of no set size: read-only, so the scratch cap holds.
    '--dev', '/dev', '--remount-ro', '/dev',
    '--proc', '/proc',
    '--size', String(config.scratch), '--tmpfs', SCRATCH, '--dir', SCRATCH_HOME,
    '--dir', '/home', '--symlink', SCRATCH_HOME, SANDBOX_HOME,
    // The new root is a tmpfs of no set size: read-only, so the scratch directory is the only place to write.
    '--remount-ro', '/',
  ];
  // No --new-session: the shell needs the PTY as its controlling terminal for
  // job control and Ctrl-C. What it guards against (TIOCSTI typing into a
  // terminal shared with the world outside) cannot happen here: this PTY
  // belongs to the session alone, and the only process on it outside the
  // sandbox is bwrap's own, which reads nothing from it.
  args.push('--chdir', cwd);
  return args;
}
