/**
 * Checks every option before anything starts. A bad option is a TypeError
 * whose message names the option, the allowed values and what was given.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import net, { isIP } from 'node:net';
import { HEARTBEAT_INTERVAL, LIMITS, PROFILE_NAME_PATTERN } from '@termplex/protocol';
import { describe } from './core/describe-value.js';
import { HOST_KEY_LENGTH } from './core/host-link.js';
import {
  LOG_LEVELS, type ProfileConfig, type PtyHostOptions, type ResolvedOptions, type ResolvedProfile, type ResolvedSessionOptions, type TerminalServerOptions,
} from './options.js';
import { isLoopbackHost } from './gateway/request-guard.js';
import { checkProfileRecord, checkRecord, type ResolvedRecord } from './recording/record-config.js';
import { checkSandbox } from './sandbox/sandbox-config.js';

/** Options of whatever owns the sessions: this server, or a PTY host. */
const SESSION_OPTIONS = ['profiles', 'graceMs', 'idleTimeoutMs', 'ringBytes', 'maxSessionsPerSocket', 'maxSessions', 'snapshots', 'backend', 'record'] as const;
const WEB_OPTIONS = [
  'host', 'port', 'server', 'path', 'token', 'allowedOrigins', 'allowedHosts', 'ptyHost', 'ptyHostKey', 'maxAuthFailures', 'helloTimeoutMs', 'pingIntervalMs',
  'bundlePath', 'publicDir', 'quotas',
] as const;
const KNOWN = [...WEB_OPTIONS, ...SESSION_OPTIONS, 'logLevel', 'clock'] as const;
const HOST_KNOWN = ['socket', 'key', ...SESSION_OPTIONS, 'logLevel', 'clock'] as const;
/** milliseconds: 2^31-1, the longest delay a Node timer honours. */
const MAX_DELAY = 2_147_483_647;

function bad(option: string, expected: string, value: unknown): never {
  throw new TypeError(`The "${option}" option must be ${expected}; got ${describe(value)}`);
}

function integer(options: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) bad(name, `an integer ${min}..${max}`, value);
  return value;
}

function stringList(options: Record<string, unknown>, name: string, check: (item: string) => string | undefined, expected: string): string[] {
  const value = options[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) bad(name, expected, value);
  return value.map((item, index) => {
    const normal = typeof item === 'string' ? check(item) : undefined;
    if (normal === undefined) throw new TypeError(`The "${name}" option must be ${expected}; got ${describe(item)} at index ${index}`);
    return normal;
  });
}

function origin(item: string): string | undefined {
  try {
    const url = new URL(item);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== item.replace(/\/$/, '').toLowerCase()) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function hostname(item: string): string | undefined {
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}))$/.test(item) ? item.toLowerCase() : undefined;
}

export function defaultShellProfile(): ProfileConfig {
  return { command: process.env.SHELL || '/bin/sh', args: ['-l'] };
}

function flag(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') bad(name, 'true or false', value);
  return value;
}

function profiles(value: unknown, snapshots: boolean, record: ResolvedRecord | undefined): Map<string, ResolvedProfile> {
  const expected = 'an object mapping names to {command, args?, env?, cwd?, snapshots?, sandbox?, record?}';
  const given = value === undefined ? { default: defaultShellProfile() } : value;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) bad('profiles', expected, given);
  const out = new Map<string, ResolvedProfile>();
  for (const [name, raw] of Object.entries(given as Record<string, unknown>)) {
    const where = `profiles.${name}`;
    if (!PROFILE_NAME_PATTERN.test(name)) throw new TypeError(`The "profiles" option's names must match ${PROFILE_NAME_PATTERN.source}; got ${describe(name)}`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad(where, 'an object {command, args?, env?, cwd?, snapshots?, sandbox?, record?}', raw);
    const p = raw as Record<string, unknown>;
    if (typeof p.command !== 'string' || p.command.length === 0) bad(`${where}.command`, 'a non-empty string', p.command);
    if (p.args !== undefined && (!Array.isArray(p.args) || !p.args.every((a) => typeof a === 'string'))) bad(`${where}.args`, 'an array of strings', p.args);
    if (p.env !== undefined && (typeof p.env !== 'object' || p.env === null || !Object.values(p.env).every((v) => typeof v === 'string'))) {
      bad(`${where}.env`, 'an object of strings', p.env);
    }
    if (p.cwd !== undefined && typeof p.cwd !== 'string') bad(`${where}.cwd`, 'a string', p.cwd);
    if (p.snapshots !== undefined && typeof p.snapshots !== 'boolean') bad(`${where}.snapshots`, 'true or false', p.snapshots);
    out.set(name, {
      name,
      command: p.command as string,
      args: [...((p.args as string[] | undefined) ?? [])],
      env: { ...((p.env as Record<string, string> | undefined) ?? {}) },
      cwd: p.cwd as string | undefined,
      snapshots: (p.snapshots as boolean | undefined) ?? snapshots,
      sandbox: p.sandbox === undefined ? undefined : checkSandbox(p.sandbox, `${where}.sandbox`),
      record: checkProfileRecord(p.record, `${where}.record`, record),
    });
  }
  if (out.size === 0) bad('profiles', `${expected}, with at least one profile`, given);
  return out;
}

