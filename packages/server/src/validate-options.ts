/**
 * Checks every option before anything starts. A bad option is a TypeError
 * whose message names the option, the allowed values and what was given.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import net, { isIP } from 'node:net';
import { HEARTBEAT_INTERVAL, LIMITS, PROFILE_NAME_PATTERN } from '@termplex/protocol';
import { LOG_LEVELS, type ProfileConfig, type ResolvedOptions, type ResolvedProfile, type TerminalServerOptions } from './options.js';
import { isLoopbackHost } from './http/request-guard.js';

const KNOWN = [
  'host', 'port', 'server', 'path', 'token', 'allowedOrigins', 'allowedHosts', 'profiles', 'graceMs', 'idleTimeoutMs',
  'ringBytes', 'maxSessionsPerSocket', 'maxSessions', 'maxAuthFailures', 'helloTimeoutMs', 'pingIntervalMs', 'logLevel', 'backend',
  'clock', 'bundlePath', 'publicDir',
] as const;
/** milliseconds: 2^31-1, the longest delay a Node timer honours. */
const MAX_DELAY = 2_147_483_647;

/** How a value is shown in an error: strings quoted, objects by kind. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? value.slice(0, 64) + '...' : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

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

function profiles(value: unknown): Map<string, ResolvedProfile> {
  const expected = 'an object mapping names to {command, args?, env?, cwd?}';
  const given = value === undefined ? { default: defaultShellProfile() } : value;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) bad('profiles', expected, given);
  const out = new Map<string, ResolvedProfile>();
  for (const [name, raw] of Object.entries(given as Record<string, unknown>)) {
    const where = `profiles.${name}`;
    if (!PROFILE_NAME_PATTERN.test(name)) throw new TypeError(`The "profiles" option's names must match ${PROFILE_NAME_PATTERN.source}; got ${describe(name)}`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad(where, 'an object {command, args?, env?, cwd?}', raw);
    const p = raw as Record<string, unknown>;
    if (typeof p.command !== 'string' || p.command.length === 0) bad(`${where}.command`, 'a non-empty string', p.command);
    if (p.args !== undefined && (!Array.isArray(p.args) || !p.args.every((a) => typeof a === 'string'))) bad(`${where}.args`, 'an array of strings', p.args);
    if (p.env !== undefined && (typeof p.env !== 'object' || p.env === null || !Object.values(p.env).every((v) => typeof v === 'string'))) {
      bad(`${where}.env`, 'an object of strings', p.env);
    }
    if (p.cwd !== undefined && typeof p.cwd !== 'string') bad(`${where}.cwd`, 'a string', p.cwd);
    out.set(name, {
      name,
      command: p.command as string,
      args: [...((p.args as string[] | undefined) ?? [])],
      env: { ...((p.env as Record<string, string> | undefined) ?? {}) },
      cwd: p.cwd as string | undefined,
    });
  }
  if (out.size === 0) bad('profiles', `${expected}, with at least one profile`, given);
  return out;
}

export function validateOptions(input: TerminalServerOptions | undefined): ResolvedOptions {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new TypeError(`The options must be an object; got ${describe(input)}`);
  }
  const options = (input ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(KNOWN as readonly string[]).includes(key)) throw new TypeError(`Unknown option "${key}"; the options are ${KNOWN.join(', ')}`);
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
  for (const name of ['bundlePath', 'publicDir'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) bad(name, 'a non-empty path string', value);
  }

  const resolvedProfiles = profiles(options.profiles);
  return {
    host,
    port,
    server: server as http.Server | undefined,
    path,
    token: (token as string | undefined) ?? randomBytes(32).toString('base64url'),
    allowedOrigins: stringList(options, 'allowedOrigins', origin, 'an array of origins like "https://example.com"'),
    allowedHosts: stringList(options, 'allowedHosts', hostname, 'an array of hostnames like "termplex.example.com" (no port)'),
    profiles: resolvedProfiles,
    defaultProfile: resolvedProfiles.has('default') ? 'default' : [...resolvedProfiles.keys()][0],
    graceMs: integer(options, 'graceMs', 300_000, 0, MAX_DELAY),
    idleTimeoutMs: integer(options, 'idleTimeoutMs', 0, 0, MAX_DELAY),
    ringBytes: integer(options, 'ringBytes', 2 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxSessionsPerSocket: integer(options, 'maxSessionsPerSocket', 32, 1, 10_000),
    maxSessions: integer(options, 'maxSessions', 256, 1, 100_000),
    maxAuthFailures: integer(options, 'maxAuthFailures', 10, 0, 100_000),
    helloTimeoutMs: integer(options, 'helloTimeoutMs', 10_000, 1, MAX_DELAY),
    pingIntervalMs: integer(options, 'pingIntervalMs', HEARTBEAT_INTERVAL, 100, MAX_DELAY),
    logLevel: logLevel as ResolvedOptions['logLevel'],
    backend: backend as ResolvedOptions['backend'],
    clock: clock as ResolvedOptions['clock'],
    bundlePath: options.bundlePath as string | undefined,
    publicDir: options.publicDir as string | undefined,
  };
}
