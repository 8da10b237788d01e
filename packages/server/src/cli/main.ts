/**
 * termplex-server: the only place that reads process.argv and the
 * environment, prints to stdout, installs signal handlers or exits.
 */
import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { scrubFromProcessMemory } from './scrub-secret.js';
import { killSessionNow } from '../host/process-tree.js';
import { serverVersion } from '../http/package-files.js';
import type { ShutdownReport } from '../options.js';
import { runPtyHost } from '../pty-host.js';
import { createTerminalServer } from '../terminal-server.js';

/**
 * SIGTERM and SIGINT close the service and exit (1 if processes survived);
 * a second signal exits at once, after `forced` (SIGKILL for what is left).
 */
function exitOnSignals(close: () => Promise<ShutdownReport>, forced: () => Promise<void>): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      process.stderr.write(`termplex-server: ${signal} again, exiting now\n`);
      void forced().finally(() => process.exit(1));
      return;
    }
    close().then(
      ({ survivors }) => {
        if (survivors.length > 0) process.stderr.write(`termplex-server: ${survivors.length} session processes could not be ended: ${survivors.join(' ')}\n`);
        process.exit(survivors.length > 0 ? 1 : 0);
      },
      (error: unknown) => {
        process.stderr.write(`termplex-server: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Forced, but still no orphans: SIGKILL every session's processes. */
function killAll(sessions: Array<{ pid: number }>): void {
  for (const session of sessions) killSessionNow(session.pid);
}

/** The error a start-up failure is reported with: 2 for bad options, 1 for anything else. */
function startFailed(prefix: string, error: unknown): number {
  process.stderr.write(`${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
  return error instanceof TypeError ? 2 : 1;
}

async function main(): Promise<number | undefined> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`termplex-server: ${error.message}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`termplex-server ${serverVersion}\n`);
    return 0;
  }
  // Before any shell exists: shells run as this user and could read a secret
  // in /proc/$PPID/environ or /proc/$PPID/cmdline otherwise.
  delete process.env.TERMPLEX_TOKEN;
  delete process.env.TERMPLEX_HOST_KEY;
  const key = command.kind === 'ptyhost' ? command.options.key : command.options.ptyHostKey;
  if (key !== undefined && !scrubFromProcessMemory(key)) {
    process.stderr.write('termplex-server: warning: could not erase TERMPLEX_HOST_KEY from /proc/self/environ; processes of this user can read it there\n');
  }

  if (command.kind === 'ptyhost') {
    let host;
    try {
      host = await runPtyHost(command.options);
    } catch (error) {
      return startFailed('termplex-server ptyhost', error);
    }
    // The one stdout line: where web servers reach it (also the sign that it is ready).
    process.stdout.write(`${host.socketPath}\n`);
    exitOnSignals(() => host.close(), async () => killAll(host.listSessions()));
    return undefined;
  }

  if (command.options.token !== undefined && !scrubFromProcessMemory(command.options.token)) {
    process.stderr.write('termplex-server: warning: could not erase the token from /proc/self/environ and /proc/self/cmdline; processes of this user can read it there\n');
  }
  let server;
  try {
    server = await createTerminalServer(command.options);
  } catch (error) {
    return startFailed('termplex-server', error);
  }
  // The one stdout line. A generated token rides in the fragment, which never
  // reaches a server or its logs; the page reads it and clears it.
  const tokenGenerated = command.options.token === undefined;
  process.stdout.write(`${server.url}/${tokenGenerated ? `#token=${server.token}` : ''}\n`);
  // A PTY host's sessions are not this server's to end.
  const ownsSessions = command.options.ptyHost === undefined;
  exitOnSignals(() => server.close(), async () => {
    if (ownsSessions) killAll(await server.listSessions());
  });
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`termplex-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
