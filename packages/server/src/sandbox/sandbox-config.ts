/**
 * A profile's `sandbox`: the limits, their defaults and bounds, checked
 * from the JavaScript option (checkSandbox) and from the CLI's
 * `--sandbox NAME=LIMITS` (parseSandboxSpec) against one table.
 */
import { describe } from '../core/describe-value.js';

/**
 * Runs a profile's program inside a sandbox made from tools that need no
 * root daemon: bubblewrap (namespaces, a read-only view of the system),
 * prlimit (resource limits) and, for `cpu`, cgroup v2 through
 * `systemd-run --scope`. A limit this machine cannot enforce makes the
 * server refuse to start; none is skipped silently.
 */
export interface SandboxConfig {
  /**
   * bytes of address space each process may map (RLIMIT_AS, set with
   * prlimit): an allocation past it fails, it does not get the process
   * OOM-killed. Per process, not per sandbox; where cgroup v2 is available
   * the whole sandbox is also held to it (MemoryMax). Default 1 GiB.
   */
  memory?: number;
  /**
   * Processes (threads count too) the sandbox may have at once
   * (RLIMIT_NPROC inside the sandbox's own user namespace, so each sandbox
   * counts its own; plus TasksMax with cgroup v2). Default 256.
   */
  processes?: number;
  /**
   * percent of one core the sandbox may use (200: two cores). Needs cgroup
   * v2 through `systemd-run --scope` (CPUQuota). Default: no limit.
   */
  cpu?: number;
  /**
   * bytes of the sandbox's only writable place, a private tmpfs at /tmp
   * that also holds HOME (/home/sandbox). Default 64 MiB.
   */
  scratch?: number;
  /**
   * false (the default): a network namespace of its own, with only a
   * loopback no one else is on. true: the server's network, loopback
   * listeners (this server included) reachable.
   */
  network?: boolean;
  /**
   * uid the program runs as when the server runs as root. Default 65534
   * (nobody). Refused when the server does not run as root (it cannot
   * switch users).
   */
  user?: number;
  /** gid that goes with `user`. Default: the same number as `user`. */
  group?: number;
}

