/**
 * The CLI's flags, parsed into TerminalServerOptions (the web server) or,
 * after the `ptyhost` command word, PtyHostOptions. Usage errors are
 * UsageError (exit 2) with a message naming the flag.
 */
import {
  LOG_LEVELS, type LogLevel, type ProfileConfig, type PtyHostOptions, type QuotaOptions, type RecordOptions, type TerminalServerOptions,
} from '../options.js';
import { parseSandboxSpec } from '../sandbox/sandbox-config.js';
import { splitShellWords } from './shell-words.js';

export class UsageError extends Error {}

export const USAGE = `Usage: termplex-server [options]
       termplex-server ptyhost --socket PATH [session options]

Serves real terminals to web pages over one WebSocket per page. Alone, it runs
the shells itself and they end with it. With --pty-host it serves the shells of
a PTY host instead, and they outlive it (restarts, upgrades, crashes).

Options:
  --host HOST            interface to listen on (default 127.0.0.1; another needs --token)
  --port PORT            TCP port, 0 for any free one (default 7681)
  --token TOKEN          shared secret (default: env TERMPLEX_TOKEN, else a random one printed in the URL)
  --allow-origin ORIGIN  also accept WebSockets from this page origin, e.g. https://docs.example.com (repeatable)
  --allow-host NAME      also accept this Host name, e.g. behind a reverse proxy (repeatable)
  --profile NAME=COMMAND a program clients may start by name; COMMAND is split like a shell would
                         (repeatable; the first is the default unless one is named "default")
  --sandbox NAME[=LIMITS]
                         run profile NAME (given with --profile) in a sandbox: the system read-only,
                         a private /tmp and HOME, no network. LIMITS, comma-separated (defaults):
                         memory=SIZE per process (1G), processes=N (256), scratch=SIZE of /tmp and
                         HOME (64M), network=on|off (off), cpu=PERCENT of one core (needs cgroup v2),
                         user=UID[:GID] to run as when root (65534). Needs bubblewrap; the server
                         refuses to start when a limit cannot be enforced here
  --grace SECONDS        keep a session this long after its last client left (default 300)
  --idle-timeout SECONDS end a session after this long without input or output (default 0: never)
  --max-sessions N       sessions on the whole server (default 256)
  --max-sessions-per-socket N
                         channels per socket, and running sessions one socket may have created,
                         detached ones included (default 32)
  --max-auth-failures N  failed authentications per client address per minute before it is
                         refused for the rest of the minute (default 10; 0: no limit)
  --no-snapshots         do not keep a model of each screen (a client back after the output history
                         moved on then sees "bytes were lost" instead of the screen)
  --pty-host PATH        serve the sessions of the PTY host on this Unix socket; the session
                         options above then belong to the host

Recording (asciicast v2, one DIR/<session-id>.cast per session; output may hold secrets):
  --record DIR                 record every session into DIR (created, mode 0700); listed and
                               downloaded at GET /api/recordings[/ID]. With --pty-host: the host
                               records, and the web server given the same DIR serves the files
  --record-max-size BYTES      a recording stops (with a marker) at this size (default 67108864)
  --record-retention DAYS      delete recordings older than this, checked hourly (default 30; 0: keep)
  --record-input               record input too ("i" events; off by default: input holds passwords)

Public pages (tickets from POST /api/tickets; the token has no quotas; 0 turns one off):
  --quota-sessions-per-ticket N   sessions one ticket may run at once (default 2)
  --quota-sessions-per-address N  ticket sessions at once from one client address (default 8)
  --quota-lifetime SECONDS        a ticket session ends after this long (default 1800)
  --quota-idle SECONDS            ... or after this long without input or output (default 600)
  --quota-output-rate BYTES       output bytes per second per ticket session; faster programs
                                  are slowed, not ended (default 1048576)

  --log-level LEVEL      fatal, error, warn, info, debug, trace or silent (default info)
  --help                 show this help
  --version              show the version

Prints one line, the URL to open; logs go to stderr.

termplex-server ptyhost runs a PTY host in the foreground: the sessions, their
programs and output history, served to web servers on a Unix socket (mode 0600;
its directory must be private, mode 0700, and is created if missing). It takes
the session options (--profile, --sandbox, --grace, --idle-timeout, --max-sessions,
--max-sessions-per-socket, --no-snapshots, --record...) and --log-level. SIGTERM or SIGINT
ends every session's processes.

Environment: TERMPLEX_TOKEN (the token, instead of --token); TERMPLEX_HOST_KEY
(required for ptyhost and --pty-host: the secret every link between a web
server and its PTY host carries; the same value for both).`;