function optionsObject(input: unknown, known: readonly string[]): Record<string, unknown> {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new TypeError(`The options must be an object; got ${describe(input)}`);
  }
  const options = (input ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`Unknown option "${key}"; the options are ${known.join(', ')}`);
  }
  return options;
}

/** The session options, shared by createTerminalServer (sessions in-process) and runPtyHost. */
function sessionOptions(options: Record<string, unknown>): ResolvedSessionOptions {
  const logLevel = options.logLevel ?? 'info';
  const isLogger = typeof logLevel === 'object' && logLevel !== null && typeof (logLevel as { child?: unknown }).child === 'function';
  if (!isLogger && !(LOG_LEVELS as readonly unknown[]).includes(logLevel)) bad('logLevel', `one of ${LOG_LEVELS.join(', ')}, or a pino logger`, logLevel);
  const backend = options.backend;
  if (backend !== undefined && (typeof backend !== 'object' || backend === null || typeof (backend as { spawn?: unknown }).spawn !== 'function')) {
    bad('backend', 'a PtyBackend (an object with a spawn method)', backend);
  }
  const clock = options.clock;
  if (clock !== undefined && (typeof clock !== 'object' || clock === null || typeof (clock as { setTimeout?: unknown }).setTimeout !== 'function')) {
    bad('clock', 'a Clock (now, setTimeout, clearTimeout)', clock);
  }
  const record = checkRecord(options.record);
  const resolvedProfiles = profiles(options.profiles, flag(options, 'snapshots', true), record);
  return {
    profiles: resolvedProfiles,
    defaultProfile: resolvedProfiles.has('default') ? 'default' : [...resolvedProfiles.keys()][0],
    graceMs: integer(options, 'graceMs', 300_000, 0, MAX_DELAY),
    idleTimeoutMs: integer(options, 'idleTimeoutMs', 0, 0, MAX_DELAY),
    ringBytes: integer(options, 'ringBytes', 2 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxSessionsPerSocket: integer(options, 'maxSessionsPerSocket', 32, 1, 10_000),
    maxSessions: integer(options, 'maxSessions', 256, 1, 100_000),
    logLevel: logLevel as ResolvedSessionOptions['logLevel'],
    backend: backend as ResolvedSessionOptions['backend'],
    clock: clock as ResolvedSessionOptions['clock'],
    record,
  };
}

/** A Unix socket path: absolute or relative, within the kernel's 107-byte limit. */
function socketPath(options: Record<string, unknown>, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) bad(name, 'the path of a Unix socket', value);
  if (Buffer.byteLength(value) > 107) bad(name, 'a Unix socket path of at most 107 bytes (the kernel\'s limit)', value);
  return value;
}

/** A host key: a secret string without whitespace (CLI: TERMPLEX_HOST_KEY). */
function hostKey(options: Record<string, unknown>, name: string): string {
  const value = options[name];
  const [min, max] = HOST_KEY_LENGTH;
  if (typeof value !== 'string' || value.length < min || value.length > max || /\s/.test(value)) {
    const got = typeof value === 'string' ? `${value.length} characters` : describe(value);
    throw new TypeError(`The "${name}" option must be a secret of ${min}..${max} characters without whitespace, the same for the PTY host and its web servers (CLI: TERMPLEX_HOST_KEY); got ${got}`);
  }
  return value;
}

/** The quotas option: each field in its unit, 0 turning it off (sessionsPerTicket is at least 1). */
const QUOTA_FIELDS = {
  sessionsPerTicket: { fallback: 2, min: 1, max: 10_000 },
  sessionsPerAddress: { fallback: 8, min: 0, max: 100_000 },
  sessionLifetime: { fallback: 1800, min: 0, max: 30 * 86_400 },
  idleTimeout: { fallback: 600, min: 0, max: 30 * 86_400 },
  outputRate: { fallback: 1024 * 1024, min: 0, max: 1024 ** 3 },
} as const;

