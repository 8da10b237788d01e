/**
 * Where a PTY host listens: a Unix socket in a directory only this user can
 * enter, so no other user can reach the socket or swap it for their own.
 */
import { mkdirSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Why the directory of `socketPath` is not private to this user, or
 * undefined when it is (or does not exist yet). Checked by the host before it
 * listens and by a web server before it relays pages there: in a directory
 * another user can write, the socket could be someone else's.
 */
export function privacyProblem(socketPath: string): string | undefined {
  const dir = path.dirname(path.resolve(socketPath));
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return undefined;
  }
  const uid = process.getuid?.();
  if (!stat.isDirectory()) return `${dir} is not a directory`;
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to uid ${stat.uid}, not to this user (${uid}); put the PTY host's socket in a directory of your own`;
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    return `${dir} is open to other users (mode ${mode}); the PTY host's socket needs a private directory (chmod 700 ${dir}, or use e.g. $XDG_RUNTIME_DIR/termplex/host.sock)`;
  }
  return undefined;
}

/** Creates the directory (mode 0700) if missing; refuses one that others can enter or that someone else owns. */
export function checkPrivateDirectory(socketPath: string): void {
  mkdirSync(path.dirname(path.resolve(socketPath)), { recursive: true, mode: 0o700 });
  const problem = privacyProblem(socketPath);
  if (problem) throw new Error(problem);
}

/** Removes a socket file left by a host that is gone; refuses to replace a live host or a file that is not a socket. */
export async function clearStaleSocket(socketPath: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(socketPath);
  } catch {
    return; // nothing there
  }
  if (!stat.isSocket()) throw new Error(`${socketPath} exists and is not a socket; refusing to replace it`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new Error(`a PTY host is already listening on ${socketPath}`);
  unlinkSync(socketPath);
}
