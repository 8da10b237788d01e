/**
 * termplex-server: the only place that reads process.argv and the
 * environment, prints to stdout, installs signal handlers or exits.
 */
import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { serverVersion } from '../http/package-files.js';
import { killSessionNow } from '../host/process-tree.js';
import { scrubFromProcessMemory } from './scrub-secret.js';
import { createTerminalServer } from '../terminal-server.js';

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
  // Before any shell exists: shells run as this user and could read the
  // token in /proc/$PPID/environ or /proc/$PPID/cmdline otherwise.
  delete process.env.TERMPLEX_TOKEN;
  if (command.options.token !== undefined && !scrubFromProcessMemory(command.options.token)) {
    process.stderr.write('termplex-server: warning: could not erase the token from /proc/self/environ and /proc/self/cmdline; processes of this user can read it there\n');
  }
  let server;
  try {
    server = await createTerminalServer(command.options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`termplex-server: ${message}\n`);
    return error instanceof TypeError ? 2 : 1;
  }
  // The one stdout line. A generated token rides in the fragment, which never
  // reaches a server or its logs; the page reads it and clears it.
  const tokenGenerated = command.options.token === undefined;
  process.stdout.write(`${server.url}/${tokenGenerated ? `#token=${server.token}` : ''}\n`);

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      // Forced, but still no orphans: SIGKILL every session's processes first.
      for (const session of server.listSessions()) killSessionNow(session.pid);
      process.stderr.write(`termplex-server: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    server.close().then(
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