/** Flags of whatever owns the sessions: the server alone, or a PTY host. */
const RECORD_FLAGS = ['--record', '--record-max-size', '--record-retention', '--record-input'];
const SESSION_FLAGS = ['--profile', '--sandbox', '--grace', '--idle-timeout', '--max-sessions', '--max-sessions-per-socket', '--no-snapshots', ...RECORD_FLAGS];
/** Quota flags: the QuotaOptions field each sets, and its bounds. */
const QUOTA_FLAGS: Record<string, [keyof QuotaOptions, number, number]> = {
  '--quota-sessions-per-ticket': ['sessionsPerTicket', 1, 10_000],
  '--quota-sessions-per-address': ['sessionsPerAddress', 0, 100_000],
  '--quota-lifetime': ['sessionLifetime', 0, 30 * 86_400],
  '--quota-idle': ['idleTimeout', 0, 30 * 86_400],
  '--quota-output-rate': ['outputRate', 0, 1024 ** 3],
};
const WEB_FLAGS = ['--host', '--port', '--token', '--allow-origin', '--allow-host', '--max-auth-failures', '--pty-host', ...Object.keys(QUOTA_FLAGS)];
const BOOLEAN_FLAGS = ['--no-snapshots', '--record-input'];

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; options: TerminalServerOptions }
  | { kind: 'ptyhost'; options: PtyHostOptions };