/** A checked SandboxConfig, defaults filled in. `user`/`group` stay undefined when not given. */
export interface ResolvedSandbox {
  memory: number;
  processes: number;
  cpu: number | undefined;
  scratch: number;
  network: boolean;
  user: number | undefined;
  group: number | undefined;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

interface NumberField {
  kind: 'bytes' | 'count' | 'percent' | 'id';
  min: number;
  max: number;
}

/** Bounds: below these minimums a shell (bash, python3) cannot even start in the sandbox. */
const NUMBERS = {
  memory: { kind: 'bytes', min: 16 * MiB, max: TiB },
  processes: { kind: 'count', min: 4, max: 65_536 },
  cpu: { kind: 'percent', min: 1, max: 10_000 },
  scratch: { kind: 'bytes', min: MiB, max: TiB },
  // 0 is root (RLIMIT_NPROC does not bind it); 2^32-1 is the kernel's "no id".
  user: { kind: 'id', min: 1, max: 4_294_967_294 },
  group: { kind: 'id', min: 1, max: 4_294_967_294 },
} satisfies Record<string, NumberField>;

const FIELDS = ['memory', 'processes', 'cpu', 'scratch', 'network', 'user', 'group'] as const;

export const SANDBOX_DEFAULTS = { memory: GiB, processes: 256, scratch: 64 * MiB, network: false } as const;

/** 268435456 -> "256M": sizes in messages read as they are written on the CLI. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['T', TiB], ['G', GiB], ['M', MiB], ['K', KiB]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

function expectedNumber(field: NumberField): string {
  const range = `${field.min}..${field.max}`;
  switch (field.kind) {
    case 'bytes':
      return `an integer number of bytes ${range} (${formatSize(field.min)}..${formatSize(field.max)})`;
    case 'percent':
      return `an integer percent of one core ${range}`;
    case 'id':
      return `an integer id ${range} (not 0: root)`;
    default:
      return `an integer ${range}`;
  }
}

/** Checks `profiles.NAME.sandbox` (`where`); a bad field is a TypeError naming it, what it must be and what it was. */
export function checkSandbox(raw: unknown, where: string): ResolvedSandbox {
  const bad = (field: string, expected: string, value: unknown): never => {
    throw new TypeError(`The "${where}${field ? `.${field}` : ''}" option must be ${expected}; got ${describe(value)}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('', `an object {${FIELDS.map((f) => `${f}?`).join(', ')}}`, raw);
  const given = raw as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new TypeError(`Unknown option "${where}.${key}"; the sandbox's options are ${FIELDS.join(', ')}`);
  }
  const number = (name: keyof typeof NUMBERS): number | undefined => {
    const value = given[name];
    const field = NUMBERS[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < field.min || value > field.max) bad(name, expectedNumber(field), value);
    return value as number;
  };
  if (given.network !== undefined && typeof given.network !== 'boolean') bad('network', 'true or false', given.network);
  const user = number('user');
  const group = number('group');
  if (group !== undefined && user === undefined) throw new TypeError(`The "${where}.group" option goes with "${where}.user"`);
  return {
    memory: number('memory') ?? SANDBOX_DEFAULTS.memory,
    processes: number('processes') ?? SANDBOX_DEFAULTS.processes,
    cpu: number('cpu'),
    scratch: number('scratch') ?? SANDBOX_DEFAULTS.scratch,
    network: (given.network as boolean | undefined) ?? SANDBOX_DEFAULTS.network,
    user,
    group,
  };
}

const UNITS: Record<string, number> = { '': 1, K: KiB, M: MiB, G: GiB, T: TiB };
/** What each CLI key takes, for its error, and an example. */
const CLI_FORMS: Record<string, [string, string]> = {
  memory: ['a size like 256M (K, M, G, T: powers of 1024)', '256M'],
  processes: ['an integer', '64'],
  cpu: ['a percent of one core like 50', '50'],
  scratch: ['a size like 64M (K, M, G, T: powers of 1024)', '64M'],
  network: ['on or off', 'off'],
  user: ['UID or UID:GID', '1000:1000'],
};

/**
 * Parses the CLI's `--sandbox NAME=LIMITS` (or just `NAME`, for the
 * defaults), LIMITS like `memory=256M,processes=64,cpu=50,scratch=64M,network=off,user=1000:1000`.
 * Errors are plain Errors naming the profile and the bad key; the CLI makes them usage errors.
 */
export function parseSandboxSpec(text: string): { name: string; sandbox: SandboxConfig } {
  const sep = text.indexOf('=');
  const name = sep === -1 ? text : text.slice(0, sep);
  if (name.length === 0) throw new Error(`--sandbox must be NAME or NAME=LIMITS (like memory=256M,processes=64); got ${JSON.stringify(text)}`);
  const sandbox: SandboxConfig = {};
  const fail = (message: string): never => {
    throw new Error(`--sandbox ${name}: ${message}`);
  };
  const limits = sep === -1 ? [] : text.slice(sep + 1).split(',');
  for (const item of limits) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const value = eq === -1 ? '' : item.slice(eq + 1);
    if (!Object.hasOwn(CLI_FORMS, key)) fail(`unknown limit ${JSON.stringify(key)}; the limits are ${Object.keys(CLI_FORMS).join(', ')}`);
    if (eq === -1 || value === '') fail(`${key} needs a value, like ${key}=${CLI_FORMS[key][1]}`);
    if (Object.hasOwn(sandbox, key)) fail(`${key} is given twice`);
    const got = `; got ${JSON.stringify(value)}`;
    const within = (field: keyof typeof NUMBERS, n: number, shown: (v: number) => string = String, note = ''): number => {
      const { min, max } = NUMBERS[field];
      if (!Number.isSafeInteger(n) || n < min || n > max) fail(`${field} must be ${shown(min)}..${shown(max)}${note}${got}`);
      return n;
    };
    switch (key) {
      case 'memory':
      case 'scratch': {
        const m = /^(\d{1,16})([KMGT]?)$/i.exec(value);
        if (!m) fail(`${key} must be ${CLI_FORMS[key][0]}${got}`);
        sandbox[key] = within(key, Number(m![1]) * UNITS[m![2].toUpperCase()], formatSize);
        break;
      }
      case 'processes':
        if (!/^\d{1,9}$/.test(value)) fail(`processes must be an integer${got}`);
        sandbox.processes = within('processes', Number(value));
        break;
      case 'cpu': {
        const m = /^(\d{1,9})%?$/.exec(value);
        if (!m) fail(`cpu must be ${CLI_FORMS.cpu[0]}${got}`);
        sandbox.cpu = within('cpu', Number(m![1]), String, ' (percent of one core)');
        break;
      }
      case 'network':
        if (value !== 'on' && value !== 'off') fail(`network must be on or off${got}`);
        sandbox.network = value === 'on';
        break;
      case 'user': {
        const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(value);
        if (!m) fail(`user must be UID or UID:GID${got}`);
        sandbox.user = within('user', Number(m![1]), String, ' (a uid, not 0: root)');
        if (m![2] !== undefined) sandbox.group = within('group', Number(m![2]), String, ' (a gid, not 0: root)');
        break;
      }
    }
  }
  return { name, sandbox };
}
