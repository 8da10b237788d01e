/**
 * Overwrites a secret in the memory the kernel shows as /proc/PID/cmdline and
 * /proc/PID/environ. Every process of the same user can read those, the
 * server's own shells included (`cat /proc/$PPID/environ`). Deleting the
 * variable from process.env is not enough: unsetenv() only unlinks the
 * string, and the bytes the kernel placed at exec stay where they were.
 * Nothing refers to them once Node has copied argv and the variable is
 * unset, so they can be overwritten in place. Linux only; elsewhere (or when
 * /proc/self/mem is not writable) it reports false and changes nothing.
 */
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

/** Field numbers (1-based, man 5 proc) of the argument and environment areas in /proc/self/stat. */
const ARG_START = 48;
const ENV_END = 51;

function memoryAreas(): Array<[number, number]> {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  // Fields after the parenthesised command name start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ').map(Number);
  const field = (n: number) => fields[n - 3];
  if (!Number.isSafeInteger(field(ENV_END)) || field(ENV_END) === 0) throw new Error('no argument or environment addresses in /proc/self/stat');
  return [[field(ARG_START), field(ARG_START + 1)], [field(ARG_START + 2), field(ENV_END)]];
}

/** Replaces every copy of `secret` in this process's original argv and environment with `*`; true when none is left. */
export function scrubFromProcessMemory(secret: string): boolean {
  const needle = Buffer.from(secret);
  if (needle.length === 0) return true;
  let fd: number | undefined;
  try {
    fd = openSync('/proc/self/mem', 'r+');
    for (const [start, end] of memoryAreas()) {
      const area = Buffer.alloc(end - start);
      readSync(fd, area, 0, area.length, start);
      for (let at = area.indexOf(needle); at !== -1; at = area.indexOf(needle, at + needle.length)) {
        writeSync(fd, Buffer.alloc(needle.length, '*'), 0, needle.length, start + at);
      }
      readSync(fd, area, 0, area.length, start);
      if (area.includes(needle)) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