function count(flag: string, value: string, min: number, max: number): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} must be an integer ${min}..${max}; got ${JSON.stringify(value)}`);
  return Number(value);
}

function seconds(flag: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 2_147_483) throw new UsageError(`${flag} must be a number of seconds 0..2147483; got ${JSON.stringify(value)}`);
  return Math.round(Number(value) * 1000);
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  const host = argv[0] === 'ptyhost';
  const args = host ? argv.slice(1) : argv;
  const allowed = host ? [...SESSION_FLAGS, '--socket', '--log-level'] : [...SESSION_FLAGS, ...WEB_FLAGS, '--log-level'];
  const options: TerminalServerOptions & { socket?: string } = {};
  const origins: string[] = [];
  const hosts: string[] = [];
  const profiles: Array<[string, ProfileConfig]> = [];
  const sandboxes: Array<ReturnType<typeof parseSandboxSpec>> = [];
  const record: Partial<RecordOptions> = {};
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    if (!allowed.includes(flag)) {
      const where = host ? 'termplex-server ptyhost' : 'termplex-server';
      if (host && WEB_FLAGS.includes(flag)) throw new UsageError(`${flag} is a web server option; ${where} takes the session options only (see --help)`);
      if (arg === 'ptyhost') throw new UsageError('ptyhost must come first: termplex-server ptyhost --socket PATH [session options]');
      throw new UsageError(`unknown option ${JSON.stringify(arg)}; see --help`);
    }
    given.add(flag);
    let value = '';
    if (BOOLEAN_FLAGS.includes(flag)) {
      if (flag !== arg) throw new UsageError(`${flag} takes no value`);
    } else if (flag !== arg) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= args.length) throw new UsageError(`${flag} needs a value`);
      value = args[++i];
    }
    switch (flag) {
      case '--socket':
        options.socket = value;
        break;
      case '--pty-host':
        options.ptyHost = value;
        break;
      case '--no-snapshots':
        options.snapshots = false;
        break;
      case '--host':
        options.host = value;
        break;
      case '--port':
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be an integer 0..65535; got ${JSON.stringify(value)}`);
        options.port = Number(value);
        break;
      case '--token':
        options.token = value;
        break;
      case '--allow-origin':
        origins.push(value);
        break;
      case '--allow-host':
        hosts.push(value);
        break;
      case '--profile': {
        const sep = value.indexOf('=');
        if (sep <= 0) throw new UsageError(`--profile must be NAME=COMMAND; got ${JSON.stringify(value)}`);
        const name = value.slice(0, sep);
        let words: string[];
        try {
          words = splitShellWords(value.slice(sep + 1));
        } catch (error) {
          throw new UsageError(`--profile ${name}: ${(error as Error).message}`);
        }
        if (words.length === 0) throw new UsageError(`--profile ${name}: the command is empty`);
        if (profiles.some(([n]) => n === name)) throw new UsageError(`--profile ${name} is given twice`);
        profiles.push([name, { command: words[0], args: words.slice(1) }]);
        break;
      }
      case '--sandbox': {
        let spec;
        try {
          spec = parseSandboxSpec(value);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        if (sandboxes.some((s) => s.name === spec.name)) throw new UsageError(`--sandbox ${spec.name} is given twice`);
        sandboxes.push(spec);
        break;
      }
      case '--grace':
        options.graceMs = seconds(flag, value);
        break;
      case '--idle-timeout':
        options.idleTimeoutMs = seconds(flag, value);
        break;
      case '--max-sessions':
        options.maxSessions = count(flag, value, 1, 100_000);
        break;
      case '--max-sessions-per-socket':
        options.maxSessionsPerSocket = count(flag, value, 1, 10_000);
        break;
      case '--max-auth-failures':
        options.maxAuthFailures = count(flag, value, 0, 100_000);
        break;
      case '--quota-sessions-per-ticket':
      case '--quota-sessions-per-address':
      case '--quota-lifetime':
      case '--quota-idle':
      case '--quota-output-rate': {
        const [field, min, max] = QUOTA_FLAGS[flag];
        options.quotas = { ...options.quotas, [field]: count(flag, value, min, max) };
        break;
      }
      case '--record':
        record.dir = value;
        break;
      case '--record-max-size':
        record.maxFileBytes = count(flag, value, 4096, 2 ** 40);
        break;
      case '--record-retention':
        record.retentionDays = count(flag, value, 0, 36_500);
        break;
      case '--record-input':
        record.input = true;
        break;
      case '--log-level':
        if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(value)}`);
        options.logLevel = value as LogLevel;
        break;
    }
  }
  // After the loop: --sandbox may come before the --profile it applies to.
  for (const { name, sandbox } of sandboxes) {
    const profile = profiles.find(([n]) => n === name);
    if (!profile) {
      const known = profiles.length ? `; the profiles given are ${profiles.map(([n]) => n).join(', ')}` : '';
      throw new UsageError(`--sandbox ${name}: no profile ${name} is given (--profile ${name}=COMMAND)${known}`);
    }
    profile[1].sandbox = sandbox;
  }
  if (Object.keys(record).length > 0) {
    if (record.dir === undefined) throw new UsageError(`${RECORD_FLAGS.find((f) => given.has(f))} goes with --record DIR`);
    options.record = record as RecordOptions;
  }
  // Order is kept: the first profile given is the default unless one is named "default".
  if (profiles.length) options.profiles = Object.fromEntries(profiles);
  const key = env.TERMPLEX_HOST_KEY;
  const noKey = 'set TERMPLEX_HOST_KEY in the environment: a secret (16+ characters, e.g. `openssl rand -hex 32`) given to the PTY host and its web servers alike';
  if (host) {
    const { socket, ...session } = options;
    if (socket === undefined) throw new UsageError('termplex-server ptyhost needs --socket PATH (where web servers reach it)');
    if (!key) throw new UsageError(`termplex-server ptyhost: ${noKey}`);
    return { kind: 'ptyhost', options: { socket, key, ...session } };
  }
  if (options.ptyHost !== undefined) {
    // --record alone is the web server's too: it serves the files the host writes there.
    const misplaced = SESSION_FLAGS.find((f) => f !== '--record' && given.has(f));
    if (misplaced) throw new UsageError(`${misplaced} belongs to the PTY host when --pty-host is given: pass it to termplex-server ptyhost`);
    if (!key) throw new UsageError(`--pty-host: ${noKey}`);
    options.ptyHostKey = key;
  }
  if (options.token === undefined && env.TERMPLEX_TOKEN) options.token = env.TERMPLEX_TOKEN;
  if (origins.length) options.allowedOrigins = origins;
  if (hosts.length) options.allowedHosts = hosts;
  return { kind: 'serve', options };
}