function quotas(value: unknown): Pick<ResolvedOptions, 'quotas' | 'sessionsPerTicket'> {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) bad('quotas', `an object {${Object.keys(QUOTA_FIELDS).join('?, ')}?}`, value);
  const given = (value ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in QUOTA_FIELDS)) throw new TypeError(`Unknown quota "${key}"; the quotas are ${Object.keys(QUOTA_FIELDS).join(', ')}`);
  }
  const read = (key: keyof typeof QUOTA_FIELDS) => {
    const { fallback, min, max } = QUOTA_FIELDS[key];
    const v = given[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(`quotas.${key}`, `an integer ${min}..${max}`, v);
    return v;
  };
  return {
    sessionsPerTicket: read('sessionsPerTicket'),
    quotas: {
      sessionsPerAddress: read('sessionsPerAddress'),
      lifetimeMs: read('sessionLifetime') * 1000,
      idleMs: read('idleTimeout') * 1000,
      outputBytesPerSecond: read('outputRate'),
    },
  };
}

export function validateHostOptions(input: PtyHostOptions | undefined): ResolvedSessionOptions & { socket: string; key: string } {
  const options = optionsObject(input, HOST_KNOWN);
  return { socket: socketPath(options, 'socket'), key: hostKey(options, 'key'), ...sessionOptions(options) };
}

export function validateOptions(input: TerminalServerOptions | undefined): ResolvedOptions {
  const options = optionsObject(input, KNOWN);
  const ptyHost = options.ptyHost === undefined ? undefined : socketPath(options, 'ptyHost');
  if (ptyHost === undefined && options.ptyHostKey !== undefined) throw new TypeError('The "ptyHostKey" option goes with "ptyHost"');
  const ptyHostKey = ptyHost === undefined ? undefined : hostKey(options, 'ptyHostKey');
  if (ptyHost !== undefined) {
    // `record` is the exception: the host writes the recordings, and a web server given the same folder serves them.
    const misplaced = SESSION_OPTIONS.find((name) => name !== 'record' && options[name] !== undefined);
    if (misplaced) {
      throw new TypeError(`The "${misplaced}" option belongs to the PTY host when "ptyHost" is set: give it to termplex-server ptyhost (or runPtyHost) instead`);
    }
  }

  const server = options.server;
  if (server !== undefined && !(server instanceof net.Server)) bad('server', 'an http.Server (or https.Server)', server);
  if (server !== undefined && (options.host !== undefined || options.port !== undefined)) {
    throw new TypeError('The "host" and "port" options cannot be combined with "server": the existing server decides where it listens');
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || (isIP(host) === 0 && hostname(host) === undefined)) bad('host', 'a hostname or IP address', host);
  const port = integer(options, 'port', 7681, 0, 65535);

  const path = options.path ?? '/termplex';
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~\/-]*$/.test(path) || path.length > 256) bad('path', 'a URL path starting with "/"', path);

  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > LIMITS.tokenLength || /\s/.test(token))) {
    throw new TypeError(`The "token" option must be a string of 1..${LIMITS.tokenLength} characters without whitespace; got ${typeof token === 'string' ? `${token.length} characters` : describe(token)}`);
  }
  if (server === undefined && token === undefined && !isLoopbackHost(host)) {
    throw new TypeError(`Refusing to listen on ${host} without a configured token: anyone who can reach it would get a shell. Set the "token" option (CLI: --token or TERMPLEX_TOKEN), or listen on 127.0.0.1`);
  }

  for (const name of ['bundlePath', 'publicDir'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) bad(name, 'a non-empty path string', value);
  }

  return {
    ...sessionOptions(options),
    ptyHost,
    ptyHostKey,
    host,
    port,
    server: server as http.Server | undefined,
    path,
    token: (token as string | undefined) ?? randomBytes(32).toString('base64url'),
    allowedOrigins: stringList(options, 'allowedOrigins', origin, 'an array of origins like "https://example.com"'),
    allowedHosts: stringList(options, 'allowedHosts', hostname, 'an array of hostnames like "termplex.example.com" (no port)'),
    maxAuthFailures: integer(options, 'maxAuthFailures', 10, 0, 100_000),
    helloTimeoutMs: integer(options, 'helloTimeoutMs', 10_000, 1, MAX_DELAY),
    pingIntervalMs: integer(options, 'pingIntervalMs', HEARTBEAT_INTERVAL, 100, MAX_DELAY),
    bundlePath: options.bundlePath as string | undefined,
    publicDir: options.publicDir as string | undefined,
    ...quotas(options.quotas),
  };
}
